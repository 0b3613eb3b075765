// The lexer and parser: tokens, precedence, the matrix-literal rule, round trips (parse → print →
// parse gives the same tree), statement kinds and command-argument splitting.

import Testing

@testable import Notebook

/// The canonical form of the expression statement `text`.
private func canonical(_ text: String) throws -> String {
  let statement = try StatementParser.parse(
    StatementSource(text: text, origin: .interactive), isCommand: { ["norms", "step", "help", "run"].contains($0) })
  switch statement {
  case .expression(let e): return e.description
  case .assignment(let name, _, let e): return "\(name) = \(e)"
  case .command(let name, _, let arguments):
    return name + arguments.map { " <\($0.key.map { "\($0)=" } ?? "")\($0.text)>" }.joined()
  case .empty: return ""
  }
}

@Test func lexerTokens() throws {
  let tokens = try Lexer(SourceText("W' * [1 2.5; .5e1] .* x # note")).tokens().map(\.kind)
  #expect(
    tokens == [
      .identifier("W"), .quote, .star, .leftBracket, .number(1), .number(2.5), .semicolon,
      .number(5), .rightBracket, .dotStar, .identifier("x"), .end,
    ])
}

@Test func lexerPositionsAndSpacing() throws {
  let tokens = try Lexer(SourceText("[1 -2]\n[3]", firstLine: 7)).tokens()
  #expect(tokens[2].kind == .minus && tokens[2].spaceBefore && !tokens[2].spaceAfter)
  #expect(tokens[2].range == SourceRange(line: 7, column: 4, length: 1))
  let three = tokens.first { $0.kind == .number(3) }
  #expect(three?.range == SourceRange(line: 8, column: 2, length: 1))
}

@Test func twoDotStarIsElementwiseProduct() throws {
  #expect(try canonical("2.*3") == "(2.0 .* 3.0)")
  #expect(try canonical("2.5*3") == "(2.5 * 3.0)")
}

@Test(arguments: [
  ("1 + 2 * 3", "(1.0 + (2.0 * 3.0))"),
  ("1 - 2 - 3", "((1.0 - 2.0) - 3.0)"),
  ("a * b / c", "((a * b) / c)"),
  ("-a'", "(-a')"),
  ("-2 * 3", "((-2.0) * 3.0)"),
  ("(1 + 2) * 3", "((1.0 + 2.0) * 3.0)"),
  ("A' * A .* B", "((A' * A) .* B)"),
  ("a''", "a''"),
  ("--x", "(-(-x))"),
  ("+x", "x"),
  ("f(1, g(2), seed=7)", "f(1.0, g(2.0), seed=7.0)"),
  ("f()", "f()"),
  ("\"data.csv\"", "\"data.csv\""),
  ("1e-12", "1e-12"),
  ("x = 1 + 2", "x = (1.0 + 2.0)"),
])
func precedence(text: String, expected: String) throws {
  #expect(try canonical(text) == expected)
}

@Test(arguments: [
  ("[1 -2]", "[1.0, (-2.0)]"),
  ("[1 - 2]", "[(1.0 - 2.0)]"),
  ("[1-2]", "[(1.0 - 2.0)]"),
  ("[1 -2 +3]", "[1.0, (-2.0), 3.0]"),
  ("[a' b']", "[a', b']"),
  ("[a (1)]", "[a, 1.0]"),
  ("[f(1) 2]", "[f(1.0), 2.0]"),
  ("[(1 -2)]", "[(1.0 - 2.0)]"),
  ("[1, 2; 3, 4]", "[1.0, 2.0; 3.0, 4.0]"),
  ("[1 2\n3 4]", "[1.0, 2.0; 3.0, 4.0]"),
  ("[\n1 2;\n\n3 4\n]", "[1.0, 2.0; 3.0, 4.0]"),
  ("[1 2;]", "[1.0, 2.0]"),
  ("[]", "[]"),
  ("f(1,\n 2)", "f(1.0, 2.0)"),
])
func matrixLiteralRule(text: String, expected: String) throws {
  #expect(try canonical(text) == expected)
}

@Test(arguments: [
  "1 + 2 * 3 - x'", "[1 -2; 3 4]'", "f(a, b=[1 2], c=-1) .* (x - y) / 2", "-[1 2] * -3",
  "randn(4, 3, seed=7)' * W", "[[1 2] 3; 4 5 6]", "a - -b", "x = (A + B)'",
])
func roundTrip(text: String) throws {
  let once = try canonical(text)
  #expect(try canonical(once) == once)
}

@Test func commandsAreRecognisedByShape() throws {
  #expect(try canonical("norms W") == "norms <W>")
  #expect(try canonical("norms (A + B)") == "norms <(A + B)>")
  #expect(try canonical("  run p tol=1e-12 max=[1 2]") == "run <p> <tol=1e-12> <max=[1 2]>")
  #expect(try canonical("step p 10 # ten steps") == "step <p> <10>")
  #expect(try canonical("help") == "help")
  #expect(try canonical("step = 3") == "step = 3.0")
  #expect(try canonical("norms(W)") == "norms(W)")
  #expect(try canonical("help wgan-clip") == "help <wgan-clip>")
  #expect(try canonical("run p label=\"a b\" x=[1 2\n 3 4]") == "run <p> <label=\"a b\"> <x=[1 2\n 3 4]>")
  #expect(try canonical("# only a comment") == "")
  #expect(try canonical("   ") == "")
}

@Test func commandArgumentsKeepTheirRanges() throws {
  let statement = try StatementParser.parse(
    StatementSource(text: "run p  tol=1e-9", origin: .interactive), isCommand: { $0 == "run" })
  guard case .command(_, let nameRange, let arguments) = statement else {
    Issue.record("not a command")
    return
  }
  #expect(nameRange == SourceRange(line: 1, column: 1, length: 3))
  #expect(arguments[0].range == SourceRange(line: 1, column: 5, length: 1))
  #expect(arguments[1].keyRange == SourceRange(line: 1, column: 8, length: 3))
  #expect(arguments[1].range == SourceRange(line: 1, column: 12, length: 4))
}

@Test func deeplyNestedInputIsRefusedNotACrash() {
  let n = 50_000
  let inputs = [
    String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
    String(repeating: "-", count: n) + "1",
    "1" + String(repeating: " + 1", count: n),
    "2" + String(repeating: " * 2", count: n),
    String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n),
    "x" + String(repeating: "'", count: n),
    String(repeating: "norm2(", count: n) + "1" + String(repeating: ")", count: n),
    "show " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
  ]
  let nb = TestNotebook()
  nb.run("x = 1")
  for input in inputs {
    #expect(nb.outcome(input) == .failed)
    #expect(nb.console.text.hasPrefix("error: expression too deeply nested"))
  }
}

@Test func moderateNestingAndLongFlatLiteralsWork() throws {
  let nb = TestNotebook()
  #expect(nb.run(String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)) == "1\n")
  #expect(nb.run("1" + String(repeating: " + 1", count: 99)) == "100\n")
  let literal = "v = [" + (1...20_000).map(String.init).joined(separator: " ") + "]"
  #expect(nb.run(literal) == "v : 1×20000\n")
  #expect(nb.run("norm1(v')") == "2.0001e+08\n")
}
