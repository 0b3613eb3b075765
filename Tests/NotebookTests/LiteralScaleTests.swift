// Long matrix literals are held compactly: the numbers of a row are one run of doubles in the
// tree (not a node each), the parser lexes as it goes (not a token array per element), and the
// results and diagnostics are those of the element-by-element rules.

import Testing

@testable import Notebook

@Suite struct LiteralScaleTests {
  private func parse(_ text: String) throws -> Expr {
    let statement = try StatementParser.parse(
      StatementSource(text: text, origin: .interactive), isCommand: { _ in false })
    guard case .expression(let e) = statement else { throw Diagnostic("not an expression") }
    return e
  }

  @Test func writtenNumbersOfARowAreOneRun() throws {
    guard case .matrix(let rows) = try parse("[1 -2 3.5; 4, 5 x 6 (7)]").kind else {
      Issue.record("not a matrix literal")
      return
    }
    #expect(rows.count == 2)
    #expect(rows[0].map(\.kind) == [.numbers([1, -2, 3.5])])
    #expect(rows[1].count == 3)
    #expect(rows[1][0].kind == .numbers([4, 5]))
    #expect(rows[1][1].kind == .name("x"))
    #expect(rows[1][2].kind == .numbers([6, 7]))
    // The run's range is its first number's.
    #expect(rows[0][0].range == SourceRange(line: 1, column: 2, length: 1))
    #expect(rows[1][2].range == SourceRange(line: 1, column: 19, length: 1))
  }

  @Test func valuesAndShapeErrorsAreThoseOfOneBlockPerNumber() {
    let nb = TestNotebook(languageOnly: true)
    nb.run("A = ones(2, 2)", "b = 5")
    #expect(nb.run("M = [1 -2 b 4; 1:4]", "z = [-0]") == "M : 2×4\nz = 0\n")
    guard case .matrix(let m)? = nb.session.value(of: "M"), let z = nb.session.value(of: "z")?.scalar else {
      Issue.record("M or z missing")
      return
    }
    #expect(m.elements == [1, -2, 5, 4, 1, 2, 3, 4])
    #expect(z == 0 && z.sign == .minus)
    #expect(
      nb.run("[A 1 2]") == """
        error: cannot place a 1×1 block beside a 2×2 block
          [A 1 2]
             ^
          note: blocks in one row need the same number of rows

        """)
    #expect(
      nb.run("[1 2 A]") == """
        error: cannot place a 2×2 block beside a 1×1 block
          [1 2 A]
               ^
          note: blocks in one row need the same number of rows

        """)
  }

  @Test func aLexicalErrorIsReportedBeforeASyntaxErrorAsBefore() {
    let nb = TestNotebook(languageOnly: true)
    #expect(nb.run("1 +) $").hasPrefix("error: unexpected character '$'"))
    #expect(nb.run("[1 2; 3] 1e").hasPrefix("error: malformed number '1e'"))
  }

  @Test func aLongOneLineLiteralIsRead() throws {
    let count = 100_000
    let text = "v = [" + (1...count).map { $0 % 2 == 0 ? "-\($0)" : "\($0)" }.joined(separator: " ") + "]"
    let nb = TestNotebook(languageOnly: true)
    #expect(nb.run(text) == "v : 1×\(count)\n")
    guard case .matrix(let v)? = nb.session.value(of: "v") else {
      Issue.record("v is not a matrix")
      return
    }
    // Σ (−1)^(k+1) k over 1…2m is −m.
    #expect(v.elements.reduce(0, +) == -Double(count / 2))
    #expect(v[0, count - 1] == -Double(count))
  }
}

/// Brackets nested far past the parser's bound are one clear error, not a stack overflow; just
/// under the bound they evaluate.
@Suite struct NestingDepthTests {
  @Test(arguments: ["(", "[", "norm2("])
  func nestedAHundredThousandDeepIsAnError(_ opener: String) {
    let closer = opener == "[" ? "]" : ")"
    let n = 100_000
    let nb = TestNotebook(languageOnly: true)
    let text = "x = " + String(repeating: opener, count: n) + "1" + String(repeating: closer, count: n)
    #expect(nb.outcome(text) == .failed)
    #expect(nb.console.text.hasPrefix("error: expression too deeply nested\n"))
    #expect(nb.console.text.contains("note: at most \(Parser.maximumHeight) levels"))
    #expect(nb.session.value(of: "x") == nil)
    #expect(nb.run("1 + 1") == "2\n")
  }

  @Test func justUnderTheBoundEvaluates() {
    let nb = TestNotebook(languageOnly: true)
    // Each bracket pair is one level, the number a leaf: 199 pairs make height 200.
    let depth = Parser.maximumHeight - 1
    let brackets = String(repeating: "[", count: depth) + "7" + String(repeating: "]", count: depth)
    #expect(nb.run("x = " + brackets) == "x = 7\n")
    let parens = String(repeating: "(", count: depth) + "7" + String(repeating: ")", count: depth)
    #expect(nb.run("y = " + parens) == "y = 7\n")
    let over = String(repeating: "[", count: depth + 2) + "7" + String(repeating: "]", count: depth + 2)
    #expect(nb.run("z = " + over).hasPrefix("error: expression too deeply nested"))
  }
}
