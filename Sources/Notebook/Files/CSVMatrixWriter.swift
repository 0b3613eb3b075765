// A matrix as comma-separated text: one line per row, each entry in Swift's shortest form that
// reads back to the same double (`0.1`, `-2.5`, `1e-300`, `nan`, `inf`), no header. Both
// `CSVMatrixReader` and NumPy's `np.loadtxt(f, delimiter=',')` read it back bit for bit.

import DenseMatrix

/// Encodes a matrix as CSV text.
enum CSVMatrixWriter {
  /// The UTF-8 bytes of the CSV text of `matrix`. O(mn).
  static func encode(_ matrix: Matrix) -> [UInt8] {
    var text = ""
    for i in 0 ..< matrix.rows {
      text += matrix.row(i).map(\.description).joined(separator: ",")
      text += "\n"
    }
    return Array(text.utf8)
  }
}
