// Decides what kind of statement a line is and parses it: a command (`verb args key=value …`),
// an assignment or a bare expression.
//
// The rule: a statement whose first word is a command name, followed by whitespace or the end of
// the line, and whose next non-blank character is not `=`, is a command (`norms W`,
// `norms (A + B)`, `help`). `norms = 3` is an assignment and `norms(W)` an expression, whatever
// the name. Command arguments are split at whitespace at bracket depth 0 (strings and brackets
// keep their spaces); each is `key=value` or positional, and keeps its source range.

/// Parses one statement.
enum StatementParser {
  /// Parses `statement`; `isCommand` tells which words are command names.
  static func parse(
    _ statement: StatementSource, isCommand: @escaping (String) -> Bool
  ) throws(Diagnostic) -> Statement
  {
    let source = SourceText(statement)
    if let (name, range, argumentsStart) = commandHead(source, isCommand: isCommand) {
      return .command(
        name: name, nameRange: range,
        arguments: try splitArguments(source, from: argumentsStart))
    }
    var parser = Parser(tokens: try TokenStream(Lexer(source)), source: source, isCommand: isCommand)
    return try parser.statement()
  }

  /// Parses the value of a command argument as an expression.
  static func expression(_ argument: CommandArgument, in statement: StatementSource)
    throws(Diagnostic) -> Expr
  {
    let source = SourceText(statement)
    let tokens = try TokenStream(
      Lexer(source, from: argument.offsets.lowerBound, to: argument.offsets.upperBound))
    var parser = Parser(tokens: tokens, source: source)
    return try parser.completeExpression()
  }

  /// The first word of the text and where the rest starts, when the statement has a command's
  /// shape: identifier, then whitespace or end, and the next non-blank character is not `=`.
  static func leadingWord(_ source: SourceText) -> (word: String, range: SourceRange, rest: Int, spaced: Bool)? {
    let s = source.scalars
    var i = 0
    while i < s.count && (s[i] == " " || s[i] == "\t") { i += 1 }
    let start = i
    guard i < s.count, Lexer.isIdentifierStart(s[i]) else { return nil }
    while i < s.count && Lexer.isIdentifierPart(s[i]) { i += 1 }
    let word = source.slice(start, i)
    let spaced = i == s.count || s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "#"
    return (word, source.range(start, i), i, spaced)
  }

  private static func commandHead(_ source: SourceText, isCommand: (String) -> Bool)
    -> (String, SourceRange, Int)?
  {
    guard let (word, range, rest, spaced) = leadingWord(source), spaced, isCommand(word) else {
      return nil
    }
    let s = source.scalars
    var j = rest
    while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
    if j < s.count && s[j] == "=" { return nil }
    return (word, range, rest)
  }

  /// Splits `source` from offset `start` into arguments at whitespace at bracket depth 0, by the
  /// lexical rules of `LexicalScan` (strings and brackets keep their spaces; a comment outside
  /// brackets ends the arguments, one inside them runs to the end of its line).
  static func splitArguments(_ source: SourceText, from start: Int) throws(Diagnostic)
    -> [CommandArgument]
  {
    let s = source.scalars
    var places = [LexicalPlace](repeating: .code, count: s.count)
    var depths = [Int](repeating: 0, count: s.count)
    let scan = LexicalScan(s, from: start) { i, place, depth in
      places[i] = place
      depths[i] = depth
    }
    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
    var arguments: [CommandArgument] = []
    var i = start
    while true {
      while i < s.count && places[i] == .code && isSpace(s[i]) { i += 1 }
      if i >= s.count || places[i] == .comment { break }
      let argumentStart = i
      while i < s.count {
        if depths[i] == 0 && (places[i] == .comment || (places[i] == .code && isSpace(s[i]))) { break }
        if places[i] == .string {
          let (end, terminated) = LexicalScan.stringEnd(s, from: i, to: s.count)
          guard terminated else {
            throw Diagnostic(
              "unterminated string", at: source.range(i, i + 1),
              notes: ["a string ends with '\"' on the same line"])
          }
          i = end
          continue
        }
        if i == scan.unmatchedCloser {
          throw Diagnostic("unmatched '\(s[i])'", at: source.range(i, i + 1))
        }
        i += 1
      }
      if i >= s.count, let open = scan.open.last {
        let closer = open.scalar == "(" ? ")" : "]"
        let at = source.range(open.offset, open.offset + 1)
        throw Diagnostic(
          "expected '\(closer)' at end of input", at: source.range(s.count, s.count + 1),
          notes: ["to close '\(open.scalar)' at \(at.line):\(at.column)"])
      }
      arguments.append(argument(source, argumentStart, i))
    }
    return arguments
  }

  /// One argument: `key=value` when it starts with an identifier followed by `=`.
  private static func argument(_ source: SourceText, _ start: Int, _ end: Int) -> CommandArgument {
    let s = source.scalars
    var j = start
    if Lexer.isIdentifierStart(s[j]) {
      while j < end && Lexer.isIdentifierPart(s[j]) { j += 1 }
      if j < end && s[j] == "=" {
        return CommandArgument(
          key: source.slice(start, j), keyRange: source.range(start, j),
          text: source.slice(j + 1, end), range: source.range(j + 1, max(end, j + 2)),
          offsets: (j + 1)..<end)
      }
    }
    return CommandArgument(
      key: nil, keyRange: nil, text: source.slice(start, end), range: source.range(start, end),
      offsets: start..<end)
  }
}
