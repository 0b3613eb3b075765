// σ₁ by Golub–Kahan–Lanczos bidiagonalisation: the Krylov method that reaches the top singular
// triplet in far fewer matrix–vector products than power iteration (about exp(−2k·sqrt(gap))
// instead of (1 − gap)^(2k), MATH.md §3).
//
// From a random unit v₁ the recurrences
//     α_j u_j = W v_j − β_{j−1} u_{j−1},      β_j v_{j+1} = Wᵀ u_j − α_j v_j
// build orthonormal bases U_k, V_k with W V_k = U_k B_k, B_k upper bidiagonal (α on the
// diagonal, β above it). The top singular triplet (σ, x, y) of the small B_k gives the Ritz
// triplet σ, u = U_k x, v = V_k y with W v = σ u and ‖Wᵀu − σ v‖ = β_k |x_k|, which is the
// stopping test, made after every step: the triplet of B_k costs O(k) (`BidiagonalTopTriplet`,
// bisection and inverse iteration), nothing next to the pass over W. Both bases are fully reorthogonalised (classical Gram–Schmidt, a second pass
// when the first cancels) so they stay orthogonal to working precision; all storage is
// allocated once, before the loop.
//
// Each step reads W once: `Kernels.gramTimes` gives W v_j and WᵀW v_j together, and Wᵀu_j
// follows from WᵀW v_j and the earlier Wᵀuᵢ = αᵢvᵢ + βᵢvᵢ₊₁ (the second GKL relation). That
// division by α_j loses about ε‖W‖²/α_j, so when α_j < ‖W‖/100 (graded or low-rank spectra)
// Wᵀu_j is computed by a second pass instead. The final residual is computed explicitly.

/// The top singular triplet found by `Matrix.largestSingularTriplet`.
public struct LanczosResult: Sendable, Equatable {
  /// The estimate of σ₁ (the largest Ritz value; never above σ₁ in exact arithmetic).
  public let sigma: Double
  /// The left singular vector estimate (unit, m entries).
  public let u: [Double]
  /// The right singular vector estimate (unit, n entries).
  public let v: [Double]
  /// Lanczos steps taken (the dimension of the Krylov space).
  public let iterations: Int
  /// Products with W or Wᵀ, including the final residual check.
  public let matrixVectorProducts: Int
  /// ‖Wᵀu − σ v‖, computed explicitly at the end.
  public let residual: Double
  /// True when residual ≤ tolerance·σ (a zero matrix has σ = 0 and converges).
  public let converged: Bool
}

extension Matrix {
  /// The largest singular value and its vectors by Golub–Kahan–Lanczos bidiagonalisation with
  /// full reorthogonalisation.
  ///
  /// Stops when the Ritz residual ‖Wᵀu − σv‖ ≤ tolerance·σ, when the Krylov space becomes
  /// invariant (at the latest at step min(m, n) + 1: the answer is then exact to rounding), after
  /// `maxIterations` steps, or when `isInterrupted()` returns true (checked once per step);
  /// it then returns its best triplet with `converged` telling which case it was.
  /// The start vector is n normal draws from `RandomSource(seed:)`, normalised.
  ///
  /// Cost per step: one fused pass over W (W v and WᵀW v, counted as two products; one more
  /// product when α_j < ‖W‖/100) and O(k(m + n)) for reorthogonalisation; the top triplet of
  /// B_k (bisection and inverse iteration, O(k)) is updated every step. Memory: k + 1 vectors
  /// of each length, besides W.
  /// - Throws: `invalidArgument` for an empty matrix, tolerance not > 0 or maxIterations < 1;
  ///   `nonFinite(op: "lanczos")` for NaN/∞ entries.
  public func largestSingularTriplet(
    tolerance: Double = 1e-10, maxIterations: Int = 300, seed: UInt64 = 0,
    isInterrupted: () -> Bool = { false }
  ) throws -> LanczosResult {
    guard rows > 0, columns > 0 else {
      throw MatrixError.invalidArgument("σ₁ of an empty \(shape) matrix is undefined")
    }
    guard tolerance > 0 else {
      throw MatrixError.invalidArgument("tolerance must be > 0, got \(tolerance)")
    }
    guard maxIterations >= 1 else {
      throw MatrixError.invalidArgument("maxIterations must be ≥ 1, got \(maxIterations)")
    }
    guard isFinite else { throw MatrixError.nonFinite(op: "lanczos") }
    if let (scaled, factor) = scaledForSquares() {
      // NOTE: entries beyond 2^±200 would overflow or underflow WᵀW v: iterate on W·2⁻ᵉ.
      let r = try scaled.largestSingularTriplet(
        tolerance: tolerance, maxIterations: maxIterations, seed: seed, isInterrupted: isInterrupted)
      return LanczosResult(
        sigma: r.sigma * factor, u: r.u, v: r.v, iterations: r.iterations,
        matrixVectorProducts: r.matrixVectorProducts, residual: r.residual * factor,
        converged: r.converged)
    }
    return elements.withUnsafeBufferPointer { w in
      var solver = GolubKahanLanczos(
        w.baseAddress!, rows: rows, columns: columns,
        capacity: Swift.min(maxIterations, Swift.min(rows, columns) + 1), seed: seed)
      defer { solver.deallocate() }
      return solver.run(tolerance: tolerance, isInterrupted: isInterrupted)
    }
  }
}

