// A recursive-descent parser for expressions and assignments, in the style of Crafting
// Interpreters: one method per precedence level, lowest first.
//
//     statement      → IDENT "=" expression | expression
//     expression     → range
//     range          → additive (":" additive (":" additive)?)?
//     additive       → multiplicative (("+" | "-") multiplicative)*
//     multiplicative → unary (("*" | "/" | ".*" | "./") unary)*
//     unary          → ("-" | "+") unary | power
//     power          → postfix (("^" | ".^") unary)?
//     postfix        → primary ("'" | "(" arguments? ")" | "." IDENT)*
//     primary        → NUMBER | STRING | IDENT | IDENT "(" arguments? ")" | "(" expression ")"
//                    | "[" rows "]"
//     arguments      → argument ("," argument)*
//     argument       → IDENT "=" expression | ":" | expression
//
// `^` binds tighter than a leading minus and groups to the right, as in mathematics (and
// Octave's `-2^2`, Python's `2**3**2`): `-2^2` is −4, `2^3^2` is 2^9, `2^-1` is 0.5. A `(…)`,
// `'` or `.name` after a value (written without a space before it) applies to that value:
// `W'(1, 2)`, `size(W)(1)`, `p.sigma`.
//
// The matrix-literal rule (as in MATLAB): inside `[ ]`, whitespace separates elements, so a `+`
// or `-` with whitespace before it and none after starts a new element — `[1 -2]` has two
// elements, `[1 - 2]` and `[1-2]` one. Likewise `[a (1)]` is two elements, and `[a ']` is an
// error (a transpose must touch its operand). Inside `( )` whitespace never matters. Rows are
// separated by `;` or a newline, elements by `,` or whitespace; empty rows are ignored.

/// Parses the tokens of one statement (or one command argument).
struct Parser {
  private enum Context { case top, paren, matrix }

  /// The deepest expression tree accepted (the height of `1 + 2` is 2). Far beyond anything a
  /// person writes; it keeps evaluation and printing from exhausting the stack.
  static let maximumHeight = 200

  private let source: SourceText
  private let isCommand: (String) -> Bool
  private var tokens: TokenStream
  private var current = 0
  private var contexts: [Context] = [.top]
  private var nesting = 0

  /// A parser over `tokens`, which come from `source`. `isCommand` tells which names are
  /// commands, for the note when one is written inside an expression.
  init(
    tokens: TokenStream, source: SourceText, isCommand: @escaping (String) -> Bool = { _ in false }
  ) {
    self.tokens = tokens
    self.source = source
    self.isCommand = isCommand
  }

  /// Parses an assignment or a bare expression that must use every token.
  mutating func statement() throws(Diagnostic) -> Statement {
    skipNewlines()
    if case .end = peek().kind { return .empty }
    if case .identifier(let name) = peek().kind, tokens.token(current + 1).kind == .equals {
      let nameToken = advance()
      advance()
      let value = try expression()
      try expectEnd()
      return .assignment(name: name, nameRange: nameToken.range, value: value)
    }
    let value = try expression()
    try expectEnd()
    return .expression(value)
  }

  /// Parses one expression that must use every token.
  mutating func completeExpression() throws(Diagnostic) -> Expr {
    skipNewlines()
    let value = try expression()
    try expectEnd()
    return value
  }

  // MARK: - Precedence levels

  private mutating func expression() throws(Diagnostic) -> Expr {
    let start = try additive()
    guard case .colon = peek().kind else { return start }
    advance()
    var stop = try additive()
    var step: Expr?
    if case .colon = peek().kind {
      advance()
      step = stop
      stop = try additive()
    }
    let range = Expr(.range(start: start, step: step, stop: stop), range: span(start.range, stop))
    if range.height > Parser.maximumHeight { throw tooDeep(start.range) }
    return range
  }

  private mutating func additive() throws(Diagnostic) -> Expr {
    var lhs = try multiplicative()
    while true {
      let token = peek()
      let op: BinaryOperator
      switch token.kind {
      case .plus: op = .add
      case .minus: op = .subtract
      default: return lhs
      }
      if contexts.last == .matrix && token.spaceBefore && !token.spaceAfter { return lhs }
      advance()
      let rhs = try multiplicative()
      lhs = Expr(.binary(op, lhs, rhs, operatorRange: token.range), range: span(lhs.range, rhs))
      if lhs.height > Parser.maximumHeight { throw tooDeep(token.range) }
    }
  }

  private mutating func multiplicative() throws(Diagnostic) -> Expr {
    var lhs = try unary()
    while true {
      let token = peek()
      let op: BinaryOperator
      switch token.kind {
      case .star: op = .multiply
      case .slash: op = .divide
      case .dotStar: op = .elementwiseMultiply
      case .dotSlash: op = .elementwiseDivide
      default: return lhs
      }
      advance()
      let rhs = try unary()
      lhs = Expr(.binary(op, lhs, rhs, operatorRange: token.range), range: span(lhs.range, rhs))
      if lhs.height > Parser.maximumHeight { throw tooDeep(token.range) }
    }
  }

