// Turns a statement (or one command argument of it) into tokens. Strings and comments follow the
// rules of `LexicalScan`; newlines are tokens because they separate rows inside `[ ]`.

/// Scans the scalars `start..<end` of a `SourceText` into tokens ending with `.end`.
struct Lexer {
  private let source: SourceText
  private let start: Int
  private let end: Int

  /// A lexer for `source`, restricted to offsets `start..<end` (the whole text by default).
  init(_ source: SourceText, from start: Int = 0, to end: Int? = nil) {
    self.source = source
    self.start = start
    self.end = min(end ?? source.scalars.count, source.scalars.count)
  }

  /// All tokens, the last one `.end`.
  /// - Throws: a `Diagnostic` at an unexpected character, an unterminated string or a malformed
  ///   number.
  func tokens() throws(Diagnostic) -> [Token] {
    let s = source.scalars
    var tokens: [Token] = []
    var i = start
    var sawSpace = true
    func add(_ kind: TokenKind, _ from: Int, _ to: Int) {
      tokens.append(
        Token(
          kind: kind, range: source.range(from, to), offset: from, endOffset: to,
          spaceBefore: sawSpace, spaceAfter: false))
      sawSpace = false
    }
    while i < end {
      let c = s[i]
      if c == " " || c == "\t" || c == "\r" {
        markSpace(&tokens)
        sawSpace = true
        i += 1
        continue
      }
      if c == "#" {
        i = LexicalScan.commentEnd(s, from: i, to: end)
        continue
      }
      switch c {
      case "\n":
        markSpace(&tokens)
        add(.newline, i, i + 1)
        sawSpace = true
        i += 1
        continue
      case "+": add(.plus, i, i + 1)
      case "-": add(.minus, i, i + 1)
      case "*": add(.star, i, i + 1)
      case "/": add(.slash, i, i + 1)
      case "^": add(.caret, i, i + 1)
      case ":": add(.colon, i, i + 1)
      case "'": add(.quote, i, i + 1)
      case "(": add(.leftParen, i, i + 1)
      case ")": add(.rightParen, i, i + 1)
      case "[": add(.leftBracket, i, i + 1)
      case "]": add(.rightBracket, i, i + 1)
      case ",": add(.comma, i, i + 1)
      case ";": add(.semicolon, i, i + 1)
      case "=": add(.equals, i, i + 1)
      case ".":
        if i + 1 < end, let kind = Lexer.dotOperators[s[i + 1]] {
          add(kind, i, i + 2)
          i += 2
          continue
        }
        if i + 1 < end && Lexer.isIdentifierStart(s[i + 1]) {
          var j = i + 2
          while j < end && Lexer.isIdentifierPart(s[j]) { j += 1 }
          add(.member(source.slice(i + 1, j)), i, j)
          i = j
          continue
        }
        if i + 1 < end && Lexer.isDigit(s[i + 1]) {
          i = try number(at: i, into: &tokens, sawSpace: &sawSpace)
          continue
        }
        throw Diagnostic("unexpected character '.'", at: source.range(i, i + 1))
      case "\"":
        let (j, terminated) = LexicalScan.stringEnd(s, from: i, to: end)
        guard terminated else {
          throw Diagnostic(
            "unterminated string", at: source.range(i, i + 1),
            notes: ["a string ends with '\"' on the same line"])
        }
        add(.string(source.slice(i + 1, j - 1)), i, j)
        i = j
        continue
      default:
        if Lexer.isDigit(c) {
          i = try number(at: i, into: &tokens, sawSpace: &sawSpace)
          continue
        }
        if Lexer.isIdentifierStart(c) {
          var j = i + 1
          while j < end && Lexer.isIdentifierPart(s[j]) { j += 1 }
          add(.identifier(source.slice(i, j)), i, j)
          i = j
          continue
        }
        throw Diagnostic("unexpected character '\(c)'", at: source.range(i, i + 1))
      }
      i += 1
    }
    markSpace(&tokens)
    tokens.append(
      Token(
        kind: .end, range: source.range(end, end + 1), offset: end, endOffset: end,
        spaceBefore: true, spaceAfter: true))
    return tokens
  }

  /// Marks the last token as followed by whitespace.
  private func markSpace(_ tokens: inout [Token]) {
    if !tokens.isEmpty { tokens[tokens.count - 1].spaceAfter = true }
  }

  /// Scans `1`, `2.5`, `.5`, `1e-12` starting at `i`; returns the offset after it.
  private func number(at i: Int, into tokens: inout [Token], sawSpace: inout Bool) throws(Diagnostic)
    -> Int
  {
    let s = source.scalars
    var j = i
    while j < end && Lexer.isDigit(s[j]) { j += 1 }
    // A point belongs to the number unless an operator follows: `2.*3` is `2 .* 3`, `2.^x`
    // is `2 .^ x`.
    if j < end && s[j] == "." && !(j + 1 < end && Lexer.dotOperators[s[j + 1]] != nil) {
      j += 1
      while j < end && Lexer.isDigit(s[j]) { j += 1 }
    }
    if j < end && (s[j] == "e" || s[j] == "E") {
      var k = j + 1
      if k < end && (s[k] == "+" || s[k] == "-") { k += 1 }
      guard k < end && Lexer.isDigit(s[k]) else {
        throw Diagnostic(
          "malformed number '\(source.slice(i, k))'", at: source.range(i, k),
          notes: ["an exponent needs digits, as in 1e-12"])
      }
      while k < end && Lexer.isDigit(s[k]) { k += 1 }
      j = k
    }
    let text = source.slice(i, j)
    guard let value = Double(text) else {
      throw Diagnostic("malformed number '\(text)'", at: source.range(i, j))
    }
    guard value.isFinite else {
      throw Diagnostic(
        "number '\(text)' is too large for a double", at: source.range(i, j),
        notes: ["the largest finite double is about 1.8e308; write Inf for ∞"])
    }
    tokens.append(
      Token(
        kind: .number(value), range: source.range(i, j), offset: i, endOffset: j,
        spaceBefore: sawSpace, spaceAfter: false))
    sawSpace = false
    return j
  }

  /// The element-wise operators spelt with a leading point.
  static let dotOperators: [Unicode.Scalar: TokenKind] = ["*": .dotStar, "/": .dotSlash, "^": .dotCaret]

  static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

  static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
      || (c.value > 127 && c.properties.isAlphabetic)
  }

  static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
    isIdentifierStart(c) || isDigit(c)
  }

  /// True when `text` is a single identifier (a variable or function name).
  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, isIdentifierStart(first) else { return false }
    return text.unicodeScalars.allSatisfy(isIdentifierPart)
  }
}
