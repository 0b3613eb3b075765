// Reductions of a matrix to fewer numbers: the sum, mean, largest and smallest entry, over all
// entries or along one dimension (counted from 1, as the language indexes: dimension 1 runs down
// the rows, so reducing along it leaves one number per column). A tensor reduces the same way
// along any of its dimensions.

/// What a reduction computes.
public enum Reduction: String, Sendable, CaseIterable {
  /// Σ x (0 for no entries).
  case sum
  /// Σ x / count, computed so that it does not overflow when Σ x would.
  case mean
  /// The largest entry; NaN when any entry is NaN.
  case max
  /// The smallest entry; NaN when any entry is NaN.
  case min
}

extension Matrix {
  /// The reduction over all entries (`dimension` nil, a 1×1 result), along dimension 1 (down
  /// each column, a 1×n result) or along dimension 2 (across each row, an m×1 result).
  /// O(mn).
  /// - Throws: `invalidArgument` for a dimension other than 1 or 2, or for `mean`, `max` or
  ///   `min` of no entries.
  public func reduced(_ reduction: Reduction, along dimension: Int? = nil) throws -> Matrix {
    let (outer, inner, stride, step): (Int, Int, Int, Int)
    switch dimension {
    case nil: (outer, inner, stride, step) = (1, rows * columns, 0, 1)
    case 1: (outer, inner, stride, step) = (columns, rows, 1, columns)
    case 2: (outer, inner, stride, step) = (rows, columns, columns, 1)
    case let d?:
      throw MatrixError.invalidArgument("a matrix has dimensions 1 and 2, got dimension \(d)")
    }
    if reduction != .sum && inner == 0 && outer > 0 {
      throw MatrixError.invalidArgument("the \(reduction.rawValue) of no entries is undefined")
    }
    var values = [Double](repeating: 0, count: outer)
    for o in 0 ..< outer {
      values[o] = Matrix.reduce(reduction, count: inner) { elements[o * stride + $0 * step] }
    }
    switch dimension {
    case 1: return try Matrix(rows: 1, columns: outer, elements: values)
    default: return Matrix(column: values)
    }
  }

  /// The reduction of `count` values `value(0)…value(count − 1)`.
  private static func reduce(_ reduction: Reduction, count: Int, _ value: (Int) -> Double) -> Double {
    switch reduction {
    case .sum:
      var s = 0.0
      for i in 0 ..< count { s += value(i) }
      return s
    case .mean:
      var s = 0.0
      for i in 0 ..< count { s += value(i) }
      if s.isFinite || count == 0 { return s / Double(count) }
      // NOTE: Σ x overflowed (or an entry is ±∞ or NaN): Σ (x / count) cannot overflow, and
      // gives the same ±∞ or NaN when an entry is one.
      s = 0
      for i in 0 ..< count { s += value(i) / Double(count) }
      return s
    case .max, .min:
      var best = value(0)
      for i in 1 ..< Swift.max(1, count) {
        let x = value(i)
        if best.isNaN { break }
        if x.isNaN || (reduction == .max ? x > best : x < best) { best = x }
      }
      return best
    }
  }

  /// The k-th matrix power W^k of a square matrix by repeated squaring (W⁰ = I). O(n³ log k).
  /// - Throws: `invalidArgument` for a non-square matrix or k < 0; `interrupted` (the products
  ///   poll `Interruption`).
  public func raised(to k: Int) throws -> Matrix {
    guard rows == columns else {
      throw MatrixError.invalidArgument("a matrix power needs a square matrix, got \(shape)")
    }
    guard k >= 0 else {
      throw MatrixError.invalidArgument("a matrix power needs an exponent ≥ 0, got \(k)")
    }
    var result = try Matrix.eye(rows, limit: .max)
    var base = self
    base.precision = .double
    var e = k
    var first = true
    while e > 0 {
      if e & 1 == 1 {
        result = first ? base : try result * base
        first = false
      }
      e >>= 1
      if e > 0 { base = try base * base }
    }
    return result
  }

  /// The submatrix of the given rows and columns (zero-based, in the order given, repeats
  /// allowed): entry (a, b) is self[rows[a], columns[b]], with this matrix's `precision`.
  /// O(rows.count · columns.count).
  /// - Throws: `invalidArgument` for an index out of range; `tooLarge` beyond `limit` elements.
  public func selecting(rows picked: [Int], columns chosen: [Int], limit: Int = defaultElementLimit)
    throws -> Matrix
  {
    if let bad = picked.first(where: { !(0 ..< rows).contains($0) }) {
      throw MatrixError.invalidArgument("row \(bad + 1) is out of range 1 to \(rows)")
    }
    if let bad = chosen.first(where: { !(0 ..< columns).contains($0) }) {
      throw MatrixError.invalidArgument("column \(bad + 1) is out of range 1 to \(columns)")
    }
    let n = chosen.count
    var result = try Matrix.generated(picked.count, n, limit: limit) { k in
      elements[picked[k / n] * columns + chosen[k % n]]
    }
    result.precision = precision
    return result
  }
}
