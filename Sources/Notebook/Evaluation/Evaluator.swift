// Evaluates expressions against a snapshot of the session's variables. It never changes a
// variable: the session assigns the result only after a statement succeeded, so a failing
// statement leaves everything as it was.

import DenseMatrix

/// Evaluates the expressions of one statement.
///
/// Arithmetic (Evaluator+Arithmetic.swift): `+ - .* ./ .^` are element-wise and broadcast
/// (`Broadcast`: a scalar over everything, a row over every row, a column over every column);
/// `*` is the matrix product (or scaling by a scalar), `/` divides by a scalar, `^` raises a
/// number, or a square matrix to a whole power. Indexing, ranges and members are in
/// Evaluator+Indexing.swift.
final class Evaluator {
  /// The variables as they were when the statement started.
  let variables: [String: Value]
  /// The functions a call can name.
  let functions: FunctionTable
  /// The command names (for "is a command" notes).
  let commandNames: [String]
  /// The session's settings.
  let settings: Settings
  /// The random source; the session keeps it only when the statement succeeds.
  var random: RandomSource
  /// The statement being run (command arguments are parsed from its text).
  let statement: StatementSource
  /// Polled by long computations that stop between steps: the check the statement installed
  /// (`Interruption`, the one contract for stopping).
  var isInterrupted: @Sendable () -> Bool { { Interruption.isRequested } }
  /// The sizes `end` stands for, innermost index last (empty outside an index).
  var endValues: [Int] = []
  /// Notes the statement's functions left for the reader (`Arguments.note`), printed after
  /// its value as `note: …`, each once, in the order given.
  var notes: [String] = []

  init(
    variables: [String: Value], functions: FunctionTable, commandNames: [String],
    settings: Settings, random: RandomSource, statement: StatementSource
  ) {
    self.variables = variables
    self.functions = functions
    self.commandNames = commandNames
    self.settings = settings
    self.random = random
    self.statement = statement
  }

  /// Named constants: `pi`, `Inf` and `NaN` (they cannot be assigned to).
  static let constants: [String: Double] = ["pi": Double.pi, "Inf": Double.infinity, "NaN": Double.nan]

  /// The value of `expr`.
  func evaluate(_ expr: Expr) throws(Diagnostic) -> Value {
    switch expr.kind {
    case .number(let x): return .number(x)
    case .string(let s): return .string(s)
    case .name(let name):
      if name == "end", let size = endValues.last { return .number(Double(size)) }
      if let value = variables[name] { return value }
      if let x = Evaluator.constants[name] { return .number(x) }
      throw unknownVariable(name, at: expr.range)
    case .matrix(let rows): return try matrixLiteral(rows, at: expr.range)
    case .numbers: return try matrixLiteral([[expr]], at: expr.range)
    case .call(let name, let nameRange, let arguments):
      return try call(name, nameRange: nameRange, arguments: arguments, range: expr.range)
    case .negate(let operand):
      switch try evaluate(operand) {
      case .number(let x): return .number(-x)
      case .matrix(let m):
        try checkSize(m.rows, m.columns, at: expr.range)
        return .matrix(-m)
      case .tensor(let t):
        return try negated(t, at: expr.range)
      case let other:
        throw Diagnostic("cannot negate \(other.article)", at: expr.range)
      }
    case .transpose(let operand):
      switch try evaluate(operand) {
      case .number(let x): return .number(x)
      case .matrix(let m):
        try checkSize(m.rows, m.columns, at: expr.range)
        return .matrix(m.transposed())
      case let other:
        throw Diagnostic("cannot transpose \(other.article)", at: expr.range)
      }
    case .binary(let op, let lhs, let rhs, let operatorRange):
      let value = try binary(op, try evaluate(lhs), try evaluate(rhs), at: operatorRange)
      // A 1×1 result (uᵀv) is a number.
      if case .matrix(let m) = value, m.rows == 1, m.columns == 1 { return .number(m.elements[0]) }
      return value
    case .range(let start, let step, let stop):
      return try range(start, step, stop, at: expr.range)
    case .all:
      throw Diagnostic(
        "':' alone stands for a whole dimension, only inside an index", at: expr.range,
        notes: ["as in W(:, 2), the second column"])
    case .apply(let target, let arguments):
      return try apply(try evaluate(target), arguments, at: expr.range)
    case .member(let target, let name, let nameRange):
      return try member(name, of: try evaluate(target), at: nameRange)
    }
  }

