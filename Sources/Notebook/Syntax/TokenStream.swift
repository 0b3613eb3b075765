// The tokens a parser reads, lexed as it asks for them. A parser looks at most one token back and
// one ahead, so the stream keeps a small window: a matrix literal of a million numbers holds a few
// tokens at a time, not a million.

/// The tokens of a text, lexed on demand, indexable forwards.
struct TokenStream {
  private var lexer: Lexer
  /// Tokens `first..<first + window.count`: the last few asked for.
  private var window: [Token] = []
  private var first = 0

  /// The stream of `lexer`'s tokens. The whole text is lexed once first, so that a lexical error
  /// anywhere is reported before any syntax error, as when all tokens were made at once.
  /// - Throws: the lexer's first error.
  init(_ lexer: Lexer) throws(Diagnostic) {
    try lexer.validate()
    self.lexer = lexer
    window.reserveCapacity(8)
  }

  /// The token at `index` (0 for the first): `.end` from the end on. Cost: amortised O(1) for
  /// the next unread token; `index` may lie at most three tokens behind the furthest one asked.
  mutating func token(_ index: Int) -> Token {
    while first + window.count <= index {
      if let last = window.last, last.kind == .end { return last }
      // NOTE: `init` lexed the text without error, so `next()` cannot throw here.
      let next = (try? lexer.next()) ?? lexer.endToken
      if window.count == 8 {
        window.removeFirst(4)
        first += 4
      }
      window.append(next)
    }
    precondition(index >= first, "a token stream only looks a few tokens back")
    return window[index - first]
  }
}
