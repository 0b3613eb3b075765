// σ₁ by Golub–Kahan–Lanczos bidiagonalisation: the Krylov method that reaches the top singular
// triplet in far fewer matrix–vector products than power iteration (about exp(−2k·sqrt(gap))
// instead of (1 − gap)^(2k), MATH.md §3).
//
// From a random unit v₁ the recurrences
//     α_j u_j = W v_j − β_{j−1} u_{j−1},      β_j v_{j+1} = Wᵀ u_j − α_j v_j
// build orthonormal bases U_k, V_k with W V_k = U_k B_k, B_k upper bidiagonal (α on the
// diagonal, β above it). The top singular triplet (σ, x, y) of the small B_k gives the Ritz
// triplet σ, u = U_k x, v = V_k y with W v = σ u and ‖Wᵀu − σ v‖ = β_k |x_k|, which is the
// stopping test, made after every step (one-sided Jacobi on the k×k B_k: O(k³) with k at most
// the basis size, little next to the pass over W). Both bases are fully reorthogonalised (classical
// Gram–Schmidt, a second pass when the first cancels) so they stay orthogonal to working
// precision.
//
// The bases are capped (24 vectors by default, as ARPACK's svds uses 20): when full, a thick
// restart keeps the best half of the Ritz triplets, Ṽ = V_k Y and Ũ = U_k X, plus v_{k+1}; B then
// has the Ritz values on its diagonal and the column ρ = β_k·(last row of X) above (an arrow,
// not bidiagonal), and the recurrence goes on. On Gaussian 4096² this costs 4% more products
// than never restarting, and memory stays at 2(b + 1) vectors however hard the spectrum. All
// storage is allocated once, before the loop.
//
// Each step reads W once: `Kernels.gramTimes` gives W v_j and WᵀW v_j together, and Wᵀu_j
// follows from WᵀW v_j and the earlier Wᵀuᵢ = Σ_l B[i, l] v_l (the second GKL relation). That
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
  /// Lanczos steps taken, over all restarts.
  public let iterations: Int
  /// Thick restarts made (each keeps the best half of the basis and discards the rest).
  public let restarts: Int
  /// Products with W or Wᵀ, including the final residual check.
  public let matrixVectorProducts: Int
  /// ‖Wᵀu − σ v‖, computed explicitly at the end.
  public let residual: Double
  /// True when residual ≤ tolerance·σ (a zero matrix has σ = 0 and converges).
  public let converged: Bool
  /// True when the run stopped short of `maxIterations` without converging because what is
  /// left of the residual is rounding: the Krylov space became invariant to rounding (a new
  /// basis vector at the level of ε‖W‖), or the Ritz estimate |β_k x_k| fell below
  /// tolerance·σ while the explicit residual, which carries the products' rounding, did not.
  /// σ is then as accurate as rounding allows, and the tolerance is below the residual's
  /// rounding level (about ε·σ·sqrt(max(m, n))).
  public let reachedRoundingLevel: Bool
}