/// The state of one Golub–Kahan–Lanczos run over raw buffers (internal).
struct GolubKahanLanczos {
  let w: UnsafePointer<Double>
  let m: Int
  let n: Int
  /// Largest number of steps.
  let capacity: Int
  /// Rows v₁ … v_{k+1} (each n long) and u₁ … u_k (each m long).
  let vBasis: UnsafeMutablePointer<Double>
  let uBasis: UnsafeMutablePointer<Double>
  var alpha: [Double]
  var beta: [Double]
  /// Scratch: Gram–Schmidt coefficients of one pass, their totals over both passes, the
  /// combination weights of the Wᵀu_j update (capacity + 1 each) and a projection (max(m, n)).
  let coefficients: UnsafeMutablePointer<Double>
  let totals: UnsafeMutablePointer<Double>
  let weights: UnsafeMutablePointer<Double>
  let projection: UnsafeMutablePointer<Double>
  /// The top singular vectors x (left) and y (right) of B_k after the last `ritz` call
  /// (capacity each), and the workspace that computes them.
  let ritzX: UnsafeMutablePointer<Double>
  let ritzY: UnsafeMutablePointer<Double>
  let bidiagonal: BidiagonalTopTriplet
  var products = 0

  init(_ w: UnsafePointer<Double>, rows m: Int, columns n: Int, capacity: Int, seed: UInt64) {
    self.w = w
    self.m = m
    self.n = n
    self.capacity = capacity
    vBasis = .allocate(capacity: (capacity + 1) * n)
    uBasis = .allocate(capacity: capacity * m)
    alpha = [Double](repeating: 0, count: capacity)
    beta = [Double](repeating: 0, count: capacity)
    coefficients = .allocate(capacity: capacity + 1)
    totals = .allocate(capacity: capacity + 1)
    weights = .allocate(capacity: capacity + 1)
    projection = .allocate(capacity: Swift.max(m, n))
    ritzX = .allocate(capacity: capacity)
    ritzY = .allocate(capacity: capacity)
    bidiagonal = BidiagonalTopTriplet(capacity: capacity)
    var rng = RandomSource(seed: seed)
    for j in 0 ..< n { vBasis[j] = rng.normal() }
    let norm = Vector.norm(vBasis, count: n)
    for j in 0 ..< n { vBasis[j] = norm > 0 ? vBasis[j] / norm : (j == 0 ? 1 : 0) }
  }

  func deallocate() {
    for buffer in [vBasis, uBasis, coefficients, totals, weights, projection, ritzX, ritzY] {
      buffer.deallocate()
    }
    bidiagonal.deallocate()
  }

