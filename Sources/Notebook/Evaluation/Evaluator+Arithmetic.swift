// The operators of the language. Element-wise ones (`+ - .* ./ .^`) combine their operands under
// the one broadcasting rule of the core (`Broadcast`), so a number, a row or a column stretches
// over a matrix; `*` is the matrix product, `/` divides by a number, and `^` raises a number, or a
// square matrix to a whole power (W^3 = W·W·W). A power whose value is not a real number
// (`(-8)^(1/3)`, NaN from operands that are not NaN) is an error, as it is for `sqrt(-1)`.

import DenseMatrix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension Evaluator {
  /// The most elements one new matrix of this statement may have: the element limit, or less
  /// when the session's memory budget, after the variables it holds, leaves less room.
  var allocationLimit: Int {
    min(settings.elementLimit, Evaluator.elementsLeft(settings.memoryBudget, holding: variables))
  }

  /// The doubles that fit in `budget` bytes beside `variables`. O(number of variables).
  static func elementsLeft(_ budget: Int, holding variables: [String: Value]) -> Int {
    max(0, budget / 8 - elementsHeld(by: variables))
  }

  /// The doubles `variables` hold, as the memory budget counts them (a matrix shared by two
  /// variables counts twice). O(number of variables).
  static func elementsHeld(by variables: [String: Value]) -> Int {
    variables.values.reduce(0) { $0 + $1.elementCount }
  }

  func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    if let a = lhs.scalar, let b = rhs.scalar {
      let x = Evaluator.apply(op, a, b)
      if x.isNaN && !a.isNaN && !b.isNaN && (op == .power || op == .elementwisePower) {
        throw Evaluator.notReal("\(a.messageText) \(op.rawValue) \(b.messageText)", at: range)
      }
      return .number(x)
    }
    if case .tensor = lhs { return try tensorBinary(op, lhs, rhs, at: range) }
    if case .tensor = rhs { return try tensorBinary(op, lhs, rhs, at: range) }
    guard let left = lhs.matrix, let right = rhs.matrix else {
      let bad = lhs.matrix == nil ? lhs : rhs
      throw Diagnostic("cannot use '\(op.rawValue)' with \(bad.article)", at: range)
    }
    // The result's shape, checked against the limit before anything is computed: a matrix
    // product's, or at most the larger extent in each dimension (a broadcast or a scaling).
    let isProduct = op == .multiply && lhs.scalar == nil && rhs.scalar == nil
    try checkSize(
      isProduct ? left.rows : max(left.rows, right.rows),
      isProduct ? right.columns : max(left.columns, right.columns), at: range)
    switch op {
    case .multiply:
      if let a = lhs.scalar { return .matrix(a * right) }
      if let b = rhs.scalar { return .matrix(left * b) }
      return .matrix(try core(at: range) { try left * right })
    case .divide:
      guard let b = rhs.scalar else {
        throw Diagnostic(
          "cannot divide by a \(right.shape) matrix", at: range,
          notes: ["'/' divides by a number; './' divides element by element"])
      }
      return .matrix(left / b)
    case .power:
      return .matrix(try matrixPower(left, rhs, at: range))
    case .add, .subtract, .elementwiseMultiply, .elementwiseDivide, .elementwisePower:
      let limit = allocationLimit
      let result = try core(at: range) {
        try left.elementwise(right, op: op.rawValue, limit: limit) { Evaluator.apply(op, $0, $1) }
      }
      if op == .elementwisePower, let (i, j) = Evaluator.firstUndefined(result, [left, right]) {
        let a = left[left.rows == 1 ? 0 : i, left.columns == 1 ? 0 : j]
        let b = right[right.rows == 1 ? 0 : i, right.columns == 1 ? 0 : j]
        throw Evaluator.notReal(
          "\(a.messageText) .^ \(b.messageText)", at: range,
          entry: "(\(i + 1), \(j + 1))")
      }
      return .matrix(result)
    }
  }

  /// `a op b` for numbers.
  static func apply(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double {
    switch op {
    case .add: return a + b
    case .subtract: return a - b
    case .multiply, .elementwiseMultiply: return a * b
    case .divide, .elementwiseDivide: return a / b
    // NOTE: the C library's pow, exact for whole exponents of negative numbers ((-2)^3 = -8),
    // NaN for (-8)^(1/3), which `binary` reports.
    case .power, .elementwisePower: return pow(a, b)
    }
  }

  /// `W ^ k`: a square matrix to a whole power k ≥ 0, by repeated squaring.
  private func matrixPower(_ w: Matrix, _ exponent: Value, at range: SourceRange)
    throws(Diagnostic) -> Matrix
  {
    let note = "for element-wise powers write '.^'"
    guard let k = exponent.scalar else {
      throw Diagnostic(
        "'^' needs a number as its exponent, got \(exponent.article)", at: range, notes: [note])
    }
    guard w.rows == w.columns else {
      throw Diagnostic(
        "cannot raise a \(w.shape) matrix to a power", at: range,
        notes: ["'^' of a matrix is the matrix power W·W·…·W, which needs a square matrix", note])
    }
    guard k.isFinite, k >= 0, k == k.rounded(), k <= 1e15 else {
      throw Diagnostic(
        "a matrix power needs a whole exponent ≥ 0, got \(k.messageText)", at: range,
        notes: ["'^' of a matrix is the matrix power W·W·…·W", note])
    }
    return try core(at: range) { try w.raised(to: Int(k)) }
  }

  /// The first entry (zero-based row, column) where `result` is NaN while no operand entry
  /// behind it is; the operands broadcast to `result`'s shape.
  static func firstUndefined(_ result: Matrix, _ operands: [Matrix]) -> (Int, Int)? {
    for i in 0 ..< result.rows {
      for j in 0 ..< result.columns where result[i, j].isNaN {
        let fromNaN = operands.contains { m in
          m[m.rows == 1 ? 0 : i, m.columns == 1 ? 0 : j].isNaN
        }
        if !fromNaN { return (i, j) }
      }
    }
    return nil
  }

  /// `(-8) ^ 0.333333 is not a real number` (at `entry` when given).
  static func notReal(_ what: String, at range: SourceRange, entry: String? = nil) -> Diagnostic {
    Diagnostic(
      "\(what) is not a real number" + (entry.map { " (entry \($0))" } ?? ""), at: range,
      notes: ["a negative number has real powers only for whole exponents"])
  }

  func checkSize(_ rows: Int, _ columns: Int, at range: SourceRange) throws(Diagnostic) {
    let limit = allocationLimit
    _ = try core(at: range) { try Matrix.checkedShape(rows, columns, limit: limit) }
  }
}