extension Matrix {
  /// The largest singular value and its vectors by Golub–Kahan–Lanczos bidiagonalisation with
  /// full reorthogonalisation and thick restarts.
  ///
  /// Stops when the Ritz residual ‖Wᵀu − σv‖ ≤ tolerance·σ, when the Krylov space becomes
  /// invariant (for min(m, n) < `basisSize`, at the latest at step min(m, n) + 1: the answer is
  /// then exact to rounding), after `maxIterations` steps, or when `isInterrupted()` returns true
  /// (checked once per step); it then returns its best triplet with `converged` telling which
  /// case it was. When the bases hold `basisSize` vectors, a thick restart keeps the best
  /// `basisSize / 2` Ritz triplets. The start vector is n normal draws from
  /// `RandomSource(seed:)`, normalised.
  ///
  /// Cost per step: one fused pass over W (W v and WᵀW v, counted as two products; one more
  /// product when α_j < ‖W‖/100), O(k(m + n)) for reorthogonalisation and O(k³) for the SVD of
  /// B_k (k ≤ `basisSize`); a restart costs O(k²(m + n)) and no products. Memory besides W:
  /// `basisSize` + 1 vectors of each length, and O(basisSize²).
  /// - Throws: `invalidArgument` for an empty matrix, tolerance not > 0, maxIterations < 1 or
  ///   basisSize < 3; `nonFinite(op: "lanczos")` for NaN/∞ entries.
  public func largestSingularTriplet(
    tolerance: Double = 1e-10, maxIterations: Int = 1000, basisSize: Int = 24, seed: UInt64 = 0,
    isInterrupted: () -> Bool = { false }
  ) throws -> LanczosResult {
    guard rows > 0, columns > 0 else {
      throw MatrixError.invalidArgument("σ₁ of an empty \(shape) matrix is undefined")
    }
    guard tolerance > 0 else {
      throw MatrixError.invalidArgument("tolerance must be > 0, got \(tolerance.messageText)")
    }
    guard maxIterations >= 1 else {
      throw MatrixError.invalidArgument("maxIterations must be ≥ 1, got \(maxIterations)")
    }
    guard basisSize >= 3 else {
      throw MatrixError.invalidArgument("basisSize must be ≥ 3, got \(basisSize)")
    }
    guard isFinite else { throw MatrixError.nonFinite(op: "lanczos") }
    if let (scaled, factor) = scaledForSquares() {
      // NOTE: entries beyond 2^±200 would overflow or underflow WᵀW v: iterate on W·2⁻ᵉ.
      let r = try scaled.largestSingularTriplet(
        tolerance: tolerance, maxIterations: maxIterations, basisSize: basisSize, seed: seed,
        isInterrupted: isInterrupted)
      return LanczosResult(
        sigma: r.sigma * factor, u: r.u, v: r.v, iterations: r.iterations, restarts: r.restarts,
        matrixVectorProducts: r.matrixVectorProducts, residual: r.residual * factor,
        converged: r.converged, reachedRoundingLevel: r.reachedRoundingLevel)
    }
    return elements.withUnsafeBufferPointer { w in
      let capacity = Swift.min(basisSize, maxIterations, Swift.min(rows, columns) + 1)
      var solver = GolubKahanLanczos(
        w.baseAddress!, rows: rows, columns: columns, capacity: capacity,
        kept: basisSize / 2, seed: seed)
      defer { solver.deallocate() }
      return solver.run(
        tolerance: tolerance, maxIterations: maxIterations, isInterrupted: isInterrupted)
    }
  }
}

/// The state of one Golub–Kahan–Lanczos run over raw buffers (internal).
struct GolubKahanLanczos {
  let w: UnsafePointer<Double>
  let m: Int
  let n: Int
  /// Largest basis: k ≤ capacity vectors u and k + 1 vectors v between restarts.
  let capacity: Int
  /// Ritz triplets kept by a restart.
  let kept: Int
  /// Rows v₁ … v_{k+1} (each n long) and u₁ … u_k (each m long).
  let vBasis: UnsafeMutablePointer<Double>
  let uBasis: UnsafeMutablePointer<Double>
  /// B, row-major with row stride capacity + 1: B[i, j] = uᵢᵀ W vⱼ for i ≤ j ≤ k, zero below the
  /// diagonal; so W vⱼ = Σᵢ B[i, j] uᵢ and Wᵀuᵢ = Σⱼ B[i, j] vⱼ (j ≤ k + 1).
  let b: UnsafeMutablePointer<Double>
  /// Scratch: Gram–Schmidt coefficients of one pass, their totals over both passes, the
  /// combination weights of the Wᵀu_j update (capacity + 1 each) and a projection (max(m, n)).
  let coefficients: UnsafeMutablePointer<Double>
  let totals: UnsafeMutablePointer<Double>
  let weights: UnsafeMutablePointer<Double>
  let projection: UnsafeMutablePointer<Double>
  /// The SVD of B_k after the last `ritz` call: `left` holds the columns σᵢxᵢ, `right` the yᵢ
  /// (column-major, k×k each), `order` the columns by σ, largest first, `sigmas` the σ in that
  /// order; `ritzX` and `ritzY` the top pair x₁, y₁.
  let left: UnsafeMutablePointer<Double>
  let right: UnsafeMutablePointer<Double>
  let order: UnsafeMutablePointer<Int>
  let sigmas: UnsafeMutablePointer<Double>
  let ritzX: UnsafeMutablePointer<Double>
  let ritzY: UnsafeMutablePointer<Double>
  /// A restart's small factor (kept×capacity) and a block of basis columns (capacity×chunk).
  let factor: UnsafeMutablePointer<Double>
  let block: UnsafeMutablePointer<Double>
  var products = 0
  var restarts = 0

  /// Basis columns transformed per block by a restart.
  static let chunk = 256