  /// The iteration; see `Matrix.largestSingularTriplet`.
  mutating func run(tolerance: Double, isInterrupted: () -> Bool) -> LanczosResult {
    let scale = Double(Swift.max(m, n)).squareRoot() * Double.ulpOfOne
    var normEstimate = 0.0
    var k = 0
    var best = (sigma: 0.0, residual: Double.infinity)
    // Set once the one-pass recurrence for Wᵀu_j has drifted: every later step then takes the
    // second pass.
    var direct = false
    while k < capacity {
      let j = k
      let vj = vBasis + j * n
      let uj = uBasis + j * m
      let vNext = vBasis + (j + 1) * n
      // One pass over W: uj ← W v_j, vNext ← WᵀW v_j.
      Kernels.gramTimes(
        w, rows: m, columns: n, vj, into: vNext, rowProducts: uj, threads: Kernels.iterationThreads)
      products += 2
      // α_j u_j = W v_j − β_{j−1} u_{j−1}, reorthogonalised against u₁ … u_{j−1}; the same
      // combination of Wᵀuᵢ = αᵢvᵢ + βᵢvᵢ₊₁ is subtracted from WᵀW v_j, giving α_j Wᵀu_j.
      for i in 0 ...  j { weights[i] = 0 }
      if j > 0 {
        let b = beta[j - 1]
        let previous = uBasis + (j - 1) * m
        for i in 0 ..< m { uj[i] -= b * previous[i] }
        weights[j - 1] = b * alpha[j - 1]
        weights[j] = b * b
      }
      let uNorm = reorthogonalize(uj, against: uBasis, count: j, length: m)
      // NOTE: with exact v's the coefficients uᵢᵀW v_j (i < j − 1) vanish up to ~ε‖W‖; the
      // one-pass Wᵀu_j feeds its error forward with a factor of about β_{j−1}/α_j per step,
      // which can grow geometrically (wide matrices, once σ₁ has converged). Coefficients above
      // 1e-13‖W‖ mean it has: from then on Wᵀu_j comes from a second pass.
      for i in 0 ..< j where Swift.abs(totals[i]) > 1e-13 * normEstimate { direct = true }
      for i in 0 ..< j {
        weights[i] += totals[i] * alpha[i]
        weights[i + 1] += totals[i] * beta[i]
      }
      if j > 0 {
        Kernels.gemvTransposed(vBasis, rows: j + 1, columns: n, weights, into: projection)
        for i in 0 ..< n { vNext[i] -= projection[i] }
      }
      alpha[j] = uNorm
      normEstimate = Swift.max(normEstimate, alpha[j])
      k = j + 1
      if j >= m || alpha[j] <= 8 * scale * normEstimate {
        // W v_j lies in span(u₁ … u_{j−1}) (necessarily once j = m): the space is invariant.
        alpha[j] = 0
        for i in 0 ..< m { uj[i] = 0 }
        best = ritz(k)
        break
      }
      // β_j v_{j+1} = Wᵀ u_j − α_j v_j, reorthogonalised against v₁ … v_j.
      let a = alpha[j]
      for i in 0 ..< m { uj[i] /= a }
      if !direct && a >= 1e-2 * normEstimate {
        for i in 0 ..< n { vNext[i] = vNext[i] / a - a * vj[i] }
      } else {
        // NOTE: the one-pass Wᵀu_j = (WᵀW v_j − …)/α_j carries an error of about ε‖W‖²/α_j;
        // for small α_j (graded or low-rank spectra), or once the recurrence has drifted, a
        // second pass computes it directly.
        Kernels.gemvTransposed(
          w, rows: m, columns: n, uj, into: vNext, threads: Kernels.iterationThreads)
        products += 1
        for i in 0 ..< n { vNext[i] -= a * vj[i] }
      }
      beta[j] = reorthogonalize(vNext, against: vBasis, count: j + 1, length: n)
      normEstimate = Swift.max(normEstimate, beta[j])
      if j + 1 >= n || beta[j] <= 8 * scale * normEstimate {
        // Wᵀ u_j lies in span(v₁ … v_j) (necessarily once j + 1 = n): invariant.
        beta[j] = 0
        best = ritz(k)
        break
      }
      for i in 0 ..< n { vNext[i] /= beta[j] }
      let atEnd = k == capacity || isInterrupted()
      best = ritz(k)
      if best.residual <= tolerance * best.sigma || atEnd { break }
    }
    return finish(k: k, sigma: best.sigma, tolerance: tolerance)
  }

