// A .npy file is judged by its first bytes and its size before its data is read: crafted
// headers (no magic, a byte-order mark, a huge shape, a wrong dtype, truncation, a NUL, an
// oversized header) on sparse files of 2 GiB are refused at once, without reading them.

import DenseMatrix
import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct FilesNPYHeaderCheckTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  /// Two gibibytes: under the .npy size cap of the default limit (8 bytes × 2²⁸ + 64 KiB), so
  /// only the header check can refuse the file before it is read.
  static let sparseSize = 1 << 31

  /// The message of loading `prefix` followed by zeros up to `size` bytes (a sparse file: no
  /// disk is used), and how long the load took.
  func load(_ prefix: [UInt8], size: Int = sparseSize, name: String = "w.npy") -> (String?, Duration) {
    let path = directory + "/" + name
    writeFixture(prefix, to: path)
    if size > prefix.count { precondition(truncate(path, off_t(size)) == 0, "truncate failed") }
    let clock = ContinuousClock()
    let start = clock.now
    let message = diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path) }?.message
    let elapsed = clock.now - start
    unlink(path)
    return (message?.replacing(directory + "/", with: ""), elapsed)
  }

  /// Crafted files by name: the first bytes, the name loaded, the message.
  static let crafted: [String: ([UInt8], String, String)] = [
    "no magic": (
      Array(npyFile(shape: "(4, 4)", data: []).dropFirst()), "w.npy",
      "'w.npy' is not a NumPy .npy file (it does not start with \\x93NUMPY)"
    ),
    "a byte-order mark": (
      [0xEF, 0xBB, 0xBF] + npyFile(shape: "(4, 4)", data: []), "w.npy",
      "'w.npy' is not a NumPy .npy file (it does not start with \\x93NUMPY)"
    ),
    "a small shape": (
      npyFile(shape: "(4, 4)", data: []), "w.npy", "'w.npy' has \(sparseSize - 128 - 128) unexpected bytes after its data"
    ),
    "a small shape, recognised by its magic": (
      npyFile(shape: "(4, 4)", data: []), "w.bin", "'w.bin' has \(sparseSize - 128 - 128) unexpected bytes after its data"
    ),
    "a huge shape": (
      npyFile(shape: "(100000, 100000)", data: []), "w.npy",
      "'w.npy' holds a 100000×100000 array, more than the limit of 268435456 elements"
    ),
    "a shape that overflows": (
      npyFile(shape: "(4294967296, 4294967296, 4294967296)", data: []), "w.npy",
      "'w.npy' holds a 4294967296×4294967296×4294967296 array, more than the limit of 268435456 elements"
    ),
    "a wrong dtype": (
      npyFile(descr: "<c16", shape: "(4, 4)", data: []), "w.npy",
      "'w.npy' has dtype '<c16'; liplab reads float64, float32, int8 to int64, uint8 to uint64 and bool ('<f8', '<f4', '<i4', '|u1', '|b1', …, either byte order)"
    ),
    "a NUL in the header": (
      npyFile(shape: "(4,\0 4)", data: []), "w.npy", "'w.npy' has a malformed .npy header (a NUL byte)"
    ),
    "a header over 64 KiB": (
      npyFile(
        version: 2, shape: "", data: [],
        header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 4), }" + String(repeating: " ", count: 70_000)),
      "w.npy", "'w.npy' has a .npy header of 70068 bytes; liplab reads headers of up to 65536 bytes"
    ),
  ]

  @Test(arguments: crafted.keys.sorted())
  func refusedFromTheHeaderAlone(_ file: String) {
    let (prefix, name, expected) = Self.crafted[file]!
    let (message, elapsed) = load(prefix, name: name)
    #expect(message == expected)
    #expect(elapsed < .seconds(1), "a refused file is not read: \(elapsed)")
  }

  @Test func truncatedHeadersAndData() {
    let file = npyFile(shape: "(1000, 1000)", data: float64Bytes([1, 2]))
    #expect(load(file, size: file.count).0 == "'w.npy' is truncated: shape (1000, 1000) of '<f8' needs 8000000 bytes of data, the file has 16")
    #expect(load(Array(file.prefix(40)), size: 40).0 == "'w.npy' is truncated: its header needs 118 bytes, the file has 30")
    #expect(load(Array(file.prefix(9)), size: 9).0 == "'w.npy' is truncated inside its .npy preamble")
  }
}