  private mutating func unary() throws(Diagnostic) -> Expr {
    let token = peek()
    nesting += 1
    defer { nesting -= 1 }
    if nesting > Parser.maximumHeight { throw tooDeep(token.range) }
    switch token.kind {
    case .minus:
      advance()
      let operand = try unary()
      return Expr(.negate(operand), range: span(token.range, operand))
    case .plus:
      advance()
      return try unary()
    default:
      return try power()
    }
  }

  private mutating func power() throws(Diagnostic) -> Expr {
    let base = try postfix()
    let token = peek()
    let op: BinaryOperator
    switch token.kind {
    case .caret: op = .power
    case .dotCaret: op = .elementwisePower
    default: return base
    }
    advance()
    let exponent = try unary()
    let value = Expr(
      .binary(op, base, exponent, operatorRange: token.range), range: span(base.range, exponent))
    if value.height > Parser.maximumHeight { throw tooDeep(token.range) }
    return value
  }

  private mutating func postfix() throws(Diagnostic) -> Expr {
    var value = try primary()
    while true {
      let token = peek()
      switch token.kind {
      case .quote:
        if contexts.last == .matrix && token.spaceBefore {
          throw Diagnostic(
            "unexpected transpose ' after a space inside [ ]", at: token.range,
            notes: ["write a transpose right after its operand, as in [W' v']"])
        }
        advance()
        value = Expr(.transpose(value), range: span(value.range, token.range))
      case .leftParen where !token.spaceBefore:
        let open = advance()
        let arguments = try self.arguments(opener: open)
        value = Expr(.apply(value, arguments: arguments), range: span(value.range, previous.range))
      case .member(let name) where !token.spaceBefore:
        advance()
        value = Expr(
          .member(value, name: name, nameRange: token.range), range: span(value.range, token.range))
      default:
        return value
      }
      if value.height > Parser.maximumHeight { throw tooDeep(token.range) }
    }
  }

  private mutating func primary() throws(Diagnostic) -> Expr {
    let token = peek()
    switch token.kind {
    case .number(let x):
      advance()
      return Expr(.number(x), range: token.range)
    case .string(let s):
      advance()
      return Expr(.string(s), range: token.range)
    case .identifier(let name):
      advance()
      let next = peek()
      if next.kind == .leftParen && !(contexts.last == .matrix && next.spaceBefore) {
        return try call(name, nameToken: token)
      }
      return Expr(.name(name), range: token.range)
    case .leftParen:
      advance()
      contexts.append(.paren)
      let inner = try expression()
      try expectClosing(.rightParen, opener: token)
      contexts.removeLast()
      return Expr(inner.kind, range: span(token.range, previous.range))
    case .leftBracket:
      return try matrixLiteral()
    default:
      throw unexpected(token, expecting: "an expression")
    }
  }

  private mutating func call(_ name: String, nameToken: Token) throws(Diagnostic) -> Expr {
    let open = advance()
    let arguments = try self.arguments(opener: open)
    return Expr(
      .call(name: name, nameRange: nameToken.range, arguments: arguments),
      range: span(nameToken.range, previous.range))
  }

  /// The arguments after `opener` (a `(` already consumed) up to and including the `)`.
  private mutating func arguments(opener open: Token) throws(Diagnostic) -> [CallArgument] {
    contexts.append(.paren)
    var arguments: [CallArgument] = []
    if peek().kind != .rightParen {
      while true {
        var label: String?
        var labelRange: SourceRange?
        if case .identifier(let key) = peek().kind, tokens.token(current + 1).kind == .equals {
          label = key
          labelRange = advance().range
          advance()
        }
        let value: Expr
        if case .colon = peek().kind, [.comma, .rightParen].contains(tokens.token(current + 1).kind) {
          value = Expr(.all, range: advance().range)
        } else {
          value = try expression()
        }
        arguments.append(CallArgument(label: label, labelRange: labelRange, value: value))
        if peek().kind == .comma {
          advance()
          continue
        }
        break
      }
    }
    try expectClosing(.rightParen, opener: open)
    contexts.removeLast()
    return arguments
  }

