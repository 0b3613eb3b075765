// The arguments of one command or function call, checked against its `Signature` and read on
// demand: an argument declared as a word is never evaluated, an expression is evaluated when the
// command asks for it, and every problem points at the argument that caused it.

import DenseMatrix

/// The arguments of one call, with typed accessors that throw positioned diagnostics.
///
/// Positionals are indexed from 0; options are looked up by key. Reading an argument evaluates it
/// (expressions) or checks it (variables); nothing is evaluated twice.
public final class Arguments {
  struct Slot {
    var key: String?
    var keyRange: SourceRange?
    var text: String
    var range: SourceRange
    var expr: Expr?
    var commandArgument: CommandArgument?
  }

  /// The command or function being called (for messages).
  public let name: String
  /// Where the call was written: the command name or the function call.
  public let range: SourceRange
  /// The usage line, for notes.
  let usage: String
  let signature: Signature
  let evaluator: Evaluator
  private let positionals: [Slot]
  private let options: [String: Slot]
  private var cache: [Int: Value] = [:]

  init(
    name: String, range: SourceRange, usage: String, signature: Signature, slots: [Slot],
    evaluator: Evaluator, isCommand: Bool
  ) throws(Diagnostic) {
    self.name = name
    self.range = range
    self.usage = usage
    self.signature = signature
    self.evaluator = evaluator
    var positionals: [Slot] = []
    var options: [String: Slot] = [:]
    for slot in slots {
      guard let key = slot.key else {
        positionals.append(slot)
        continue
      }
      let keyRange = slot.keyRange ?? slot.range
      guard signature.option(key) != nil else {
        let known = signature.options.map(\.key)
        var diagnostic = Diagnostic("unknown option '\(key)' for '\(name)'", at: keyRange)
        if let note = Suggestion.note(for: key, in: known) {
          diagnostic.notes.append(note)
        } else if !known.isEmpty {
          diagnostic.notes.append("options: " + known.joined(separator: ", "))
        } else {
          diagnostic.notes.append("'\(name)' takes no options")
        }
        throw diagnostic
      }
      guard options[key] == nil else {
        throw Diagnostic("option '\(key)' given twice", at: keyRange)
      }
      if slot.text.isEmpty {
        throw Diagnostic("missing value after '\(key)='", at: slot.range)
      }
      options[key] = slot
    }
    if positionals.count < signature.minimumCount {
      let missing = signature.parameters[positionals.count]
      throw Diagnostic(
        "missing argument '\(missing.name)' of '\(name)'", at: range, notes: ["usage: \(usage)"])
    }
    if positionals.count > signature.maximumCount {
      let extra = positionals[signature.maximumCount]
      var notes = ["usage: \(usage)"]
      if isCommand && signature.parameters.contains(where: { $0.kind == .expression }) {
        notes.append("wrap an expression containing spaces in parentheses")
      }
      throw Diagnostic("too many arguments to '\(name)'", at: extra.range, notes: notes)
    }
    self.positionals = positionals
    self.options = options
  }

  // MARK: - Positionals

  /// Number of positional arguments given.
  public var count: Int { positionals.count }

  /// Where positional `index` was written (the call's range when absent).
  public func range(_ index: Int) -> SourceRange {
    positionals.indices.contains(index) ? positionals[index].range : range
  }

  /// The text of positional `index` exactly as written.
  public func text(_ index: Int) -> String? {
    positionals.indices.contains(index) ? word(positionals[index]) : nil
  }

  /// How a report names positional `index` in its header (`W : 2×2`): the name when the
  /// argument is a plain name (`W`), else the expression as written (`eye(2)`, `(A + B)`), so a
  /// computed value is never shown under some variable's name. An argument written over several
  /// lines is joined into one, and a long one elided in the middle (`TextElision`). Nil when
  /// absent.
  public func label(_ index: Int) -> String? {
    guard positionals.indices.contains(index) else { return nil }
    func trimmed(_ line: Substring) -> Substring {
      var line = line.drop(while: \.isWhitespace)
      while line.last?.isWhitespace == true { line.removeLast() }
      return line
    }
    return TextElision.elided(
      positionals[index].text.split(whereSeparator: \.isNewline).map(trimmed)
        .filter { !$0.isEmpty }.joined(separator: " "))
  }

  /// Leaves `text` to be printed as `note: text` after the statement's value (once, however
  /// often it is left).
  func note(_ text: String) {
    if !evaluator.notes.contains(text) { evaluator.notes.append(text) }
  }