  /// x ← x − Q Qᵀ x (classical Gram–Schmidt) against the first `count` rows of Q, through the
  /// kernels, repeated once when the first pass shrinks ‖x‖ below ‖x‖/√2; `totals` receives the
  /// summed coefficients. Returns the final ‖x‖.
  ///
  /// NOTE: the DGKS criterion: a pass that keeps more than 1/√2 of the norm leaves x orthogonal
  /// to Q to working precision, so a second pass is needed only after cancellation. The
  /// three-term recurrences already remove the large components, so one pass is the rule.
  func reorthogonalize(
    _ x: UnsafeMutablePointer<Double>, against q: UnsafeMutablePointer<Double>, count: Int,
    length: Int
  ) -> Double {
    for i in 0 ..< count { totals[i] = 0 }
    var norm = Vector.norm(x, count: length)
    guard count > 0 else { return norm }
    for _ in 0 ..< 2 {
      Kernels.gemv(q, rows: count, columns: length, x, into: coefficients)
      Kernels.gemvTransposed(q, rows: count, columns: length, coefficients, into: projection)
      for i in 0 ..< length { x[i] -= projection[i] }
      for i in 0 ..< count { totals[i] += coefficients[i] }
      let after = Vector.norm(x, count: length)
      if after >= 0.7071067811865476 * norm { return after }
      norm = after
    }
    return norm
  }

  /// σ₁ of B_k and its singular vectors (into `ritzX`, `ritzY`) in O(k); returns σ and the
  /// residual estimate β_k |x_k|.
  mutating func ritz(_ k: Int) -> (sigma: Double, residual: Double) {
    let sigma = bidiagonal.solve(alpha: alpha, beta: beta, count: k, x: ritzX, y: ritzY)
    return (sigma, Swift.abs(beta[k - 1] * ritzX[k - 1]))
  }

  /// Builds u = U_k x and v = V_k y from the last `ritz`, checks ‖Wᵀu − σv‖ explicitly.
  mutating func finish(k: Int, sigma: Double, tolerance: Double) -> LanczosResult {
    var u = [Double](repeating: 0, count: m)
    var v = [Double](repeating: 0, count: n)
    if sigma > 0 {
      let x = (0 ..< k).map { ritzX[$0] }
      let y = (0 ..< k).map { ritzY[$0] }
      x.withUnsafeBufferPointer { xp in
        u.withUnsafeMutableBufferPointer { up in
          Kernels.gemvTransposed(uBasis, rows: k, columns: m, xp.baseAddress!, into: up.baseAddress!)
        }
      }
      y.withUnsafeBufferPointer { yp in
        v.withUnsafeMutableBufferPointer { vp in
          Kernels.gemvTransposed(vBasis, rows: k, columns: n, yp.baseAddress!, into: vp.baseAddress!)
        }
      }
      u = Vector.normalized(u, epsilon: 0)
      v = Vector.normalized(v, epsilon: 0)
    } else {
      // W v₁ = 0: W is zero (or v₁ is in its null space); any unit u is a valid partner.
      u[0] = 1
      for j in 0 ..< n { v[j] = vBasis[j] }
    }
    var z = [Double](repeating: 0, count: n)
    u.withUnsafeBufferPointer { up in
      z.withUnsafeMutableBufferPointer { zp in
        Kernels.gemvTransposed(w, rows: m, columns: n, up.baseAddress!, into: zp.baseAddress!)
      }
    }
    products += 1
    var residual = 0.0
    for j in 0 ..< n { residual += (z[j] - sigma * v[j]) * (z[j] - sigma * v[j]) }
    residual = residual.squareRoot()
    return LanczosResult(
      sigma: sigma, u: u, v: v, iterations: k, matrixVectorProducts: products,
      residual: residual, converged: residual <= tolerance * sigma)
  }
}
