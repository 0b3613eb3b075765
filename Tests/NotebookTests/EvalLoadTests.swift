// `load(...)` from the language: a CSV written here is read back, and a missing file is a
// diagnostic under the argument.

import DenseMatrix
import Foundation
import Testing

@testable import Notebook

@Test func loadReadsACSVFile() throws {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("liplab-load-\(UInt32.random(in: 0...UInt32.max)).csv").path
  try "1, 2\n3, 4\n".write(toFile: path, atomically: true, encoding: .utf8)
  defer { try? FileManager.default.removeItem(atPath: path) }
  let nb = TestNotebook()
  #expect(nb.run("W = load(\"\(path)\")") == "W : 2×2\n")
  if case .matrix(let m) = nb.session.value(of: "W") {
    #expect(m == (try Matrix([[1, 2], [3, 4]])))
  } else {
    Issue.record("W is not a matrix")
  }
  #expect(nb.run("norm1(load(\"\(path)\"))") == "6\n")
}

@Test func loadReportsAMissingFileAtTheArgument() {
  let nb = TestNotebook()
  let out = nb.run("W = load(\"no-such-file.csv\")")
  #expect(out.hasPrefix("error: cannot read 'no-such-file.csv'"))
  #expect(out.contains("\n  W = load(\"no-such-file.csv\")\n           ^^^^^^^^^^^^^^^^^^\n"))
  #expect(nb.run("load(3)").hasPrefix("error: the file name must be a string in quotes"))
}
