// σ₁ of a linear operator known only through its products with vectors (a convolution applied
// matrix-free), by Golub–Kahan–Lanczos bidiagonalisation with full reorthogonalisation and no
// restarts: the recurrences of GolubKahanLanczos.swift, with the two products supplied by the
// caller. The Ritz value never exceeds σ₁ (in exact arithmetic), so it is a lower bound.

/// Golub–Kahan–Lanczos on an operator W: ℝⁿ → ℝᵐ given by `apply` (W x) and
/// `applyTransposed` (Wᵀ y).
public struct OperatorLanczos {
  /// m, the length of W x.
  public let rows: Int
  /// n, the length of x.
  public let columns: Int

  /// What a run found.
  public struct Result: Sendable, Equatable {
    /// The largest Ritz value, ≤ σ₁ up to rounding.
    public let sigma: Double
    /// The Ritz residual ‖Wᵀu − σv‖ of the last step (0 when the Krylov space became invariant).
    public let residual: Double
    /// Lanczos steps taken.
    public let iterations: Int
    /// Products with W or Wᵀ.
    public let products: Int
    /// True when residual ≤ tolerance·σ or the Krylov space became invariant.
    public let converged: Bool
  }

  /// Prepares a run on an m×n operator.
  public init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
  }

  /// The largest Ritz value after at most `maxIterations` steps (stopping at residual
  /// ‖Wᵀu − σv‖ ≤ tolerance·σ, checked every step, or when the Krylov space is invariant), from
  /// a start of normal draws from `RandomSource(seed:)`.
  ///
  /// Cost per step: one `apply`, one `applyTransposed`, O(k(m + n)) for reorthogonalisation and
  /// an SVD of the k×k bidiagonal. Memory: (maxIterations + 1)(m + n) doubles, checked against
  /// `limit` before anything is allocated. Polls `Interruption` every step.
  /// - Throws: `invalidArgument` for empty sizes or `maxIterations` < 1; `tooLarge`;
  ///   `interrupted`.
  public func largestSingularValue(
    tolerance: Double = 1e-12, maxIterations: Int = 200, seed: UInt64 = 0,
    limit: Int = Matrix.defaultElementLimit,
    apply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
    applyTransposed: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
  ) throws -> Result {
    let m = rows, n = columns
    guard m > 0, n > 0, maxIterations >= 1 else {
      throw MatrixError.invalidArgument("Lanczos needs a nonempty operator and at least one step")
    }
    let steps = Swift.min(maxIterations, Swift.min(m, n))
    guard (steps + 1).multipliedReportingOverflow(by: m + n).overflow == false,
      (steps + 1) * (m + n) <= limit
    else { throw MatrixError.tooLarge(rows: steps + 1, columns: m + n, limit: limit) }
    var u = [Double](repeating: 0, count: steps * m)
    var v = [Double](repeating: 0, count: (steps + 1) * n)
    var alpha = [Double](repeating: 0, count: steps)
    var beta = [Double](repeating: 0, count: steps)
    var random = RandomSource(seed: seed)
    for i in 0 ..< n { v[i] = random.normal() }
    var best = (sigma: 0.0, residual: Double.infinity, iterations: 0, converged: false)
    var products = 0
    try u.withUnsafeMutableBufferPointer { ub in
      try v.withUnsafeMutableBufferPointer { vb in
        let U = ub.baseAddress!, V = vb.baseAddress!
        Kernels.scale(1 / Kernels.norm(V, count: n), V, count: n)
        for j in 0 ..< steps {
          try Interruption.checkpoint()
          let uj = U + j * m, vj = V + j * n
          apply(vj, uj)
          products += 1
          if j > 0 { Kernels.axpy(-beta[j - 1], U + (j - 1) * m, uj, count: m) }
          Self.orthogonalize(uj, against: U, count: j, length: m)
          alpha[j] = Kernels.norm(uj, count: m)
          let k = j + 1
          var invariant = alpha[j] == 0
          if !invariant {
            Kernels.scale(1 / alpha[j], uj, count: m)
            let next = V + (j + 1) * n
            applyTransposed(uj, next)
            products += 1
            Kernels.axpy(-alpha[j], vj, next, count: n)
            Self.orthogonalize(next, against: V, count: j + 1, length: n)
            beta[j] = Kernels.norm(next, count: n)
            if beta[j] <= 1e-15 * alpha[j] { invariant = true } else {
              Kernels.scale(1 / beta[j], next, count: n)
            }
          }
          // NOTE: once k = m < n, U spans ℝᵐ and W Wᵀ = U (B Bᵀ + β² e eᵀ) Uᵀ: the k×(k+1)
          // matrix [B | β e_k] has W's singular values exactly, so its σ₁ ends the run.
          let complete = !invariant && k == m && m < n
          let (sigma, lastEntry) = try Self.ritz(alpha, beta, k, withLastBeta: complete)
          let residual = invariant || complete ? 0 : abs(beta[k - 1] * lastEntry)
          if complete { invariant = true }
          best = (sigma, residual, j + 1, residual <= tolerance * sigma)
          if best.converged || invariant { break }
        }
      }
    }
    return Result(
      sigma: best.sigma, residual: best.residual, iterations: best.iterations,
      products: products, converged: best.converged || best.residual == 0)
  }

  /// Two passes of classical Gram–Schmidt of x against the first `count` rows of `basis`.
  private static func orthogonalize(
    _ x: UnsafeMutablePointer<Double>, against basis: UnsafeMutablePointer<Double>, count: Int,
    length: Int
  ) {
    for _ in 0 ..< 2 {
      for i in 0 ..< count {
        let b = basis + i * length
        Kernels.axpy(-Kernels.dot(b, x, count: length), b, x, count: length)
      }
    }
  }

  /// σ₁ of the k×k upper bidiagonal (α on the diagonal, β above) and the last entry of its
  /// left singular vector; with `withLastBeta`, of the k×(k+1) bidiagonal that also holds β_k.
  private static func ritz(
    _ alpha: [Double], _ beta: [Double], _ k: Int, withLastBeta: Bool
  ) throws -> (Double, Double) {
    let columns = withLastBeta ? k + 1 : k
    var b = Matrix(rows: k, columns: columns)
    for i in 0 ..< k {
      b.elements[i * columns + i] = alpha[i]
      if i + 1 < columns { b.elements[i * columns + i + 1] = beta[i] }
    }
    let d = try b.svd()
    return (d.singularValues[0], d.u.elements[(k - 1) * k])
  }
}
