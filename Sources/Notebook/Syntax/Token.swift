// The tokens of liplab's expression language, each remembering where it was written and whether
// whitespace touches it (the matrix-literal rule `[1 -2]` versus `[1 - 2]` needs that).

/// What kind of token, with its value for literals and names.
enum TokenKind: Equatable, Sendable {
  case number(Double)
  case string(String)
  case identifier(String)
  case plus, minus, star, slash, dotStar, dotSlash, caret, dotCaret, quote, colon
  /// `.name` after a value: a member (`p.sigma`).
  case member(String)
  case leftParen, rightParen, leftBracket, rightBracket
  case comma, semicolon, equals
  case newline
  case end

  /// How the token reads in a message: `'+'`, `number 2.5`, `end of line`.
  var display: String {
    switch self {
    case .number: return "number"
    case .string: return "string"
    case .identifier(let name): return "'\(name)'"
    case .plus: return "'+'"
    case .minus: return "'-'"
    case .star: return "'*'"
    case .slash: return "'/'"
    case .dotStar: return "'.*'"
    case .dotSlash: return "'./'"
    case .caret: return "'^'"
    case .dotCaret: return "'.^'"
    case .colon: return "':'"
    case .member(let name): return "'.\(name)'"
    case .quote: return "transpose '"
    case .leftParen: return "'('"
    case .rightParen: return "')'"
    case .leftBracket: return "'['"
    case .rightBracket: return "']'"
    case .comma: return "','"
    case .semicolon: return "';'"
    case .equals: return "'='"
    case .newline: return "end of line"
    case .end: return "end of input"
    }
  }
}

/// One token: its kind, its place in the statement and the whitespace around it.
struct Token: Equatable, Sendable {
  /// The kind (and literal value).
  var kind: TokenKind
  /// Where it was written (line, column, length in characters).
  var range: SourceRange
  /// Offset of its first Unicode scalar in the statement text.
  var offset: Int
  /// Offset one past its last scalar.
  var endOffset: Int
  /// Whitespace (or the start of the text) directly before it.
  var spaceBefore: Bool
  /// Whitespace (or the end of the text) directly after it.
  var spaceAfter: Bool
}
