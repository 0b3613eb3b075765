// Cutting scripts into echoed comments and statements, with bracket continuation.

import Testing

@testable import Notebook

/// A stand-in completeness test for these tests: complete when every '[' and '(' is closed.
func bracketsClosed(_ text: String) -> Bool {
  var depth = 0
  for c in text {
    if c == "[" || c == "(" { depth += 1 }
    if c == "]" || c == ")" { depth -= 1 }
  }
  return depth <= 0
}

@Suite struct TranscriptScriptTests {
  @Test func commentsBlanksAndStatements() {
    let script = "# title\n\nW = [1 2\n     3 4]   # two rows\n  # indented note\nnorms W\n"
    let items = TranscriptScript.items(of: script, origin: .file("s.lip"), isComplete: bracketsClosed)
    #expect(
      items == [
        .verbatim("# title"), .verbatim(""),
        .statement(StatementSource(text: "W = [1 2\n     3 4]   # two rows", origin: .file("s.lip"), firstLine: 3)),
        .verbatim("  # indented note"),
        .statement(StatementSource(text: "norms W", origin: .file("s.lip"), firstLine: 6)),
      ])
  }

  @Test func anOpenBracketAtTheEndIsOneStatement() {
    let items = TranscriptScript.items(of: "x = [1\n\n# c\n", origin: .commandLine, isComplete: bracketsClosed)
    #expect(items == [.statement(StatementSource(text: "x = [1\n\n# c", origin: .commandLine, firstLine: 1))])
  }

  @Test func windowsLineEndsAndNoFinalNewline() {
    let items = TranscriptScript.items(of: "a = 1\r\n\r\nb = 2", origin: .commandLine, isComplete: bracketsClosed)
    #expect(
      items == [
        .statement(StatementSource(text: "a = 1", origin: .commandLine, firstLine: 1)), .verbatim(""),
        .statement(StatementSource(text: "b = 2", origin: .commandLine, firstLine: 3)),
      ])
  }

  @Test func echoUsesThePromptAndTheContinuationPrompt() {
    let statement = StatementSource(text: "W = [1 2\n3 4]", origin: .commandLine)
    #expect(TranscriptScript.echo(statement) == ["liplab> W = [1 2", "   ...> 3 4]"])
  }
}
