// Where statements begin and end: comments and blank lines, bracket continuation, the rule that
// ends an unclosed bracket at a line that cannot continue it, byte-order marks and line ends.

import Testing

@testable import Notebook

private let commands = CommandTable.standard

private func items(_ text: String, origin: SourceOrigin = .file("s.lip")) -> [TranscriptItem] {
  StatementReader.items(of: text, origin: origin, isCommand: { commands[$0] != nil })
}

private func statement(_ text: String, _ line: Int, origin: SourceOrigin = .file("s.lip")) -> TranscriptItem {
  .statement(StatementSource(text: text, origin: origin, firstLine: line))
}

@Suite struct StatementReaderTests {
  @Test func commentsBlanksAndStatements() {
    let script = "# title\n\nW = [1 2\n     3 4]   # two rows\n  # indented note\nnorms W\n"
    #expect(
      items(script) == [
        .verbatim("# title"), .verbatim(""), statement("W = [1 2\n     3 4]   # two rows", 3),
        .verbatim("  # indented note"), statement("norms W", 6),
      ])
  }

  @Test func anOpenBracketAtTheEndIsOneStatement() {
    #expect(items("x = [1\n\n# c\n", origin: .commandLine) == [statement("x = [1\n\n# c", 1, origin: .commandLine)])
  }

  @Test func windowsLineEndsAByteOrderMarkAndNoFinalNewline() {
    #expect(items("\u{FEFF}a = 1\r\n\r\nb = 2") == [statement("a = 1", 1), .verbatim(""), statement("b = 2", 3)])
  }

  @Test func anOpenBracketWaitsForContinuationLines() {
    var reader = StatementReader(origin: .interactive, isCommand: { _ in false })
    #expect(reader.add("y = norm2(x,").isEmpty)
    #expect(reader.isContinuing)
    #expect(reader.add("  method=power)") == [statement("y = norm2(x,\n  method=power)", 1, origin: .interactive)])
    #expect(!reader.isContinuing)
  }

  @Test func rowsAcrossLinesStayRowsAndCommentsDoNotClose() {
    // Joined with a space, `[1 2` + `3 4]` would be one row of four.
    #expect(items("A = [1 2  # the first row )]\n3 4]") == [statement("A = [1 2  # the first row )]\n3 4]", 1)])
  }

  @Test func aRecalledMultiLineEntryIsOneLine() {
    #expect(items("y = norm2(x,\n  method=power)") == [statement("y = norm2(x,\n  method=power)", 1)])
  }

  @Test func theUnfinishedStatementIsHandedOverOnceAndDiscardForgetsIt() {
    var reader = StatementReader(origin: .interactive, isCommand: { _ in false })
    #expect(reader.finish() == nil)
    _ = reader.add("y = norm2([1 2],")
    _ = reader.add("")
    #expect(reader.finish() == StatementSource(text: "y = norm2([1 2],\n", origin: .interactive, firstLine: 1))
    #expect(reader.finish() == nil)
    _ = reader.add("y = [1 2;")
    reader.discard()
    #expect(reader.add("z = 1") == [statement("z = 1", 4, origin: .interactive)])
  }

  @Test func anUnclosedMatrixEndsAtAnAssignmentOrACommand() {
    #expect(
      items("W = [1 2\nx = 3\ny = 4\nnorms W\n") == [
        statement("W = [1 2", 1), statement("x = 3", 2), statement("y = 4", 3), statement("norms W", 4),
      ])
    #expect(items("W = [1 2\n3 4\nnorms W") == [statement("W = [1 2\n3 4", 1), statement("norms W", 3)])
  }

  @Test func anUnclosedCallEndsAtACommandOrAnAssignmentAfterACompleteArgument() {
    #expect(items("c = critic(hidden=[8 8]\nx = 3") == [statement("c = critic(hidden=[8 8]", 1), statement("x = 3", 2)])
    // After `,` or `(`, a `key = value` line is an argument on a line of its own.
    #expect(items("c = critic(hidden=[8 8],\nseed = 3)") == [statement("c = critic(hidden=[8 8],\nseed = 3)", 1)])
    #expect(items("x = norm2(W,\nshow W") == [statement("x = norm2(W,", 1), statement("show W", 2)])
    // A command name used as a function or compared with `==` still continues.
    #expect(items("x = f(1,\nplot(2))") == [statement("x = f(1,\nplot(2))", 1)])
  }

  @Test func stringsAndCommentsHideBrackets() {
    #expect(items("save \"a[b.lip\"\nx = 1") == [statement("save \"a[b.lip\"", 1), statement("x = 1", 2)])
    #expect(items("x = 1 # (\ny = 2") == [statement("x = 1 # (", 1), statement("y = 2", 2)])
  }

  @Test func aLongLiteralIsGatheredInLinearTime() {
    let rows = 20_000
    let text = "A = [" + (0..<rows).map { "\($0) 1" }.joined(separator: "\n") + "]"
    let clock = ContinuousClock()
    let start = clock.now
    let result = items(text)
    #expect(result.count == 1)
    // Quadratic gathering took seconds at this size; linear takes milliseconds.
    #expect(clock.now - start < .seconds(2))
  }

  @Test func echoUsesThePromptAndTheContinuationPrompt() {
    let statement = StatementSource(text: "W = [1 2\n3 4]", origin: .commandLine)
    #expect(TranscriptScript.echo(statement) == ["liplab> W = [1 2", "   ...> 3 4]"])
  }
}

@Suite struct LexicalScanTests {
  @Test func bracketsStringsAndComments() {
    let scan = LexicalScan("f([1 \"(\" # )")
    #expect(scan.open.map(\.offset) == [1, 2])
    #expect(scan.placeAtEnd == .comment)
    #expect(scan.asksForMore)
    #expect(LexicalScan("x)(").unmatchedCloser == 1)
    #expect(!LexicalScan("x)(").asksForMore)
    #expect(LexicalScan("s = \"abc").placeAtEnd == .string)
    #expect(LexicalScan("s = \"abc\"\n").placeAtEnd == .code)
    #expect(LexicalScan("a # b\nc # d").commentOnLastLine == 8)
  }

  @Test func resumingEqualsScanningWhole() {
    let text = Array("A = [1 \"]\" 2 # ]\n 3 (4]".unicodeScalars)
    var scan = LexicalScan(text, to: 9)
    scan.resume(text, from: 9)
    let whole = LexicalScan(text)
    #expect(scan.open == whole.open)
    #expect(scan.placeAtEnd == whole.placeAtEnd)
    #expect(scan.unmatchedCloser == whole.unmatchedCloser)
  }
}