  /// Positional `index`, evaluated.
  public func value(_ index: Int) throws(Diagnostic) -> Value {
    if let cached = cache[index] { return cached }
    guard positionals.indices.contains(index) else { throw missing(index) }
    let value = try evaluate(positionals[index])
    cache[index] = value
    return value
  }

  /// Positional `index` as a matrix (a number is a 1×1 matrix).
  public func matrix(_ index: Int) throws(Diagnostic) -> Matrix {
    try matrix(try value(index), what: describe(index), at: range(index))
  }

  /// Positional `index` as a number.
  public func number(_ index: Int) throws(Diagnostic) -> Double {
    try number(try value(index), what: describe(index), at: range(index))
  }

  /// Positional `index` as a whole number ≥ 0.
  public func count(_ index: Int) throws(Diagnostic) -> Int {
    try count(try value(index), what: describe(index), at: range(index))
  }

  /// Positional `index` as a vector: the entries of a matrix with one row or one column.
  public func vector(_ index: Int) throws(Diagnostic) -> [Double] {
    try vector(try value(index), what: describe(index), at: range(index))
  }

  /// Positional `index` taken literally as a word (a method, a topic, a file name); checked
  /// against the parameter's declared values when it has some.
  public func word(_ index: Int) throws(Diagnostic) -> String {
    guard positionals.indices.contains(index) else { throw missing(index) }
    let text = word(positionals[index])
    if let parameter = signature.parameter(at: index), !parameter.values.isEmpty {
      try check(text, against: parameter.values, what: parameter.name, at: positionals[index].range)
    }
    return text
  }

  /// Positional `index` as the name of an existing variable, with its value.
  public func variable(_ index: Int) throws(Diagnostic) -> (name: String, value: Value) {
    guard positionals.indices.contains(index) else { throw missing(index) }
    let slot = positionals[index]
    let name = word(slot)
    guard Lexer.isIdentifier(name) else {
      throw Diagnostic("expected a variable name, found '\(name)'", at: slot.range)
    }
    guard let value = evaluator.variables[name] else {
      throw evaluator.unknownVariable(name, at: slot.range)
    }
    return (name, value)
  }

  /// Positional `index` as the name of a variable holding an object of type `T` (a
  /// `PowerTracker`, a critic…), with the object. `what` names the expected kind in the message:
  /// `'W' is a matrix; 'step' needs a power tracker`.
  public func object<T: NotebookObject>(_ index: Int, as type: T.Type, what: String)
    throws(Diagnostic) -> (name: String, object: T)
  {
    let (name, value) = try variable(index)
    guard case .object(let object) = value, let typed = object as? T else {
      throw Diagnostic(
        "'\(name)' is \(value.article); '\(self.name)' needs \(what)", at: range(index))
    }
    return (name, typed)
  }

  // MARK: - Options

  /// True when option `key` was given.
  public func has(_ key: String) -> Bool { options[key] != nil }

  /// Where option `key`'s value was written (the call's range when absent).
  public func range(option key: String) -> SourceRange { options[key]?.range ?? range }

  /// Option `key`, evaluated, or nil when absent.
  public func value(option key: String) throws(Diagnostic) -> Value? {
    guard let slot = options[key] else { return nil }
    return try evaluate(slot)
  }

  /// Option `key` as a number, or nil when absent.
  public func number(option key: String) throws(Diagnostic) -> Double? {
    guard let v = try value(option: key) else { return nil }
    return try number(v, what: "option '\(key)'", at: range(option: key))
  }

  /// Option `key` as a whole number ≥ 0, or nil when absent.
  public func count(option key: String) throws(Diagnostic) -> Int? {
    guard let v = try value(option: key) else { return nil }
    return try count(v, what: "option '\(key)'", at: range(option: key))
  }

  /// Option `key` as a matrix, or nil when absent.
  public func matrix(option key: String) throws(Diagnostic) -> Matrix? {
    guard let v = try value(option: key) else { return nil }
    return try matrix(v, what: "option '\(key)'", at: range(option: key))
  }

  /// Option `key` as a vector, or nil when absent.
  public func vector(option key: String) throws(Diagnostic) -> [Double]? {
    guard let v = try value(option: key) else { return nil }
    return try vector(v, what: "option '\(key)'", at: range(option: key))
  }

