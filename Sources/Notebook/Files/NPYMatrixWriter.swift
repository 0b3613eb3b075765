// A matrix or a tensor as NumPy's .npy format, version 1.0, as `np.save` writes a float64 C-order array:
// the magic `\x93NUMPY`, version bytes 1 0, the header length (2 bytes, little-endian), the
// header `{'descr': '<f8', 'fortran_order': False, 'shape': (m, n), }` (or the tensor's shape) padded with spaces and a
// newline to a multiple of 64 bytes, then the entries row by row as little-endian doubles.
// `NPYMatrixReader` reads it back bit for bit; `np.load` reads it as the same array.

import DenseMatrix

/// Encodes a matrix or a tensor as a .npy file.
enum NPYMatrixWriter {
  /// The bytes of the .npy file holding `matrix` (shape (m, n), float64). O(mn).
  static func encode(_ matrix: Matrix) -> [UInt8] {
    encode(shape: [matrix.rows, matrix.columns], elements: matrix.elements)
  }

  /// The bytes of the .npy file holding `tensor` (its shape, float64, C order). O(count).
  static func encode(_ tensor: Tensor) -> [UInt8] {
    encode(shape: tensor.shape, elements: tensor.elements)
  }

  /// The bytes of the .npy file of a float64 C-order array of `shape` (a 1-tuple as NumPy
  /// spells it, `(n,)`). O(count).
  private static func encode(shape: [Int], elements: [Double]) -> [UInt8] {
    let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(dims)), }"
    let preamble = NPYMatrixReader.magic.count + 4
    while (preamble + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let length = header.utf8.count
    var bytes = NPYMatrixReader.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
    bytes.reserveCapacity(bytes.count + length + 8 * elements.count)
    bytes += Array(header.utf8)
    for x in elements {
      withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
    }
    return bytes
  }
}
