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

@Test func loadOfA3DArrayGivesATensorShownSliceBySlice() throws {
  let nb = TestNotebook()
  let path = fixturesDirectory + "/tensor-c-f8.npy"
  #expect(nb.run("x = load(\"\(path)\")") == "x : 2×3×4 tensor\n")
  guard case .tensor(let t) = nb.session.value(of: "x") else {
    Issue.record("x is not a tensor")
    return
  }
  #expect(t.shape == [2, 3, 4])
  #expect(
    nb.run("show x") == """
      x : 2×3×4 tensor
      (1, :, :)
        -3  -2.5  -2  -1.5
        -1  -0.5   0   0.5
         1   1.5   2   2.5
      (2, :, :)
        3  3.5  4  4.5
        5  5.5  6  6.5
        7  7.5  8  8.5

      """)
  #expect(nb.run("vars") == "  x  tensor    2×3×4\n")
  #expect(nb.run("y = x + 1") == "y : 2×3×4 tensor\n")
  #expect(nb.session.value(of: "y")?.tensor?.elements == nb.session.value(of: "x")?.tensor?.elements.map { $0 + 1 })
}
