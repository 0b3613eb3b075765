// A matrix as NumPy's .npy format, version 1.0, as `np.save` writes a float64 C-order array:
// the magic `\x93NUMPY`, version bytes 1 0, the header length (2 bytes, little-endian), the
// header `{'descr': '<f8', 'fortran_order': False, 'shape': (m, n), }` padded with spaces and a
// newline to a multiple of 64 bytes, then the entries row by row as little-endian doubles.
// `NPYMatrixReader` reads it back bit for bit; `np.load` reads it as the same array.

import DenseMatrix

/// Encodes a matrix as a .npy file.
enum NPYMatrixWriter {
  /// The bytes of the .npy file holding `matrix` (shape (m, n), float64). O(mn).
  static func encode(_ matrix: Matrix) -> [UInt8] {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(matrix.rows), \(matrix.columns)), }"
    let preamble = NPYMatrixReader.magic.count + 4
    while (preamble + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let length = header.utf8.count
    var bytes = NPYMatrixReader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
    bytes.reserveCapacity(bytes.count + length + 8 * matrix.elements.count)
    bytes += Array(header.utf8)
    for x in matrix.elements {
      withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
    }
    return bytes
  }
}
