// Control characters from files never reach the terminal raw: a diagnostic's message and notes
// escape them (`\x1b`), its echoed source line shows each as one `�` so the caret still fits.

import Testing

@testable import Notebook

@Suite struct DiagnosticControlCharacterTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  @Test func escapesEveryControlCharacterButTab() {
    #expect("a\u{0}b\u{1B}[2Jc\td\u{7F}e\u{9B}f\r\n".escapingControlCharacters == "a\\x00b\\x1b[2Jc\td\\x7fe\\x9bf\\x0d\\x0a")
    #expect("σ₁ ‖W‖₂ \u{A0}ok".escapingControlCharacters == "σ₁ ‖W‖₂ \u{A0}ok")
    #expect("a\u{1B}b\u{7}\tc".replacingControlCharacters == "a\u{FFFD}b\u{FFFD}\tc")
  }

  @Test func messageNotesAndSourceLineAreMadeVisible() {
    let statement = StatementSource(text: "x = \"\u{1B}[2J\" + y", origin: .file("s\u{7}.lip"), firstLine: 3)
    let error = Diagnostic(
      "unknown variable 'y\u{1B}]0;pwned\u{7}'", at: SourceRange(line: 3, column: 13, length: 1),
      notes: ["did you mean '\u{0}'?"])
    #expect(
      DiagnosticRenderer.render(error, in: statement) == [
        "s\\x07.lip:3:13: error: unknown variable 'y\\x1b]0;pwned\\x07'",
        "  x = \"\u{FFFD}[2J\" + y",
        "              ^",
        "  note: did you mean '\\x00'?",
      ])
  }

  @Test func aCSVCellWithAnEscapeIsShownEscaped() {
    let path = directory + "/evil.csv"
    writeFixture("1,2\n3,\u{1B}[2J\u{1B}[H\n", to: path)
    let notebook = TestNotebook()
    let statement = "A = load(\"\(path)\")"
    #expect(
      notebook.run(statement) == """
        error: '\(path)' line 2, column 3: '\\x1b[2J\\x1b[H' is not a number
          \(statement)
                   \(String(repeating: "^", count: path.count + 2))

        """)
    #expect(!notebook.console.text.contains("\u{1B}"))
  }

  @Test func aMalformedNPYHeaderIsShownEscaped() {
    let path = directory + "/evil.npy"
    writeFixture(npyFile(shape: "", data: [], header: "{'descr': '<f8', \u{1B}[2J\u{7}}"), to: path)
    let notebook = TestNotebook()
    let output = notebook.run("A = load(\"\(path)\")")
    #expect(output.hasPrefix("error: '\(path)' has a malformed .npy header: {'descr': '<f8', \\x1b[2J\\x07}\n"))
    #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
  }
}