  init(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int, capacity: Int, kept: Int,
    seed: UInt64
  ) {
    self.w = w
    self.m = m
    self.n = n
    self.capacity = capacity
    self.kept = kept
    vBasis = .allocate(capacity: (capacity + 1) * n)
    uBasis = .allocate(capacity: capacity * m)
    b = .allocate(capacity: capacity * (capacity + 1))
    b.initialize(repeating: 0, count: capacity * (capacity + 1))
    coefficients = .allocate(capacity: capacity + 1)
    totals = .allocate(capacity: capacity + 1)
    weights = .allocate(capacity: capacity + 1)
    projection = .allocate(capacity: Swift.max(m, n))
    left = .allocate(capacity: capacity * capacity)
    right = .allocate(capacity: capacity * capacity)
    order = .allocate(capacity: capacity)
    sigmas = .allocate(capacity: capacity)
    ritzX = .allocate(capacity: capacity)
    ritzY = .allocate(capacity: capacity)
    factor = .allocate(capacity: Swift.max(kept, 1) * capacity)
    block = .allocate(capacity: capacity * Self.chunk)
    var rng = RandomSource(seed: seed)
    for j in 0 ..< n { vBasis[j] = rng.normal() }
    let norm = Vector.norm(vBasis, count: n)
    for j in 0 ..< n { vBasis[j] = norm > 0 ? vBasis[j] / norm : (j == 0 ? 1 : 0) }
  }

  func deallocate() {
    for buffer in [
      vBasis, uBasis, b, coefficients, totals, weights, projection, left, right, sigmas, ritzX,
      ritzY, factor, block,
    ] {
      buffer.deallocate()
    }
    order.deallocate()
  }

  /// B[i, j].
  @inline(__always) func entry(_ i: Int, _ j: Int) -> Double { b[i * (capacity + 1) + j] }
  @inline(__always) func setEntry(_ i: Int, _ j: Int, _ value: Double) {
    b[i * (capacity + 1) + j] = value
  }

  /// The iteration; see `Matrix.largestSingularTriplet`.
  mutating func run(
    tolerance: Double, maxIterations: Int, isInterrupted: () -> Bool
  ) -> LanczosResult {
    let scale = Double(Swift.max(m, n)).squareRoot() * Double.ulpOfOne
    var normEstimate = 0.0
    var k = 0
    var steps = 0
    var best = (sigma: 0.0, residual: Double.infinity)
    // Set once the one-pass recurrence for Wᵀu_j has drifted: every later step then takes the
    // second pass.
    var direct = false
    var stoppedEarly = false  // invariant, or the Ritz estimate met the tolerance
    while true {
      let j = k
      let vj = vBasis + j * n
      let uj = uBasis + j * m
      let vNext = vBasis + (j + 1) * n
      // One pass over W: uj ← W v_j, vNext ← WᵀW v_j.
      Kernels.gramTimes(
        w, rows: m, columns: n, vj, into: vNext, rowProducts: uj, threads: Kernels.iterationThreads)
      products += 2
      steps += 1
      // α_j u_j = W v_j − Σᵢ B[i, j] uᵢ (the known coefficients: β_{j−1} on u_{j−1}, or the ρᵢ
      // on the kept uᵢ after a restart), reorthogonalised against u₁ … u_{j−1}.
      for i in 0 ..< j where entry(i, j) != 0 {
        Kernels.axpy(-entry(i, j), uBasis + i * m, uj, count: m)
      }
      let uNorm = reorthogonalize(uj, against: uBasis, count: j, length: m)
      // NOTE: with exact v's the Gram–Schmidt coefficients vanish up to ~ε‖W‖; the one-pass
      // Wᵀu_j feeds its error forward with a factor of about β_{j−1}/α_j per step, which can
      // grow geometrically (wide matrices, once σ₁ has converged). Coefficients above 1e-13‖W‖
      // mean it has: from then on Wᵀu_j comes from a second pass.
      for i in 0 ..< j where Swift.abs(totals[i]) > 1e-13 * normEstimate { direct = true }
      // The same combination of the Wᵀuᵢ = Σ_l B[i, l] v_l, with the full coefficients
      // cᵢ = B[i, j] + totalsᵢ, is subtracted from WᵀW v_j, giving α_j Wᵀu_j.
      if j > 0 {
        for l in 0 ... j { weights[l] = 0 }
        for i in 0 ..< j {
          let c = entry(i, j) + totals[i]
          guard c != 0 else { continue }
          for l in i ... j { weights[l] += c * entry(i, l) }
        }
        Kernels.gemvTransposed(vBasis, rows: j + 1, columns: n, weights, into: projection)
        for i in 0 ..< n { vNext[i] -= projection[i] }
      }
      let a = uNorm
      setEntry(j, j, a)
      normEstimate = Swift.max(normEstimate, a)
      k = j + 1
      if j >= m || a <= 8 * scale * normEstimate {
        // W v_j lies in span(u₁ … u_{j−1}) (necessarily once j = m): the space is invariant.
        setEntry(j, j, 0)
        for i in 0 ..< m { uj[i] = 0 }
        best = ritz(k)
        stoppedEarly = true
        break
      }
      // β_j v_{j+1} = Wᵀ u_j − α_j v_j, reorthogonalised against v₁ … v_j.
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
      let beta = reorthogonalize(vNext, against: vBasis, count: j + 1, length: n)
      setEntry(j, j + 1, beta)
      normEstimate = Swift.max(normEstimate, beta)
      if j + 1 >= n || beta <= 8 * scale * normEstimate {
        // Wᵀ u_j lies in span(v₁ … v_j) (necessarily once j + 1 = n): invariant.
        setEntry(j, j + 1, 0)
        best = ritz(k)
        stoppedEarly = true
        break
      }
      for i in 0 ..< n { vNext[i] /= beta }
      let atEnd = steps >= maxIterations || isInterrupted()
      best = ritz(k)
      if best.residual <= tolerance * best.sigma {
        stoppedEarly = true
        break
      }
      if atEnd { break }
      if k == capacity { k = restart(k) }
    }
    return finish(
      k: k, steps: steps, sigma: best.sigma, tolerance: tolerance, stoppedEarly: stoppedEarly)
  }