  /// Option `key` taken literally, or nil when absent; checked against the declared values of
  /// a `.word` option (an `.expression` option's words are alternatives to an expression).
  public func word(option key: String) throws(Diagnostic) -> String? {
    guard let slot = options[key] else { return nil }
    let text = word(slot)
    if let option = signature.option(key), option.kind == .word, !option.values.isEmpty {
      try check(text, against: option.values, what: key, at: slot.range)
    }
    return text
  }

  /// Throws `unknown value 'x' for 'what'` with did-you-mean unless `allowed` contains `text`.
  private func check(_ text: String, against allowed: [String], what: String, at range: SourceRange)
    throws(Diagnostic)
  {
    guard !allowed.contains(text) else { return }
    var diagnostic = Diagnostic("unknown value '\(text)' for '\(what)'", at: range)
    if let note = Suggestion.note(for: text, in: allowed) { diagnostic.notes.append(note) }
    diagnostic.notes.append("\(what) is one of: " + allowed.joined(separator: ", "))
    throw diagnostic
  }

  // MARK: - Session resources

  /// The session's settings.
  public var settings: Settings { evaluator.settings }

  /// The element limit every constructor must pass to the core: `set limit=N`, or less when
  /// the session's memory budget leaves less room (`Evaluator.allocationLimit`).
  public var elementLimit: Int { evaluator.allocationLimit }

  /// True once the user asked to stop (Ctrl-C); long computations poll it.
  public var isInterrupted: @Sendable () -> Bool { evaluator.isInterrupted }

  /// Runs `body` with the random source: a fresh one seeded by the `seed=` option when given,
  /// else the session's (which `seed N` resets). Core errors become diagnostics at the call.
  public func withRandom<T>(_ body: (inout RandomSource) throws -> T) throws(Diagnostic) -> T {
    if let seed = try count(option: "seed") {
      var local = RandomSource(seed: UInt64(seed))
      return try core(at: range) { try body(&local) }
    }
    return try core(at: range) { try body(&evaluator.random) }
  }

  // MARK: - Conversions

  private func evaluate(_ slot: Slot) throws(Diagnostic) -> Value {
    if let expr = slot.expr { return try evaluator.evaluate(expr) }
    if let argument = slot.commandArgument {
      return try evaluator.evaluate(try StatementParser.expression(argument, in: evaluator.statement))
    }
    throw Diagnostic("missing value", at: slot.range)
  }

  private func word(_ slot: Slot) -> String {
    if let expr = slot.expr {
      switch expr.kind {
      case .name(let name): return name
      case .string(let s): return s
      default: return slot.text
      }
    }
    return slot.text
  }

  private func describe(_ index: Int) -> String {
    if let parameter = signature.parameter(at: index) { return "argument '\(parameter.name)'" }
    return "argument \(index + 1)"
  }

  private func missing(_ index: Int) -> Diagnostic {
    let name = signature.parameter(at: index)?.name ?? "\(index + 1)"
    return Diagnostic("missing argument '\(name)' of '\(self.name)'", at: range, notes: ["usage: \(usage)"])
  }

  func matrix(_ value: Value, what: String, at range: SourceRange) throws(Diagnostic) -> Matrix {
    guard let m = value.matrix else {
      throw Diagnostic("\(what) of '\(name)' must be a matrix, got \(value.article)", at: range)
    }
    return m
  }

  func number(_ value: Value, what: String, at range: SourceRange) throws(Diagnostic) -> Double {
    guard let x = value.scalar else {
      throw Diagnostic("\(what) of '\(name)' must be a number, got \(value.article)", at: range)
    }
    return x
  }

  func count(_ value: Value, what: String, at range: SourceRange) throws(Diagnostic) -> Int {
    let x = try number(value, what: what, at: range)
    if x.isFinite, x == x.rounded(), x >= 9.0e15 {
      throw Diagnostic(
        "\(what) of '\(name)' must be at most 9e15, got \(NumberFormat(digits: 17).string(x))",
        at: range)
    }
    guard x.isFinite, x >= 0, x == x.rounded() else {
      throw Diagnostic(
        "\(what) of '\(name)' must be a whole number ≥ 0, got \(NumberFormat(digits: 17).string(x))",
        at: range)
    }
    return Int(x)
  }

  func vector(_ value: Value, what: String, at range: SourceRange) throws(Diagnostic) -> [Double] {
    let m = try matrix(value, what: what, at: range)
    guard m.rows <= 1 || m.columns <= 1 else {
      throw Diagnostic(
        "\(what) of '\(name)' must be a vector (one row or one column), got a \(m.shape) matrix",
        at: range)
    }
    return m.elements
  }
}
