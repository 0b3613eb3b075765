// The lexical truth of liplab's text: where strings and comments run and how brackets nest. The
// lexer applies these rules token by token; everything else that must know "is this inside a
// string, a comment or brackets" — whether a statement is complete, where a command's arguments
// split, what TAB may complete, where a recorded statement's comment starts — asks this scan, so
// the rules live in one place.
//
// The rules: `"` opens a string that ends at the next `"` or, unterminated, at the end of its
// line; `#` outside a string opens a comment that ends at the end of the line; `(` and `[` open
// brackets that `)` and `]` close, counted in code only.

/// Where a scalar of the text stands.
enum LexicalPlace: Equatable, Sendable {
  /// Ordinary code: tokens, whitespace and brackets.
  case code
  /// Inside a string, its quotes included.
  case string
  /// Inside a comment, its `#` included.
  case comment
}

/// One scan over a text (or the scalars `start..<end` of it), with the state it ends in.
struct LexicalScan: Sendable {
  /// A bracket still open at the end of the scan.
  struct OpenBracket: Equatable, Sendable {
    /// `(` or `[`.
    let scalar: Unicode.Scalar
    /// Its offset in the text.
    let offset: Int
  }

  /// The brackets open at the end, outermost first.
  private(set) var open: [OpenBracket] = []
  /// Where the end of the scan stands (inside a string or a comment, or in code).
  private(set) var placeAtEnd: LexicalPlace = .code
  /// The offset of the first `)` or `]` that closed nothing, if any.
  private(set) var unmatchedCloser: Int?
  /// The offset of the `#` of the last comment that starts on the scan's last line, if any.
  private(set) var commentOnLastLine: Int?

  /// Scans `scalars[start..<end]`, calling `visit(offset, place, depth)` for each scalar with the
  /// bracket depth before it (a closer is visited at the depth it closes). Cost: O(end − start).
  init(
    _ scalars: [Unicode.Scalar], from start: Int = 0, to end: Int? = nil,
    visit: (Int, LexicalPlace, Int) -> Void = { _, _, _ in }
  ) {
    resume(scalars, from: start, to: end, visit: visit)
  }

  /// Continues the scan over `scalars[start..<end]` from the state it ended in: text appended
  /// to what was scanned is scanned once, so gathering a long statement line by line stays
  /// linear. `shift` is the offset in the whole text of `scalars[0]`, for a caller that hands
  /// over only the new text (offsets visited and recorded are in the whole text). Cost:
  /// O(end − start).
  mutating func resume(
    _ scalars: [Unicode.Scalar], from start: Int, to end: Int? = nil, shiftedBy shift: Int = 0,
    visit: (Int, LexicalPlace, Int) -> Void = { _, _, _ in }
  ) {
    let end = Swift.min(end ?? scalars.count, scalars.count)
    var place = placeAtEnd
    var i = start
    while i < end {
      let c = scalars[i]
      if c == "\n" {
        place = .code
        commentOnLastLine = nil
        visit(i + shift, .code, open.count)
        i += 1
        continue
      }
      switch place {
      case .comment:
        visit(i + shift, .comment, open.count)
      case .string:
        visit(i + shift, .string, open.count)
        if c == "\"" { place = .code }
      case .code:
        switch c {
        case "\"":
          place = .string
          visit(i + shift, .string, open.count)
        case "#":
          place = .comment
          commentOnLastLine = i + shift
          visit(i + shift, .comment, open.count)
        case "(", "[":
          visit(i + shift, .code, open.count)
          open.append(OpenBracket(scalar: c, offset: i + shift))
        case ")", "]":
          if open.isEmpty {
            if unmatchedCloser == nil { unmatchedCloser = i + shift }
            visit(i + shift, .code, 0)
          } else {
            open.removeLast()
            visit(i + shift, .code, open.count)
          }
        default:
          visit(i + shift, .code, open.count)
        }
      }
      i += 1
    }
    placeAtEnd = place
  }

  /// Scans a string's scalars.
  init(_ text: String) { self.init(Array(text.unicodeScalars)) }

  /// True when an open bracket waits for a later line: some bracket is open and nothing closed
  /// a bracket that was never opened (such text can never be completed; running it reports it).
  var asksForMore: Bool { !open.isEmpty && unmatchedCloser == nil }

  /// The offset just past the string that opens at `start` (its closing quote included), or
  /// the offset of the end of its line when it is unterminated; `terminated` says which.
  static func stringEnd(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> (end: Int, terminated: Bool) {
    var j = start + 1
    while j < end && scalars[j] != "\"" && scalars[j] != "\n" { j += 1 }
    return j < end && scalars[j] == "\"" ? (j + 1, true) : (j, false)
  }

  /// The offset of the newline that ends the comment opening at `start` (or `end`).
  static func commentEnd(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> Int {
    var j = start
    while j < end && scalars[j] != "\n" { j += 1 }
    return j
  }
}