  private mutating func matrixLiteral() throws(Diagnostic) -> Expr {
    let open = advance()
    contexts.append(.matrix)
    var rows: [[Expr]] = []
    var row: [Expr] = []
    // Written numbers side by side, not yet placed in `row` (one `.numbers` element).
    var numbers: [Double] = []
    var numbersRange = open.range
    var afterComma = false
    loop: while true {
      let token = peekRaw()
      switch token.kind {
      case .rightBracket:
        advance()
        break loop
      case .semicolon, .newline:
        advance()
        if afterComma { throw unexpected(token, expecting: "an element after ','") }
        Parser.place(&numbers, at: numbersRange, in: &row)
        if !row.isEmpty { rows.append(row) }
        row = []
      case .comma:
        if (row.isEmpty && numbers.isEmpty) || afterComma { throw unexpected(token, expecting: "an element") }
        advance()
        afterComma = true
        continue loop
      case .end:
        throw closing(.rightBracket, opener: open, found: token)
      default:
        if !(row.isEmpty && numbers.isEmpty) && !afterComma && !token.spaceBefore {
          throw unexpected(token, expecting: "',' or ']'").noting(
            "to close '[' at \(open.range.line):\(open.range.column)")
        }
        let element = try expression()
        if let x = Parser.writtenNumber(element) {
          if numbers.isEmpty { numbersRange = element.range }
          numbers.append(x)
        } else {
          Parser.place(&numbers, at: numbersRange, in: &row)
          row.append(element)
        }
      }
      afterComma = false
    }
    if afterComma { throw unexpected(previous, expecting: "an element after ','") }
    Parser.place(&numbers, at: numbersRange, in: &row)
    if !row.isEmpty { rows.append(row) }
    contexts.removeLast()
    return Expr(.matrix(rows), range: span(open.range, previous.range))
  }

  /// Ends a run of written numbers: appends it to `row` as one `.numbers` element.
  private static func place(_ numbers: inout [Double], at range: SourceRange, in row: inout [Expr]) {
    guard !numbers.isEmpty else { return }
    row.append(Expr(.numbers(numbers), range: range))
    numbers = []
  }

  /// The value of a number as written, `2.5` or `-2.5`, or nil for any other expression.
  private static func writtenNumber(_ element: Expr) -> Double? {
    switch element.kind {
    case .number(let x): return x
    case .negate(let operand):
      if case .number(let x) = operand.kind { return -x }
      return nil
    default: return nil
    }
  }

  // MARK: - Helpers

  /// The current token; inside parentheses newlines are skipped as whitespace.
  private mutating func peek() -> Token {
    if contexts.last == .paren { skipNewlines() }
    return tokens.token(current)
  }

  /// The current token, newlines included.
  private mutating func peekRaw() -> Token { tokens.token(current) }

  private var previous: Token { mutating get { tokens.token(max(0, current - 1)) } }

  @discardableResult
  private mutating func advance() -> Token {
    let token = tokens.token(current)
    if token.kind != .end { current += 1 }
    return token
  }

  private mutating func skipNewlines() {
    while tokens.token(current).kind == .newline { current += 1 }
  }

  private mutating func expectEnd() throws(Diagnostic) {
    skipNewlines()
    let token = tokens.token(current)
    guard token.kind == .end else {
      if token.kind == .equals {
        throw Diagnostic(
          "unexpected '='", at: token.range, notes: ["only a variable name can be assigned to"])
      }
      if case .rightParen = token.kind { throw Diagnostic("unmatched ')'", at: token.range) }
      if case .rightBracket = token.kind { throw Diagnostic("unmatched ']'", at: token.range) }
      var diagnostic = Diagnostic(
        "unexpected \(token.kind.display) after the expression", at: token.range)
      // `x = norms W`: the expression ended at a command name whose argument follows.
      if case .identifier(let name) = previous.kind, isCommand(name) {
        diagnostic.notes.append(Parser.commandInExpressionNote(name))
      }
      throw diagnostic
    }
  }

  private mutating func expectClosing(_ kind: TokenKind, opener: Token) throws(Diagnostic) {
    let token = peek()
    guard token.kind == kind else { throw closing(kind, opener: opener, found: token) }
    advance()
  }

  private func closing(_ kind: TokenKind, opener: Token, found: Token) -> Diagnostic {
    let note = "to close \(opener.kind.display) at \(opener.range.line):\(opener.range.column)"
    if found.kind == .end {
      return Diagnostic("expected \(kind.display) at end of input", at: found.range, notes: [note])
    }
    return Diagnostic(
      "expected \(kind.display), found \(found.kind.display)", at: found.range, notes: [note])
  }

  /// The note for a command name used inside an expression (`norms(W)`, `x = norms W`).
  static func commandInExpressionNote(_ name: String) -> String {
    "'\(name)' is a command: write '\(name) …' at the start of a line"
  }

  private func tooDeep(_ range: SourceRange) -> Diagnostic {
    Diagnostic(
      "expression too deeply nested", at: range,
      notes: ["at most \(Parser.maximumHeight) levels of operators and brackets; split it with variables"])
  }

  private func unexpected(_ token: Token, expecting what: String) -> Diagnostic {
    if token.kind == .end {
      return Diagnostic("expected \(what) at end of input", at: token.range)
    }
    return Diagnostic("expected \(what), found \(token.kind.display)", at: token.range)
  }

  /// The range from `start` to the end of `last`, on `start`'s line.
  private func span(_ start: SourceRange, _ last: Expr) -> SourceRange {
    span(start, last.range)
  }

  private func span(_ start: SourceRange, _ last: SourceRange) -> SourceRange {
    guard last.line == start.line else { return start }
    let end = max(start.column + start.length, last.column + last.length)
    return SourceRange(line: start.line, column: start.column, length: end - start.column)
  }
}
