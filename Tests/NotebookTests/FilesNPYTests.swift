// NumPy .npy reading: headers built by hand byte by byte, files written by NumPy itself, and
// every malformed case with its exact message.

import DenseMatrix
import Testing

@testable import Notebook

/// The bytes of a .npy file with the given header fields and raw data, laid out as NumPy does
/// (header padded with spaces and a newline to a multiple of 64 bytes).
func npyFile(
  version: UInt8 = 1, descr: String = "<f8", fortran: Bool = false, shape: String,
  data: [UInt8], header explicitHeader: String? = nil
) -> [UInt8] {
  var header =
    explicitHeader
    ?? "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
  let prelude = version == 1 ? 10 : 12
  while (prelude + header.utf8.count + 1) % 64 != 0 { header += " " }
  header += "\n"
  var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
  let length = header.utf8.count
  bytes += version == 1
    ? [UInt8(length & 0xFF), UInt8(length >> 8)]
    : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
  return bytes + Array(header.utf8) + data
}

func float64Bytes(_ values: [Double], bigEndian: Bool = false) -> [UInt8] {
  values.flatMap { value in
    let bits = bigEndian ? value.bitPattern.bigEndian : value.bitPattern.littleEndian
    return withUnsafeBytes(of: bits, Array.init)
  }
}

func float32Bytes(_ values: [Float], bigEndian: Bool = false) -> [UInt8] {
  values.flatMap { value in
    let bits = bigEndian ? value.bitPattern.bigEndian : value.bitPattern.littleEndian
    return withUnsafeBytes(of: bits, Array.init)
  }
}

