// Weight Normalization (Salimans & Kingma 2016): each output unit's weight row is its direction
// v_i/‖v_i‖ times a length g_i, so ‖w_i‖ = |g_i|, ‖W‖F = ‖g‖₂ and max|g| ≤ ‖W‖₂ ≤ ‖g‖₂
// (MATH.md §8).

extension Matrix {
  /// The rows g_i · v_i/‖v_i‖ of this matrix V; `g` holds one length (for every row) or one per
  /// row. O(mn).
  /// - Throws: `invalidArgument` when g has neither 1 nor m entries, or a row of V is zero (it
  ///   has no direction); `nonFinite` for NaN or ±∞ entries; `tooLarge` beyond `limit`.
  public func weightNormalized(g: [Double], limit: Int = Matrix.defaultElementLimit) throws -> Matrix {
    guard g.count == 1 || g.count == rows else {
      throw MatrixError.invalidArgument(
        "g needs one length or one per row: 1 or \(rows), got \(g.count)")
    }
    guard elements.allSatisfy(\.isFinite) else { throw MatrixError.nonFinite(op: "weightnorm") }
    let norms = try (0 ..< rows).map { i in
      let norm = elements.withUnsafeBufferPointer { Kernels.norm($0.baseAddress! + i * columns, count: columns) }
      guard norm > 0 else { throw MatrixError.invalidArgument("row \(i + 1) of V is zero and has no direction") }
      return norm
    }
    let v = elements, n = columns
    return try Matrix.generated(rows, columns, limit: limit) { k in
      let i = k / n
      return (g.count == 1 ? g[0] : g[i]) * v[k] / norms[i]
    }
  }
}