  /// The diagnostic for an unknown name: a function or command used as a variable, or a
  /// near-miss of a known name. When the name `standsAlone` as the whole statement, it may be a
  /// misspelt command (`vras`): a near command name is suggested when no variable, function or
  /// constant is near.
  func unknownVariable(_ name: String, at range: SourceRange, standsAlone: Bool = false)
    -> Diagnostic
  {
    if functions[name] != nil {
      return Diagnostic("'\(name)' is a function", at: range, notes: ["call it as \(name)(…)"])
    }
    if commandNames.contains(name) {
      return Diagnostic(
        "'\(name)' is a command", at: range,
        notes: ["a command starts a line: write '\(name) …'"])
    }
    var diagnostic = Diagnostic("unknown variable '\(name)'", at: range)
    if let note = Suggestion.note(
      for: name, in: Array(variables.keys) + functions.names + Evaluator.constants.keys) {
      diagnostic.notes.append(note)
    } else if standsAlone, let note = Suggestion.note(for: name, in: commandNames) {
      diagnostic.notes.append(note)
    }
    return diagnostic
  }

  // MARK: - Calls

  private func call(
    _ name: String, nameRange: SourceRange, arguments: [CallArgument], range: SourceRange
  ) throws(Diagnostic) -> Value {
    if let value = variables[name] { return try apply(value, arguments, at: range) }
    guard let function = functions[name] else {
      var diagnostic = Diagnostic("unknown function '\(name)'", at: nameRange)
      if commandNames.contains(name) {
        diagnostic.notes.append(Parser.commandInExpressionNote(name))
      } else if let note = Suggestion.note(for: name, in: functions.names) {
        diagnostic.notes.append(note)
      }
      throw diagnostic
    }
    let slots = arguments.map { argument in
      Arguments.Slot(
        key: argument.label, keyRange: argument.labelRange, text: sourceText(argument.value.range),
        range: argument.value.range, expr: argument.value, commandArgument: nil)
    }
    let invocation = try Arguments(
      name: name, range: range, usage: function.usage, signature: function.signature,
      slots: slots, evaluator: self, isCommand: false)
    return try function.run(invocation)
  }

  /// The text the user wrote at `range`.
  func sourceText(_ range: SourceRange) -> String {
    let scalars = Array(statement.lineText(range.line).unicodeScalars)
    let start = min(max(0, range.column - 1), scalars.count)
    let end = min(scalars.count, start + range.length)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
  }

  // MARK: - Matrix literals

  /// Builds `[a b; c d]`: each row concatenates its blocks side by side (equal row counts),
  /// then the rows are stacked (equal column counts). Numbers are 1×1 blocks; empty blocks are
  /// skipped. A literal that comes out 1×1 is a number.
  private func matrixLiteral(_ rows: [[Expr]], at range: SourceRange) throws(Diagnostic) -> Value {
    var stacked: [Matrix] = []
    for row in rows {
      // Written numbers (`.numbers`, most of a literal) are 1×1 blocks read off the tree; only
      // the other elements are evaluated, and kept by their place in the row.
      var blocks: [Int: Matrix] = [:]
      for (index, element) in row.enumerated() {
        if case .numbers = element.kind { continue }
        let value = try evaluate(element)
        guard let block = value.matrix else {
          throw Diagnostic(
            "a matrix literal holds numbers and matrices, not \(value.article)", at: element.range)
        }
        blocks[index] = block
      }
      var first: Shape?
      var columns = 0
      for (index, element) in row.enumerated() {
        let shape = blocks[index]?.shape ?? Shape(1, 1)
        guard shape.rows * shape.columns > 0 else { continue }
        if let first {
          guard shape.rows == first.rows else {
            throw Diagnostic(
              "cannot place a \(shape) block beside a \(first) block", at: element.range,
              notes: ["blocks in one row need the same number of rows"])
          }
        } else {
          first = shape
        }
        if case .numbers(let xs) = element.kind { columns += xs.count } else { columns += shape.columns }
      }
      guard let first else { continue }
      try checkSize(first.rows, columns, at: range)
      var joined = Matrix(rows: first.rows, columns: columns)
      var offset = 0
      for (index, element) in row.enumerated() {
        if let block = blocks[index] {
          for i in 0..<block.rows {
            for j in 0..<block.columns { joined[i, offset + j] = block[i, j] }
          }
          offset += block.columns
        } else if case .numbers(let xs) = element.kind {
          joined.elements.replaceSubrange(offset..<offset + xs.count, with: xs)
          offset += xs.count
        }
      }
      stacked.append(joined)
    }
    guard let top = stacked.first else { return .matrix(Matrix(rows: 0, columns: 0)) }
    var rowCount = 0
    for block in stacked {
      guard block.columns == top.columns else {
        throw Diagnostic(
          "cannot stack a \(block.shape) row under a \(top.shape) row", at: range,
          notes: ["rows of a matrix literal need the same number of columns"])
      }
      rowCount += block.rows
    }
    try checkSize(rowCount, top.columns, at: range)
    let result = Matrix(
      rows: rowCount, columns: top.columns, elementsUnchecked: stacked.flatMap(\.elements))
    if result.rows == 1 && result.columns == 1 { return .number(result.elements[0]) }
    return .matrix(result)
  }
}

extension Matrix {
  /// A matrix from entries already known to fill it.
  fileprivate init(rows: Int, columns: Int, elementsUnchecked elements: [Double]) {
    self.init(rows: rows, columns: columns)
    self.elements = elements
  }
}
