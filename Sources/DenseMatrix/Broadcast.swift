// Broadcasting: the one rule by which operands of different shapes combine entry by entry
// (`W + b`, `x .^ 2`, `max(W, 0)`). It is NumPy's rule, stated for shapes of any rank so that
// tensors use it unchanged: shapes are aligned at their last dimension, a missing leading
// dimension counts as 1, and in each dimension the sizes must be equal or one of them 1 (that
// operand is then repeated along it).

/// The broadcasting rule for shapes of any rank.
public enum Broadcast {
  /// The shape `a` and `b` broadcast to, or nil when some dimension has two different sizes
  /// neither of which is 1. O(rank).
  public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = Swift.max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for d in 0 ..< rank {
      let x = d < rank - a.count ? 1 : a[d - (rank - a.count)]
      let y = d < rank - b.count ? 1 : b[d - (rank - b.count)]
      guard x == y || x == 1 || y == 1 else { return nil }
      result[d] = x == 1 ? y : x
    }
    return result
  }

  /// The row-major strides with which an operand of shape `operand` is read when broadcast to
  /// `result` (0 along a repeated dimension). `operand` must broadcast to `result`. O(rank).
  public static func strides(of operand: [Int], in result: [Int]) -> [Int] {
    let offset = result.count - operand.count
    var strides = [Int](repeating: 0, count: result.count)
    var step = 1
    for d in stride(from: result.count - 1, through: 0, by: -1) {
      let size = d < offset ? 1 : operand[d - offset]
      strides[d] = size == 1 ? 0 : step
      step *= size
    }
    return strides
  }
}
