// `load(…)` in the language reads through MatrixFile: the values arrive intact, and a
// malformed file is a diagnostic pointing at the file name with the file's own line and column.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct FilesLoadTests {
  @Test func loadsNumPyAndCSVFixturesIntoVariables() throws {
    let notebook = TestNotebook()
    let outcome = notebook.outcome("F = load(\"\(fixturesDirectory)/fortran-order-f8.npy\")")
    #expect(outcome == .ok)
    _ = notebook.outcome("C = load(\"\(fixturesDirectory)/savetxt.csv\")")
    let expected = try Matrix([[1.0, -2.5, 0.1], [3e-4, 5.0, -6.25]])
    for name in ["F", "C"] {
      guard case .matrix(let m)? = notebook.session.value(of: name) else {
        Issue.record("\(name) was not loaded")
        continue
      }
      #expect(m == expected, "\(name)")
    }
  }

  @Test func aMalformedFileIsADiagnosticAtTheFileName() {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    let path = directory + "/bad.csv"
    writeFixture("1,2\n3,x\n", to: path)
    let notebook = TestNotebook()
    let statement = "A = load(\"\(path)\")"
    #expect(notebook.outcome(statement) == .failed)
    #expect(
      notebook.console.lines == [
        "error: '\(path)' line 2, column 3: 'x' is not a number",
        "  " + statement,
        "           " + String(repeating: "^", count: path.count + 2),
      ])
    #expect(notebook.session.value(of: "A") == nil)
  }
}