@Suite struct FilesNPYTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }
  let expected = try! Matrix([[1.0, -2.5, 0.1], [3e-4, 5.0, -6.25]])

  func load(_ bytes: [UInt8], name: String = "w.npy") throws(Diagnostic) -> Matrix {
    let path = directory + "/" + name
    writeFixture(bytes, to: path)
    return try MatrixFile.read(path: path)
  }

  func message(_ bytes: [UInt8], name: String = "w.npy") -> String? {
    diagnostic { () throws(Diagnostic) in _ = try load(bytes, name: name) }?.message
      .replacing(directory + "/", with: "")
  }

  @Test(arguments: [UInt8(1), 2, 3])
  func cOrderFloat64InEveryVersion(version: UInt8) throws {
    let bytes = npyFile(version: version, shape: "(2, 3)", data: float64Bytes(expected.elements))
    #expect(try load(bytes) == expected)
  }

  @Test func fortranOrderIsTransposedBack() throws {
    let columnMajor = [1.0, 3e-4, -2.5, 5.0, 0.1, -6.25]
    let bytes = npyFile(fortran: true, shape: "(2, 3)", data: float64Bytes(columnMajor))
    #expect(try load(bytes) == expected)
  }

  @Test func bigEndianFloat64AndFloat32() throws {
    #expect(
      try load(npyFile(descr: ">f8", shape: "(2, 3)", data: float64Bytes(expected.elements, bigEndian: true)))
        == expected)
    let singles: [Float] = [0.5, -1.25, 3, 0.1]
    let matrix = try load(npyFile(descr: ">f4", shape: "(2, 2)", data: float32Bytes(singles, bigEndian: true)))
    #expect(matrix.elements == singles.map(Double.init))
  }

  @Test func oneDimensionalFloat32IsAColumn() throws {
    let singles: [Float] = [0.5, -1.25, 3, 0.1]
    let matrix = try load(npyFile(descr: "<f4", shape: "(4,)", data: float32Bytes(singles)))
    #expect(matrix.shape == Shape(4, 1))
    #expect(matrix.elements == singles.map(Double.init))
  }

  @Test(arguments: [
    "c-order-f8.npy", "fortran-order-f8.npy", "big-endian-f8.npy", "version2-f8.npy",
    "version3-f8.npy",
  ])
  func filesWrittenByNumPy(name: String) throws {
    #expect(try MatrixFile.read(path: fixturesDirectory + "/" + name) == expected)
  }

  @Test func vectorWrittenByNumPy() throws {
    let matrix = try MatrixFile.read(path: fixturesDirectory + "/vector-f4.npy")
    #expect(matrix.shape == Shape(4, 1))
    #expect(matrix.elements == ([0.5, -1.25, 3, 0.1] as [Float]).map(Double.init))
  }

  @Test(arguments: [
    ("int64.npy", [[1, 2], [3, 4]]),
    ("int8.npy", [[1, -2, 3], [-4, 5, -128]]),
    ("int16-big-endian.npy", [[1, -2, 3], [-4, 5, -128]]),
    ("int32.npy", [[1, -2, 3], [-4, 5, -128]]),
    ("uint8.npy", [[0, 255], [7, 128]]),
    ("uint64.npy", [[0], [9_007_199_254_740_992], [9_223_372_036_854_777_856]]),
    ("bool.npy", [[1, 0], [0, 1]]),
  ] as [(String, [[Double]])])
  func integerAndBooleanFilesWrittenByNumPy(name: String, expected: [[Double]]) throws {
    #expect(try MatrixFile.read(path: fixturesDirectory + "/" + name) == Matrix(expected))
  }

  @Test func unsupportedFilesWrittenByNumPy() {
    let inexact = fixturesDirectory + "/int64-inexact.npy"
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: inexact) }?.message
        == "'\(inexact)' entry 2 is 9007199254740993, which a double cannot hold exactly")
    let threeD = fixturesDirectory + "/three-d.npy"
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: threeD) }?.message
        == "'\(threeD)' holds a 3-D array of shape 2×3×4; a matrix needs a 1-D or 2-D array")
  }

  @Test func tensorsWrittenByNumPyInCAndFortranOrder() throws {
    let c = try MatrixFile.readTensor(path: fixturesDirectory + "/tensor-c-f8.npy")
    #expect(c == (try Tensor(shape: [2, 3, 4], elements: (0 ..< 24).map { Double($0) * 0.5 - 3 })))
    #expect(c.precision == .double)
    #expect(c[[1, 2, 3]] == 0.5 * 23 - 3)
    let fortran = try MatrixFile.readTensor(path: fixturesDirectory + "/tensor-fortran-f4.npy")
    #expect(fortran == (try Tensor(shape: [2, 3, 4, 5], elements: (0 ..< 120).map { Double($0) / 8 })))
    #expect(fortran.precision == .single)
    // A rank-1 array is a rank-1 tensor, and a matrix (a column) where a matrix is asked for.
    let vector = try MatrixFile.readTensor(path: fixturesDirectory + "/vector-f4.npy")
    #expect(vector.shape == [4])
    #expect(vector.matrix?.shape == Shape(4, 1))
  }

  @Test func tensorFortranOrderAgainstTheIndexFormula() throws {
    // Entry (i, j, k) of a Fortran-order 2×3×4 array sits at i + 2j + 6k.
    let values = (0 ..< 24).map { Double($0 * $0) }
    let bytes = npyFile(fortran: true, shape: "(2, 3, 4)", data: float64Bytes(values))
    let tensor = try NPYMatrixReader.parse(bytes, name: "t.npy", limit: 1000)
    for i in 0 ..< 2 {
      for j in 0 ..< 3 {
        for k in 0 ..< 4 { #expect(tensor[[i, j, k]] == values[i + 2 * j + 6 * k]) }
      }
    }
  }

  @Test(arguments: [
    (Array("1,2\n3,4\n".utf8), "'w.npy' is not a NumPy .npy file (it does not start with \\x93NUMPY)"),
    ([0x93] + Array("NUMPY".utf8) + [1], "'w.npy' is truncated inside its .npy preamble"),
    (
      npyFile(shape: "(2, 3)", data: float64Bytes([1, 2, 3, 4, 5])),
      "'w.npy' is truncated: shape (2, 3) of '<f8' needs 48 bytes of data, the file has 40"
    ),
    (
      Array(npyFile(shape: "(2, 3)", data: []).prefix(40)),
      "'w.npy' is truncated: its header needs 118 bytes, the file has 30"
    ),
    (
      npyFile(shape: "(1, 1)", data: float64Bytes([1, 2])),
      "'w.npy' has 8 unexpected bytes after its data"
    ),
    (
      npyFile(descr: "<c16", shape: "(1,)", data: []),
      "'w.npy' has dtype '<c16'; liplab reads float64, float32, int8 to int64, uint8 to uint64 and bool ('<f8', '<f4', '<i4', '|u1', '|b1', …, either byte order)"
    ),
    (
      npyFile(shape: "(1,)", data: [], header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"),
      "'w.npy' has a malformed .npy header: {'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (…"
    ),
    (
      npyFile(shape: "()", data: float64Bytes([1])),
      "'w.npy' holds a 0-D array of shape (); liplab reads arrays of 1 to 4 dimensions"
    ),
    (npyFile(shape: "(0, 3)", data: []), "'w.npy' holds an empty array of shape (0, 3)"),
    (
      npyFile(shape: "(2, 3, 1)", data: float64Bytes([1, 2, 3, 4, 5, 6])),
      "'w.npy' holds a 3-D array of shape 2×3×1; a matrix needs a 1-D or 2-D array"
    ),
    (
      npyFile(shape: "(1, 1, 1, 1, 2)", data: float64Bytes([1, 2])),
      "'w.npy' holds a 5-D array of shape (1, 1, 1, 1, 2); liplab reads arrays of 1 to 4 dimensions"
    ),
    (
      npyFile(shape: "(65536, 65536, 65536, 65536)", data: []),
      "'w.npy' holds a 65536×65536×65536×65536 array, more than the limit of 268435456 elements"
    ),
    (
      npyFile(version: 4, shape: "(1,)", data: float64Bytes([1])),
      "'w.npy' uses .npy format version 4.0; liplab reads 1.0, 2.0 and 3.0"
    ),
    (
      npyFile(shape: "(1,)", data: [], header: "{'descr': '<f8', 'shape': (1,), }"),
      "'w.npy' has a malformed .npy header (no 'fortran_order')"
    ),
  ])
  func malformed(bytes: [UInt8], expected: String) {
    #expect(message(bytes) == expected)
  }

  @Test func magicWinsOverTheName() throws {
    let bytes = npyFile(shape: "(2, 3)", data: float64Bytes(expected.elements))
    #expect(try load(bytes, name: "weights.bin") == expected)
  }
}
