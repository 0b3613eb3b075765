// Long text is shown elided: echoes, value labels and diagnostics keep their start and end (or,
// for a quoted source line, a window around the caret) and say how much was left out.

import Testing

@testable import Notebook

@Suite struct TextElisionTests {
  private let digits = String((0..<1000).map { Character(String($0 % 10)) })

  @Test func shortTextIsUnchanged() {
    let text = String(repeating: "é", count: TextElision.limit)
    #expect(TextElision.elided(text) == text)
    #expect(TextElision.elided("") == "")
    #expect(TextElision.window(of: text, column: 7, length: 3) == (text, 7, 3))
  }

  @Test func longTextKeepsItsStartAndEnd() {
    let elided = TextElision.elided(digits)
    let head = String(digits.prefix(200)), tail = String(digits.suffix(200))
    #expect(elided == head + " … (600 characters) … " + tail)
    // Counted in scalars: 401 two-byte letters are one too many.
    let letters = String(repeating: "é", count: TextElision.limit + 1)
    #expect(TextElision.elided(letters).contains(" … (1 characters) … "))
  }

  @Test func aWindowKeepsTheCaretOnItsText() {
    let line = String(repeating: "a", count: 600) + "XYZ" + String(repeating: "b", count: 600)
    let window = TextElision.window(of: line, column: 601, length: 3)
    #expect(window.text.hasPrefix("… a") && window.text.hasSuffix("b …"))
    #expect(window.text.unicodeScalars.count == TextElision.limit + 4)
    let scalars = Array(window.text.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[(window.column - 1)..<(window.column + 2)])) == "XYZ")
    #expect(window.length == 3)
    // At the start and at the end of the line, one side is cut.
    let start = TextElision.window(of: line, column: 1, length: 1)
    #expect(start.column == 1 && !start.text.hasPrefix("…") && start.text.hasSuffix(" …"))
    let end = TextElision.window(of: line, column: 1203, length: 5)
    #expect(end.text.hasPrefix("… ") && !end.text.hasSuffix("…"))
    #expect(end.length == 1)
    #expect(Array(end.text.unicodeScalars)[end.column - 1] == "b")
  }

  @Test func aDiagnosticOnALongLineIsShortAndPointsRight() {
    let nb = TestNotebook(languageOnly: true)
    let literal = "[" + (0..<300).map(String.init).joined(separator: " ") + "]"
    let lines = nb.run(literal + " + [1 2]").split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "error: cannot add 1×300 and 1×2")
    #expect(lines[1] == "  … " + String((literal + " + [1 2]").suffix(TextElision.limit)))
    #expect(lines[2] == "  " + String(repeating: " ", count: 2 + TextElision.limit - 7) + "^")
    let name = String(repeating: "x", count: 1000)
    let unknown = nb.run(name)
    #expect(unknown.hasPrefix("error: unknown variable '" + String(repeating: "x", count: 182) + " … (619 characters) … "))
    #expect(unknown.split(separator: "\n").allSatisfy { $0.unicodeScalars.count < 2 * TextElision.limit })
  }

  @Test func echoesAndLabelsAreElided() {
    let literal = "[" + (0..<300).map(String.init).joined(separator: " ") + "]"
    let echo = TranscriptScript.echo(StatementSource(text: "v = " + literal + "\nw = 1", origin: .interactive))
    #expect(echo == [TranscriptScript.prompt + TextElision.elided("v = " + literal), TranscriptScript.continuationPrompt + "w = 1"])
    #expect(echo[0].contains(" … (695 characters) … "))
    let nb = TestNotebook()
    let report = nb.run("norms " + literal)
    let header = report.split(separator: "\n")[0]
    #expect(header == TextElision.elided(literal) + " : 1×300, rank 1")
  }
}
