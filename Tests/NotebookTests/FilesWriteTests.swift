// Writing matrices: `save W "w.npy"` and `save W "w.csv"` round-trip bit for bit through `load`,
// the .npy bytes are exactly NumPy's layout, and NumPy itself reads both files back
// (Fixtures/check_written.py, run when python3 with NumPy is installed).

import DenseMatrix
import Foundation
import Testing

@testable import Notebook

/// The matrix the round trips and check_written.py use: awkward values of every kind.
private let awkward = try! Matrix([
  [1.0, -2.5, 0.1, 1.0 / 3.0],
  [3e-4, -0.0, 5e-324, 1.7976931348623157e308],
  [.nan, .infinity, -.infinity, -1e-300],
])

/// True when the two matrices have the same shape and the same bits in every entry (any NaN
/// matching any NaN).
private func identical(_ a: Matrix, _ b: Matrix) -> Bool {
  a.shape == b.shape
    && zip(a.elements, b.elements).allSatisfy { x, y in
      x.isNaN ? y.isNaN : x.bitPattern == y.bitPattern
    }
}

private let numpyAvailable: Bool = {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", "import numpy"]
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  guard (try? process.run()) != nil else { return false }
  process.waitUntilExit()
  return process.terminationStatus == 0
}()

@Suite struct FilesWriteTests {
  @Test(arguments: ["w.npy", "w.csv", "W.TXT"])
  func aSavedMatrixLoadsBackBitForBit(name: String) throws {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    let path = directory + "/" + name
    try MatrixFile.write(awkward, to: path)
    #expect(identical(try MatrixFile.read(path: path), awkward))
    // A row, a column and a 1×1 matrix keep their shapes.
    for m in [try Matrix([[1, 2, 3]]), Matrix(column: [4, 5]), Matrix(column: [6])] {
      try MatrixFile.write(m, to: path)
      #expect(try MatrixFile.read(path: path) == m)
    }
    #expect(directoryEntries(directory) == [name])
  }

  @Test func theNPYBytesAreNumPysLayout() throws {
    let m = try Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(NPYMatrixWriter.encode(m) == npyFile(shape: "(2, 3)", data: float64Bytes(m.elements)))
    #expect(NPYMatrixWriter.encode(m).count % 64 == 48)  // 64-byte header, then 6 doubles
    #expect(String(decoding: CSVMatrixWriter.encode(m), as: UTF8.self) == "1.0,2.0,3.0\n4.0,5.0,6.0\n")
  }

  @Test(.enabled(if: numpyAvailable)) func numpyReadsWhatLiplabWrites() throws {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    try MatrixFile.write(awkward, to: directory + "/w.npy")
    try MatrixFile.write(awkward, to: directory + "/w.csv")
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", fixturesDirectory + "/check_written.py", directory + "/w.npy", directory + "/w.csv",
    ]
    process.standardOutput = output
    process.standardError = output
    try process.run()
    process.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(text)")
    #expect(text == "ok\n")
  }

  @Test func theSaveCommandWritesAMatrixAndKeepsSavingSessions() throws {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    let nb = TestNotebook()
    nb.run("W = [1 2; 3 4]")
    #expect(nb.run("save W \"\(directory)/w.npy\"") == "saved W (2×2) to \(directory)/w.npy\n")
    #expect(nb.run("save (W * 2) \"\(directory)/w.csv\"") == "saved (W * 2) (2×2) to \(directory)/w.csv\n")
    #expect(try MatrixFile.read(path: directory + "/w.npy") == Matrix([[1, 2], [3, 4]]))
    #expect(try MatrixFile.read(path: directory + "/w.csv") == Matrix([[2, 4], [6, 8]]))
    #expect(nb.run("save 2.5 \"\(directory)/x.csv\"") == "saved 2.5 (1×1) to \(directory)/x.csv\n")
    #expect(try MatrixFile.read(path: directory + "/x.csv") == Matrix(column: [2.5]))
    // With one argument, save still writes the session's script.
    #expect(nb.run("save \"\(directory)/s.lip\"") == "saved 1 statement to \(directory)/s.lip\n")
    #expect(try MatrixFile.readText(path: directory + "/s.lip").hasSuffix("W = [1 2; 3 4]\n"))
    // Refusals change nothing on disk.
    #expect(nb.run("save W \"\(directory)/w.mat\"").hasPrefix("error: cannot tell the format of"))
    #expect(nb.run("save \"a\" \"\(directory)/a.csv\"").hasPrefix("error: cannot save a string as a matrix"))
    #expect(nb.run("save zeros(0, 2) \"\(directory)/e.npy\"").hasPrefix("error: cannot save an empty 0×2 matrix"))
    #expect(nb.run("save W \"\(directory)\"").hasPrefix("error: cannot tell the format"))
    #expect(directoryEntries(directory) == ["s.lip", "w.csv", "w.npy", "x.csv"])
  }
}
