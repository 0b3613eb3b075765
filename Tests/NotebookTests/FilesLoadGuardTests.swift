// `load` reads only regular files, and only as many bytes as a matrix within the element limit
// can take: a FIFO nobody writes to or a file far too large is refused before it is read.
// Special files are FIFOs made with mkfifo in the test's own temporary directory.

import DenseMatrix
import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct FilesLoadGuardTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  func message(_ path: String, limit: Int = Matrix.defaultElementLimit) -> String? {
    diagnostic { () throws(Diagnostic) in _ = try MatrixFile.read(path: path, limit: limit) }?.message
  }

  @Test(.timeLimit(.minutes(1)))
  func aFIFOIsRefusedWithoutWaitingForAWriter() {
    makeFIFO(directory + "/pipe.csv")
    makeLink(directory + "/link.npy", to: "pipe.csv")
    #expect(message(directory + "/pipe.csv") == "cannot read '\(directory)/pipe.csv': it is a FIFO, not a regular file")
    #expect(message(directory + "/link.npy") == "cannot read '\(directory)/link.npy': it is a FIFO, not a regular file")
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try MatrixFile.readText(path: directory + "/pipe.csv") }?.message
        == "cannot read '\(directory)/pipe.csv': it is a FIFO, not a regular file")
  }

  @Test func aLinkToARegularFileIsRead() throws {
    writeFixture("1 2\n3 4\n", to: directory + "/data.txt")
    makeLink(directory + "/link.csv", to: "data.txt")
    #expect(try MatrixFile.read(path: directory + "/link.csv") == (try Matrix([[1, 2], [3, 4]])))
  }

  @Test func theCapsFollowTheLimit() {
    #expect(MatrixFormat.text.byteCap(4) == 4 * 64 + (1 << 20))
    #expect(MatrixFormat.npy.byteCap(4) == 4 * 8 + (1 << 16))
    #expect(MatrixFormat.npy.byteCap(Matrix.defaultElementLimit) == 8 << 28 + (1 << 16))
    #expect(MatrixFormat.text.byteCap(.max) == .max)
    #expect(MatrixFormat.npy.byteCap(.max / 8) == .max)
  }

  @Test func textLargerThanTheCapIsRefusedByItsSize() throws {
    let cap = MatrixFormat.text.byteCap(4)
    let path = directory + "/big.csv"
    writeFixture([UInt8](repeating: UInt8(ascii: "1"), count: cap + 1), to: path)
    #expect(
      message(path, limit: 4)
        == "'\(path)' is too large: \(cap + 1) bytes, more than the \(cap) that a text matrix of at most 4 elements (the limit) can take")
    // A file of exactly the cap still loads: a long comment and four numbers.
    let numbers = "1 2\n3 4\n"
    writeFixture("#" + String(repeating: "-", count: cap - numbers.utf8.count - 2) + "\n" + numbers, to: path)
    #expect(try MatrixFile.read(path: path, limit: 4) == (try Matrix([[1, 2], [3, 4]])))
  }

  @Test func npyLargerThanTheCapIsRefusedByItsSizeWhateverItsName() throws {
    let cap = MatrixFormat.npy.byteCap(4)
    let header = npyFile(shape: "(2, 2)", data: [])
    let oversized = header + [UInt8](repeating: 0, count: cap + 1 - header.count)
    for name in ["w.npy", "w.bin"] {
      let path = directory + "/" + name
      writeFixture(oversized, to: path)
      #expect(
        message(path, limit: 4)
          == "'\(path)' is too large: \(cap + 1) bytes, more than the \(cap) that a .npy matrix of at most 4 elements (the limit) can take")
    }
    let path = directory + "/ok.npy"
    writeFixture(header + float64Bytes([1, 2, 3, 4]), to: path)
    #expect(try MatrixFile.read(path: path, limit: 4) == (try Matrix([[1, 2], [3, 4]])))
  }

  @Test func theLanguageUsesTheSessionsLimitAndSaysHowToRaiseIt() {
    let path = directory + "/big.csv"
    let cap = MatrixFormat.text.byteCap(4)
    writeFixture([UInt8](repeating: UInt8(ascii: "#"), count: cap + 1), to: path)
    let notebook = TestNotebook()
    notebook.run("set limit=4")
    let statement = "A = load(\"\(path)\")"
    #expect(
      notebook.run(statement) == """
        error: '\(path)' is too large: \(cap + 1) bytes, more than the \(cap) that a text matrix of at most 4 elements (the limit) can take
          \(statement)
                   \(String(repeating: "^", count: path.count + 2))
          note: raise the limit with 'set limit=N'

        """)
    // Raised to 5, the limit lets the size pass: the file is read, and it is only a comment.
    notebook.run("set limit=5")
    #expect(notebook.run(statement).hasPrefix("error: '\(path)' holds no numbers\n"))
  }
}
