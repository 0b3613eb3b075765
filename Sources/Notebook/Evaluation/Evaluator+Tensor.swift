// The operators on tensors of rank 3 and 4: `+ - .* ./ .^` entry by entry under the core's
// broadcasting (`Tensor.elementwise`: NumPy's rule, plus a C-vector as one value per channel of
// an N×C×… tensor), `*` and `/` with a number. A result of rank 2 or less is a matrix again.

import DenseMatrix

extension Evaluator {
  /// `lhs op rhs` when either side is a tensor.
  func tensorBinary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    guard let left = lhs.tensor, let right = rhs.tensor else {
      let bad = lhs.tensor == nil ? lhs : rhs
      throw Diagnostic("cannot use '\(op.rawValue)' with \(bad.article)", at: range)
    }
    switch op {
    case .multiply where lhs.scalar == nil && rhs.scalar == nil:
      throw Diagnostic(
        "cannot multiply \(lhs.article) by \(rhs.article) with '*'", at: range,
        notes: ["'*' is the matrix product; '.*' multiplies tensors element by element"])
    case .divide where rhs.scalar == nil:
      throw Diagnostic(
        "cannot divide by \(rhs.article)", at: range,
        notes: ["'/' divides by a number; './' divides element by element"])
    case .power:
      throw Diagnostic(
        "cannot raise \(lhs.article) to a power with '^'", at: range,
        notes: ["'^' is the matrix power; '.^' raises every entry"])
    default:
      break
    }
    let limit = allocationLimit
    let result = try core(at: range) {
      try left.elementwise(right, op: op.rawValue, limit: limit) { Evaluator.apply(op, $0, $1) }
    }
    if op == .elementwisePower, result.elements.contains(where: \.isNaN),
      !left.elements.contains(where: \.isNaN), !right.elements.contains(where: \.isNaN)
    {
      throw Diagnostic(
        "an entry of the power is not a real number", at: range,
        notes: ["a negative number has real powers only for whole exponents"])
    }
    return Value(result)
  }

  /// `-x` for a tensor.
  func negated(_ t: Tensor, at range: SourceRange) throws(Diagnostic) -> Value {
    _ = try core(at: range) { try Tensor.checkedCount(t.shape, limit: allocationLimit) }
    return Value(try core(at: range) { try t.mapped { -$0 } })
  }
}
