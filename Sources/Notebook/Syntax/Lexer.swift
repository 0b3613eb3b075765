// Turns a statement (or one command argument of it) into tokens. Strings and comments follow the
// rules of `LexicalScan`; newlines are tokens because they separate rows inside `[ ]`.

/// Scans the scalars `start..<end` of a `SourceText` into tokens ending with `.end`, one at a
/// time (`next()`), so a parser holds only the few tokens it looks at, not one per element of a
/// long matrix literal.
struct Lexer {
  private let source: SourceText
  private let end: Int
  /// The offset of the next scalar to scan.
  private var i: Int
  /// Whitespace (or the start) before the next token.
  private var sawSpace = true

  /// A lexer for `source`, restricted to offsets `start..<end` (the whole text by default).
  init(_ source: SourceText, from start: Int = 0, to end: Int? = nil) {
    self.source = source
    self.i = start
    self.end = min(end ?? source.scalars.count, source.scalars.count)
  }

  /// All tokens, the last one `.end`.
  /// - Throws: a `Diagnostic` at an unexpected character, an unterminated string or a malformed
  ///   number.
  func tokens() throws(Diagnostic) -> [Token] {
    var lexer = self
    var tokens: [Token] = []
    repeat { tokens.append(try lexer.next()) } while tokens.last?.kind != .end
    return tokens
  }

  /// Scans the whole text for the errors `tokens()` would throw, keeping no token. O(length),
  /// O(1) memory.
  func validate() throws(Diagnostic) {
    var lexer = self
    while try lexer.next().kind != .end {}
  }

  /// The next token; `.end` at the end, and again at every later call.
  /// - Throws: as `tokens()`.
  mutating func next() throws(Diagnostic) -> Token {
    let s = source.scalars
    while i < end {
      let c = s[i]
      if c == " " || c == "\t" || c == "\r" {
        sawSpace = true
        i += 1
        continue
      }
      if c == "#" {
        i = LexicalScan.commentEnd(s, from: i, to: end)
        continue
      }
      let from = i
      let kind: TokenKind
      switch c {
      case "\n":
        i += 1
        let token = make(.newline, from)
        sawSpace = true
        return token
      case "+": kind = .plus
      case "-": kind = .minus
      case "*": kind = .star
      case "/": kind = .slash
      case "^": kind = .caret
      case ":": kind = .colon
      case "'": kind = .quote
      case "(": kind = .leftParen
      case ")": kind = .rightParen
      case "[": kind = .leftBracket
      case "]": kind = .rightBracket
      case ",": kind = .comma
      case ";": kind = .semicolon
      case "=": kind = .equals
      case ".":
        if i + 1 < end, let kind = Lexer.dotOperators[s[i + 1]] {
          i += 2
          return make(kind, from)
        }
        if i + 1 < end && Lexer.isIdentifierStart(s[i + 1]) {
          i += 2
          while i < end && Lexer.isIdentifierPart(s[i]) { i += 1 }
          return make(.member(source.slice(from + 1, i)), from)
        }
        if i + 1 < end && Lexer.isDigit(s[i + 1]) { return try number() }
        throw Diagnostic("unexpected character '.'", at: source.range(i, i + 1))
      case "\"":
        let (j, terminated) = LexicalScan.stringEnd(s, from: i, to: end)
        guard terminated else {
          throw Diagnostic(
            "unterminated string", at: source.range(i, i + 1),
            notes: ["a string ends with '\"' on the same line"])
        }
        i = j
        return make(.string(source.slice(from + 1, j - 1)), from)
      default:
        if Lexer.isDigit(c) { return try number() }
        if Lexer.isIdentifierStart(c) {
          i += 1
          while i < end && Lexer.isIdentifierPart(s[i]) { i += 1 }
          return make(.identifier(source.slice(from, i)), from)
        }
        throw Diagnostic("unexpected character '\(c)'", at: source.range(i, i + 1))
      }
      i += 1
      return make(kind, from)
    }
    return endToken
  }

  /// The `.end` token, just past the last scalar.
  var endToken: Token {
    Token(
      kind: .end, range: source.range(end, end + 1), offset: end, endOffset: end,
      spaceBefore: true, spaceAfter: true)
  }

  /// The token of `kind` from `from` to the current offset. Whitespace after it is a blank,
  /// a newline, a comment (which runs to one) or the end of the text.
  private mutating func make(_ kind: TokenKind, _ from: Int) -> Token {
    var spaceAfter = true
    if i < end {
      switch source.scalars[i] {
      case " ", "\t", "\r", "\n", "#": spaceAfter = true
      default: spaceAfter = false
      }
    }
    defer { sawSpace = false }
    return Token(
      kind: kind, range: source.range(from, i), offset: from, endOffset: i,
      spaceBefore: sawSpace, spaceAfter: spaceAfter)
  }

  /// Scans `1`, `2.5`, `.5`, `1e-12` starting at the current offset.
  private mutating func number() throws(Diagnostic) -> Token {
    let s = source.scalars
    let start = i
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
          "malformed number '\(source.slice(start, k))'", at: source.range(start, k),
          notes: ["an exponent needs digits, as in 1e-12"])
      }
      while k < end && Lexer.isDigit(s[k]) { k += 1 }
      j = k
    }
    let text = source.slice(start, j)
    guard let value = Double(text) else {
      throw Diagnostic("malformed number '\(text)'", at: source.range(start, j))
    }
    guard value.isFinite else {
      throw Diagnostic(
        "number '\(text)' is too large for a double", at: source.range(start, j),
        notes: ["the largest finite double is about 1.8e308; write Inf for ∞"])
    }
    i = j
    return make(.number(value), start)
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
