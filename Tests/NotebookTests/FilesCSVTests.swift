// CSV reading: accepted layouts and every malformed case with its exact message.

import DenseMatrix
import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct FilesCSVTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  func load(_ text: String, name: String = "data.csv") throws(Diagnostic) -> Matrix {
    let path = directory + "/" + name
    writeFixture(text, to: path)
    return try MatrixFile.read(path: path)
  }

  func message(_ text: String, name: String = "data.csv") -> String? {
    diagnostic { () throws(Diagnostic) in _ = try load(text, name: name) }?.message
      .replacing(directory + "/", with: "")
  }

  @Test(arguments: [
    ("1,2,3\n4,5,6\n", "commas"),
    ("1 2 3\n4 5 6", "spaces, no final newline"),
    ("1\t2   3\n  4 5\t6\n", "tabs and runs of blanks"),
    (" 1 , 2 ,3\n4, 5 , 6\n", "blanks around cells"),
    ("x,y,z\n1,2,3\n4,5,6\n", "a header line"),
    ("x1 x2 x3\n1 2 3\n4 5 6\n", "a header whose names hold digits"),
    ("# a comment\n\n1,2,3\n   \n# another\n4,5,6\n\n", "comments and blank lines"),
    ("\u{FEFF}1,2,3\r\n4,5,6\r\n", "byte-order mark and CRLF"),
    ("1e0, 2.0, 3\n+4, 0.5e1, 600e-2\n", "exponents and signs"),
  ])
  func readsTheSameMatrix(text: String, layout: String) throws {
    let matrix = try load(text)
    #expect(matrix == (try Matrix([[1, 2, 3], [4, 5, 6]])), "\(layout)")
  }

  @Test func readsDecimalsExactlyAsSwiftParsesThem() throws {
    let matrix = try load("0.1 -2.5e-3\n1e300 7\n")
    #expect(matrix.shape == Shape(2, 2))
    #expect(matrix.elements == [Double("0.1")!, Double("-2.5e-3")!, Double("1e300")!, 7])
  }

  @Test func aSingleRowAndASingleColumn() throws {
    #expect(try load("1,2,3\n").shape == Shape(1, 3))
    #expect(try load("1\n2\n3\n").shape == Shape(3, 1))
  }

  @Test func readsNumPySavetxtOutput() throws {
    let matrix = try MatrixFile.read(path: fixturesDirectory + "/savetxt.csv")
    #expect(matrix == (try Matrix([[1.0, -2.5, 0.1], [3e-4, 5.0, -6.25]])))
  }

  @Test(arguments: [
    ("1,2,3\n4,5\n", "'data.csv' line 2, column 4: 2 numbers but line 1 has 3"),
    ("1,2\n3,4,5\n", "'data.csv' line 2, column 5: 3 numbers but line 1 has 2"),
    ("a b\n1 2\n3\n", "'data.csv' line 3, column 2: 1 number but line 2 has 2"),
    ("1 2\n3 x\n", "'data.csv' line 2, column 3: 'x' is not a number"),
    ("1,2\n3,,4\n", "'data.csv' line 2, column 3: empty cell"),
    ("1,2,\n", "'data.csv' line 1, column 5: empty cell"),
    ("a,1\n", "'data.csv' line 1, column 1: 'a' is not a number"),
    ("1,2\nx,y\n", "'data.csv' line 2, column 1: 'x' is not a number"),
    ("0x10 1\n", "'data.csv' line 1, column 1: '0x10' is not a number"),
    ("", "'data.csv' is empty"),
    ("\n\n  \n", "'data.csv' holds no numbers"),
    ("# only a comment\n", "'data.csv' holds no numbers"),
    ("a,b,c\n", "'data.csv' holds no numbers"),
    ("1;2\n3;4\n", "'data.csv' line 1, column 1: '1;2' is not a number"),
    ("x;y\n1;2\n", "'data.csv' line 2, column 1: '1;2' is not a number"),
    ("2a,3\n1,2\n", "'data.csv' line 1, column 1: '2a' is not a number"),
    ("-.5x 1\n", "'data.csv' line 1, column 1: '-.5x' is not a number"),
    ("1,1e400\n", "'data.csv' line 1, column 3: '1e400' is too large for a double"),
    ("1\n-2e309\n", "'data.csv' line 2, column 1: '-2e309' is too large for a double"),
    ("1e-400 2\n", "'data.csv' line 1, column 1: '1e-400' underflows to 0 in a double"),
    ("1,2\0abc,3\n", "'data.csv' line 1, column 4: a NUL byte"),
    ("1 2\n3 4\0\n", "'data.csv' line 2, column 4: a NUL byte"),
  ])
  func malformedText(text: String, expected: String) {
    #expect(message(text) == expected)
  }

  @Test func theNotesNameTheSeparatorAndTheRange() {
    let notes = { (text: String) in
      diagnostic { () throws(Diagnostic) in _ = try load(text) }?.notes ?? []
    }
    #expect(notes("1;2\n") == ["numbers are separated by commas or whitespace, not ';'"])
    #expect(notes("1|2\n") == ["numbers are separated by commas or whitespace, not '|'"])
    #expect(notes("1e400\n") == ["the largest finite double is about 1.8e308"])
    #expect(notes("1e-400\n") == ["the smallest positive double is about 4.9e-324"])
  }

  @Test func subnormalsZerosAndSpelledInfinitiesAreKept() throws {
    let m = try load("1e-310,0e-400,0.000,-inf\nnan,inf,Infinity,1e308\n")
    #expect(m.elements[0] == 1e-310 && m.elements[0] > 0)
    #expect(m.elements[1] == 0 && m.elements[2] == 0 && m.elements[3] == -.infinity)
    #expect(m.elements[4].isNaN && m.elements[5] == .infinity && m.elements[6] == .infinity)
    // A first line of spelt-out numbers is data, not a header.
    #expect(try load("nan,inf\n1,2\n").shape == Shape(2, 2))
  }

  @Test func notUTF8() {
    let path = directory + "/latin1.csv"
    writeFixture([0x31, 0x2C, 0xE9, 0x0A], to: path)
    let error = diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path) }
    #expect(error?.message == "'\(path)' line 1, column 3: not UTF-8 text")
    writeFixture(Array("1,2\n3,4\n5,".utf8) + [0xFF, 0x0A], to: path)
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path) }?.message
        == "'\(path)' line 3, column 3: not UTF-8 text")
  }

  /// The text fed to a reader `size` bytes at a time.
  func parsedInChunks(_ text: String, size: Int, limit: Int = 1000) throws(Diagnostic) -> Matrix {
    var reader = CSVMatrixReader(name: "data.csv", limit: limit)
    let bytes = Array(text.utf8)
    for start in stride(from: 0, to: bytes.count, by: size) {
      try Array(bytes[start ..< min(start + size, bytes.count)]).withBytes { (chunk) throws(Diagnostic) in
        try reader.consume(chunk)
      }
    }
    return try reader.matrix()
  }

  @Test(arguments: [1, 2, 3, 7, 64])
  func chunkBoundariesChangeNothing(size: Int) throws {
    let text = "\u{FEFF}# 日本 header\r\nx,y,z\r\n1e0, 2.0, 3\r\n\r\n+4, 0.5e1, 600e-2"
    #expect(try parsedInChunks(text, size: size) == (try Matrix([[1, 2, 3], [4, 5, 6]])))
    for (bad, expected) in [
      ("1 2\n3 日x\n", "'data.csv' line 2, column 3: '日x' is not a number"),
      ("1 2\n3 4\0\n", "'data.csv' line 2, column 4: a NUL byte"),
      ("1 2\n3 4\n5 6\n", "'data.csv' holds more than the limit of 5 elements: line 3 passes it"),
    ] {
      #expect(
        diagnostic { () throws(Diagnostic) in _ = try parsedInChunks(bad, size: size, limit: 5) }?.message
          == expected)
    }
  }

  @Test func aNULIsAnErrorEvenInAComment() {
    #expect(message("# a\0b\n1 2\n") == "'data.csv' line 1, column 4: a NUL byte")
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try load("1,2\0abc,3\n") }?.notes
        == ["a text matrix holds numbers, not binary data"])
  }

  @Test func binaryDataWithoutLineEndsIsRefusedAtItsFirstNUL() {
    // 2 GiB of zeros (a sparse file) after "1 2": refused in the first chunk, not read whole.
    let path = directory + "/zeros.csv"
    writeFixture("1 2", to: path)
    #expect(truncate(path, off_t(1) << 31) == 0)
    let clock = ContinuousClock()
    let start = clock.now
    let error = diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path) }
    #expect(error?.message == "'\(path)' line 1, column 4: a NUL byte")
    #expect(clock.now - start < .seconds(1))
    unlink(path)
  }

  @Test(.timeLimit(.minutes(1)))
  func aFileOverTheLimitIsRefusedAtTheLineThatPassesIt() throws {
    // 100 000 rows of two numbers (800 kB, under the size cap of 64 bytes an element plus
    // 1 MiB) under a limit of 1000: refused at line 501, after reading its first chunk.
    let path = directory + "/tall.csv"
    writeFixture(String(repeating: "1.5,2.5\n", count: 100_000), to: path)
    let clock = ContinuousClock()
    let start = clock.now
    let error = diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path, limit: 1000) }
    #expect(error?.message == "'\(path)' holds more than the limit of 1000 elements: line 501 passes it")
    #expect(clock.now - start < .seconds(2))
    // One row of 10 000 numbers under the same limit: refused without a cell for each.
    writeFixture(Array(repeating: "7", count: 10_000).joined(separator: " ") + "\n", to: path)
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path, limit: 1000) }?.message
        == "'\(path)' holds more than the limit of 1000 elements: line 1 passes it")
    // At exactly the limit it loads.
    writeFixture(String(repeating: "1.5,2.5\n", count: 500), to: path)
    let matrix = try MatrixFile.read(path: path, limit: 1000)
    #expect(matrix.shape == Shape(500, 2) && matrix.elements.allSatisfy { $0 == 1.5 || $0 == 2.5 })
  }

  @Test func missingFileAndDirectory() {
    let missing = directory + "/nope.csv"
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: missing) }?.message
        == "cannot read '\(missing)': no such file")
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: directory) }?.message
        == "cannot read '\(directory)': it is a directory")
  }

  @Test func elementLimit() {
    let path = directory + "/big.csv"
    writeFixture("1 2 3\n4 5 6\n", to: path)
    let error = diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path, limit: 5) }
    #expect(error?.message == "'\(path)' holds more than the limit of 5 elements: line 2 passes it")
    #expect(error?.notes == ["raise the limit with 'set limit=N'"])
  }
}