  /// x ← x − Q Qᵀ x (classical Gram–Schmidt) against the first `count` rows of Q, through the
  /// kernels, repeated once when the first pass shrinks ‖x‖ below ‖x‖/√2; `totals` receives the
  /// summed coefficients. Returns the final ‖x‖.
  ///
  /// NOTE: the DGKS criterion: a pass that keeps more than 1/√2 of the norm leaves x orthogonal
  /// to Q to working precision, so a second pass is needed only after cancellation. The
  /// recurrences already remove the large components, so one pass is the rule.
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

  /// The SVD of the k×k upper triangular B_k by one-sided Jacobi (into `left`, `right` and
  /// `order`; the top x and y into `ritzX`, `ritzY`); returns σ₁ and the residual estimate
  /// ‖Wᵀu − σv‖ = B[k−1, k]·|x_k| (only u_k has a component along v_{k+1}).
  ///
  /// NOTE: k ≤ capacity is small, so the O(k³) Jacobi sweeps cost little next to a pass over W.
  mutating func ritz(_ k: Int) -> (sigma: Double, residual: Double) {
    for j in 0 ..< k {
      for i in 0 ..< k {
        left[j * k + i] = entry(i, j)
        right[j * k + i] = i == j ? 1 : 0
      }
    }
    _ = try? JacobiSVD.orthogonalizeColumns(left, rows: k, columns: k, accumulating: right)
    // Column norms are the σᵢ; order them, largest first (ties by index).
    for j in 0 ..< k {
      ritzX[j] = Kernels.norm(left + j * k, count: k)
      order[j] = j
    }
    for p in 0 ..< k {
      var largest = p
      for q in (p + 1) ..< k where ritzX[order[q]] > ritzX[order[largest]] { largest = q }
      (order[p], order[largest]) = (order[largest], order[p])
      sigmas[p] = ritzX[order[p]]
    }
    let top = order[0]
    guard sigmas[0] > 0 else {
      for i in 0 ..< k {
        ritzX[i] = i == 0 ? 1 : 0
        ritzY[i] = i == 0 ? 1 : 0
      }
      return (0, 0)
    }
    let sigma = refine(top, k)
    sigmas[0] = sigma
    for i in 0 ..< k {
      ritzY[i] = right[top * k + i]
      ritzX[i] = left[top * k + i] / sigma
    }
    return (sigma, Swift.abs(entry(k - 1, k) * ritzX[k - 1]))
  }

  /// Recomputes column `column` of the SVD of B_k from its y alone: y ← y/‖y‖, σx ← B y;
  /// returns σ = ‖B y‖.
  ///
  /// NOTE: the column norms of a Jacobi SVD carry the rounding of every rotation (tens of ε),
  /// and a restart would build them into the new B. y is accurate to O(ε/gap), so ‖B y‖ is
  /// accurate to O(ε): σ₁ stays within a few ε of the exact value through any number of
  /// restarts.
  func refine(_ column: Int, _ k: Int) -> Double {
    let y = right + column * k
    let norm = Kernels.norm(y, count: k)
    for p in 0 ..< k { y[p] /= norm }
    for r in 0 ..< k {
      var sum = 0.0
      for c in r ..< k { sum += entry(r, c) * y[c] }
      left[column * k + r] = sum
    }
    return Kernels.norm(left + column * k, count: k)
  }

  /// Thick restart (Wu–Simon, Baglama–Reichel): keeps the `kept` largest Ritz triplets of the
  /// last `ritz`. With Ṽ = V_k Y, Ũ = U_k X and ρᵢ = β_k·x_k,ᵢ, the relations W Ṽ = Ũ Σ and
  /// Wᵀ Ũ = Ṽ Σ + v_{k+1} ρᵀ hold, so the bases restart as (ũ₁ … ũ_ℓ) and (ṽ₁ … ṽ_ℓ, v_{k+1})
  /// with B = [Σ ρ] and the recurrence goes on from v_{k+1}. Returns ℓ, the new k.
  mutating func restart(_ k: Int) -> Int {
    var l = 0
    while l < Swift.min(kept, k - 1), sigmas[l] > 0 {
      sigmas[l] = refine(order[l], k)
      l += 1
    }
    let beta = entry(k - 1, k)
    // Ṽ = Yᵀ_ℓ V_k: the rows of `factor` are the kept yᵢ.
    for i in 0 ..< l {
      for p in 0 ..< k { factor[i * k + p] = right[order[i] * k + p] }
    }
    transform(vBasis, length: n, rows: k, into: l)
    (vBasis + l * n).update(from: vBasis + k * n, count: n)
    // Ũ = Xᵀ_ℓ U_k, xᵢ = (σᵢxᵢ)/σᵢ.
    for i in 0 ..< l {
      for p in 0 ..< k { factor[i * k + p] = left[order[i] * k + p] / sigmas[i] }
    }
    transform(uBasis, length: m, rows: k, into: l)
    // B = [Σ ρ] on rows 0..<ℓ, zero elsewhere.
    b.update(repeating: 0, count: capacity * (capacity + 1))
    for i in 0 ..< l {
      setEntry(i, i, sigmas[i])
      setEntry(i, l, beta * factor[i * k + k - 1])
    }
    restarts += 1
    return l
  }

  /// Rows 0..<ℓ of `basis` ← `factor` (ℓ×k) times rows 0..<k (each `length` long), in place,
  /// a block of columns at a time.
  func transform(_ basis: UnsafeMutablePointer<Double>, length: Int, rows k: Int, into l: Int) {
    guard l > 0 else { return }
    for start in stride(from: 0, to: length, by: Self.chunk) {
      let width = Swift.min(Self.chunk, length - start)
      for p in 0 ..< k {
        (block + p * width).update(from: basis + p * length + start, count: width)
      }
      Kernels.gemm(
        transA: false, transB: false, m: l, n: width, k: k, alpha: 1, factor, lda: k,
        block, ldb: width, beta: 0, basis + start, ldc: length)
    }
  }

  /// Builds u = U_k x and v = V_k y from the last `ritz`, checks ‖Wᵀu − σv‖ explicitly.
  mutating func finish(
    k: Int, steps: Int, sigma: Double, tolerance: Double, stoppedEarly: Bool
  ) -> LanczosResult {
    var u = [Double](repeating: 0, count: m)
    var v = [Double](repeating: 0, count: n)
    if sigma > 0 {
      u.withUnsafeMutableBufferPointer { up in
        Kernels.gemvTransposed(uBasis, rows: k, columns: m, ritzX, into: up.baseAddress!)
      }
      v.withUnsafeMutableBufferPointer { vp in
        Kernels.gemvTransposed(vBasis, rows: k, columns: n, ritzY, into: vp.baseAddress!)
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
      sigma: sigma, u: u, v: v, iterations: steps, restarts: restarts,
      matrixVectorProducts: products, residual: residual,
      converged: residual <= tolerance * sigma,
      reachedRoundingLevel: stoppedEarly && residual > tolerance * sigma)
  }
}
