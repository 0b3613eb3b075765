// Power iteration for σ₁ as a steppable state machine: the notebook creates one, steps it, runs
// it to a tolerance and plots its history (MATH.md §3).
//
// The iterate on the right is v_k = normalised (WᵀW)^k v₀; then σ_k = ‖W v_k‖ and
// u_k = W v_k / σ_k. This is the u–v form of spectral normalization (v ← Wᵀu/‖Wᵀu‖,
// u ← Wv/‖Wv‖) started from u₀ ∝ W v₀. Each step is one fused pass over W
// (`Kernels.gramTimes`, which yields both W v_k and WᵀW v_k = σ_k·Wᵀu_k); WᵀW v_k is also the
// direction of v_{k+1}, so nothing is computed twice.

import RealModule

/// How the power iteration's first right vector v₀ is chosen.
public enum PowerStart: Sendable, Equatable {
  /// v₀ = (1, …, 1)/√n, the Keras-style start; it fails when v₁ is orthogonal to it.
  case ones
  /// v₀ = n standard normal draws from `RandomSource(seed:)`, normalised.
  case random(seed: UInt64)
  /// v₀ = the given vector, normalised; it must have n finite entries, not all zero.
  case vector([Double])
}

/// The record of one power-iteration step.
public struct PowerStep: Sendable, Equatable {
  /// The step number, 1 for the first step.
  public let k: Int
  /// σ_k = ‖W v_k‖, the estimate of σ₁ (approaches it from below).
  public let sigma: Double
  /// u_k = W v_k / σ_k (the zero vector when σ_k = 0). Empty in `history` and in all but the
  /// last record returned by `run`.
  public let u: [Double]
  /// v_k, a unit vector. Empty where `u` is.
  public let v: [Double]
  /// ‖W v_k − σ_k u_k‖: zero up to rounding in this form, kept for symmetry with the SN step.
  public let residualLeft: Double
  /// ‖Wᵀ u_k − σ_k v_k‖: zero exactly at a singular pair.
  public let residualRight: Double
  /// |σ_k − σ_{k−1}| / σ_k; nil at k = 1, 0 when both are 0.
  public let relativeChange: Double?
  /// |σ_k − σ₁| / σ₁ when the exact singular values were given and σ₁ > 0.
  public let error: Double?
  /// The first-order predicted relative error (see `PowerIteration`), when it is defined.
  public let predicted: Double?

  /// A record with every field given (for tests and tools that build histories).
  public init(
    k: Int, sigma: Double, u: [Double], v: [Double], residualLeft: Double,
    residualRight: Double, relativeChange: Double?, error: Double?, predicted: Double?
  ) {
    self.k = k
    self.sigma = sigma
    self.u = u
    self.v = v
    self.residualLeft = residualLeft
    self.residualRight = residualRight
    self.relativeChange = relativeChange
    self.error = error
    self.predicted = predicted
  }

}

/// Power iteration on WᵀW as a steppable state machine, one `PowerStep` record per step.
///
/// **Predicted error.** Write v₀ = Σ cᵢ vᵢ in the right singular vectors of W and
/// ρᵢ = (σᵢ/σ₁)². Then σ_k² = Σ cᵢ² σᵢ^(4k+2) / Σ cᵢ² σᵢ^(4k), and to first order in the
/// (small) weights (cᵢ/c₁)² ρᵢ^(2k) the relative error is
///
///     predicted_k = ½ Σ_{i: σᵢ < σ₁} (cᵢ/c₁)² · (σᵢ/σ₁)^(4k) · (1 − (σᵢ/σ₁)²),
///
/// where c₁² sums the weights of every i with σᵢ = σ₁ (a repeated σ₁ is fine). Asymptotically
/// it is dominated by ½ (c₂/c₁)² (1 − r²) r^(4k) with r = σ₂/σ₁ = `rate`: a straight line of
/// slope 4·log r on a log plot, which the observed error joins once it is small. It is computed
/// from the exact singular values passed to `init` and the exact right singular vectors (an SVD
/// in `init`), so it uses nothing observed during the iteration. It is nil without exact
/// values, when σ₁ = 0, and when v₀ has exactly no component along v₁ (c₁ = 0: the iteration
/// converges to a smaller σ). A c₁ at rounding level (a start orthogonal to v₁ on paper, like
/// the ones vector for a v₁ summing to zero) gives a huge prediction that shrinks by r⁴ per
/// step and still forecasts when rounding lets the iteration escape to σ₁.
///
/// History keeps a record of every step without its vectors; `last`, the record returned by
/// `step()` and the last record returned by `run` carry `u` and `v`. Memory stays O(k + m + n)
/// and a step allocates nothing but its history entry (amortised) and, from `step()`, the
/// returned vectors; `run` copies them out once, at the end.
public struct PowerIteration: Sendable {
  /// The matrix W being iterated on.
  public let matrix: Matrix
  /// One record per step taken so far, oldest first.
  public private(set) var history: [PowerStep] = []
  /// σ₂/σ₁ from the exact singular values, when given and σ₁ > 0 (0 when W has one σ).
  public let rate: Double?

  private let exactSigma1: Double?
  /// (weight (cᵢ/c₁)², ratio ρᵢ = (σᵢ/σ₁)²) for each σᵢ < σ₁; nil when `predicted` is undefined.
  private let predictionTerms: [(weight: Double, ratio: Double)]?
  /// v_{k} (unit), the current right vector.
  private var v: [Double]
  /// The direction of the next v: WᵀW v_k (= σ_k Wᵀu_k), WᵀW v₀ before the first step.
  private var next: [Double]
  /// W v_k before normalisation (scratch, m entries).
  private var wv: [Double]
  /// u_k = W v_k / σ_k (m entries).
  private var u: [Double]
  /// The matrix iterated on: W, or W·2⁻ᵉ when W's entries are so large or small that WᵀW v
  /// would overflow or underflow; `factor` = 2ᵉ (1 for W itself) turns its σ back into W's.
  private let iterate: Matrix
  private let factor: Double

  /// The last record with its vectors, nil before the first step.
  public var last: PowerStep? { history.last.map(withVectors) }

  /// A power iteration on `matrix` from `start`; nothing is iterated yet.
  ///
  /// Cost: one fused pass over W (WᵀW v₀); with `exactSingularValues`, also one SVD of W
  /// (O(mn·min(m, n))) for the predicted error.
  /// - Parameter exactSingularValues: W's singular values (any order, at most min(m, n), padded
  ///   with zeros), e.g. from `singularValues()` or the list given to `spectrum`.
  /// - Throws: `invalidArgument` for an empty matrix, a zero start vector or invalid exact
  ///   values; `shapeMismatch(op: "start")` when the start vector's length is not n;
  ///   `nonFinite(op: "power")` for NaN/∞ in W or the start vector.
  public init(matrix: Matrix, start: PowerStart, exactSingularValues: [Double]? = nil) throws {
    guard matrix.rows > 0, matrix.columns > 0 else {
      throw MatrixError.invalidArgument("power iteration needs a non-empty matrix, got \(matrix.shape)")
    }
    guard matrix.isFinite else { throw MatrixError.nonFinite(op: "power") }
    let n = matrix.columns
    var v0: [Double]
    switch start {
    case .ones:
      v0 = [Double](repeating: 1, count: n)
    case .random(let seed):
      var rng = RandomSource(seed: seed)
      v0 = (0 ..< n).map { _ in rng.normal() }
    case .vector(let x):
      guard x.count == n else {
        throw MatrixError.shapeMismatch(op: "start", lhs: matrix.shape, rhs: Shape(x.count, 1))
      }
      guard x.allSatisfy({ $0.isFinite }) else { throw MatrixError.nonFinite(op: "power") }
      v0 = x
    }
    let norm = Vector.norm(v0)
    guard norm > 0 else { throw MatrixError.invalidArgument("the start vector must not be zero") }
    v0 = v0.map { $0 / norm }

    self.matrix = matrix
    (iterate, factor) = matrix.scaledForSquares() ?? (matrix, 1)
    self.v = v0
    self.next = [Double](repeating: 0, count: n)
    self.wv = [Double](repeating: 0, count: matrix.rows)
    self.u = [Double](repeating: 0, count: matrix.rows)
    if let exact = exactSingularValues {
      let sigma = try PowerIteration.validated(exact, for: matrix)
      exactSigma1 = sigma[0]
      rate = sigma[0] > 0 ? (sigma.count > 1 ? sigma[1] / sigma[0] : 0) : nil
      predictionTerms = try PowerIteration.predictionTerms(matrix, v0, sigma)
    } else {
      exactSigma1 = nil
      rate = nil
      predictionTerms = nil
    }
    iterate.elements.withUnsafeBufferPointer { w in
      v.withUnsafeBufferPointer { x in
        next.withUnsafeMutableBufferPointer { y in
          Kernels.gramTimes(
            w.baseAddress!, rows: matrix.rows, columns: n, x.baseAddress!, into: y.baseAddress!,
            threads: Kernels.iterationThreads)
        }
      }
    }
  }

  /// Takes one step: v_k = normalise(WᵀW v_{k−1}), σ_k = ‖W v_k‖, u_k = W v_k/σ_k.
  ///
  /// O(mn): one fused pass over W (W v_k and WᵀW v_k together); allocates only the returned
  /// record's vectors. If WᵀW v_{k−1} = 0 (W v_{k−1} = 0), v stays where it is.
  @discardableResult
  public mutating func step() -> PowerStep {
    // NOTE: two statements: in `withVectors(advance())` self would be read before it advances.
    let record = advance()
    return withVectors(record)
  }

  /// The step itself, into the stored vectors; appends and returns the record without vectors.
  private mutating func advance() -> PowerStep {
    let (m, n) = (matrix.rows, matrix.columns)
    let k = history.count + 1
    let directionNorm = Vector.norm(next)
    if directionNorm > 0 {
      for j in 0 ..< n { v[j] = next[j] / directionNorm }
    }
    iterate.elements.withUnsafeBufferPointer { w in
      v.withUnsafeBufferPointer { x in
        next.withUnsafeMutableBufferPointer { y in
          wv.withUnsafeMutableBufferPointer { z in
            Kernels.gramTimes(
              w.baseAddress!, rows: m, columns: n, x.baseAddress!, into: y.baseAddress!,
              rowProducts: z.baseAddress!, threads: Kernels.iterationThreads)
          }
        }
      }
    }
    // σ and the residuals of the matrix iterated on, then of W (× factor).
    let scaledSigma = Vector.norm(wv)
    var residualLeft = 0.0
    for i in 0 ..< m {
      u[i] = scaledSigma > 0 ? wv[i] / scaledSigma : 0
      let r = wv[i] - scaledSigma * u[i]
      residualLeft = Relaxed.multiplyAdd(r, r, residualLeft)
    }
    // Wᵀu_k = WᵀW v_k / σ_k (0 when σ_k = 0, since then u_k = 0).
    var residualRight = 0.0
    for j in 0 ..< n {
      let r = (scaledSigma > 0 ? next[j] / scaledSigma : 0) - scaledSigma * v[j]
      residualRight = Relaxed.multiplyAdd(r, r, residualRight)
    }
    let sigma = scaledSigma * factor
    residualLeft = residualLeft.squareRoot() * factor
    residualRight = residualRight.squareRoot() * factor

    var relativeChange: Double? = nil
    if let previous = history.last?.sigma {
      relativeChange = sigma == previous ? 0 : Swift.abs(sigma - previous) / sigma
    }
    var error: Double? = nil
    if let sigma1 = exactSigma1, sigma1 > 0 { error = Swift.abs(sigma - sigma1) / sigma1 }
    let record = PowerStep(
      k: k, sigma: sigma, u: [], v: [], residualLeft: residualLeft,
      residualRight: residualRight, relativeChange: relativeChange, error: error,
      predicted: predictedError(k))
    history.append(record)
    return record
  }

  /// `record` with the current u and v (copies).
  private func withVectors(_ record: PowerStep) -> PowerStep {
    PowerStep(
      k: record.k, sigma: record.sigma, u: u, v: v, residualLeft: record.residualLeft,
      residualRight: record.residualRight, relativeChange: record.relativeChange,
      error: record.error, predicted: record.predicted)
  }

  /// Steps until converged, `maxSteps` steps were taken, or `isInterrupted()` returns true
  /// (checked before each step); returns the records of the steps taken by this call, the last
  /// one with its vectors (the others without, as in `history`).
  ///
  /// Converged means, after a step with k ≥ 2: relativeChange ≤ tolerance and
  /// max(residualLeft, residualRight) ≤ sqrt(tolerance)·σ_k. (σ's relative error is about the
  /// square of the angle to v₁, and the residual/σ about the angle, hence the square root.)
  /// A zero matrix or a v in W's null space converges at k = 2 with σ = 0.
  public mutating func run(
    tolerance: Double, maxSteps: Int, isInterrupted: () -> Bool = { false }
  ) -> [PowerStep] {
    var taken: [PowerStep] = []
    for _ in 0 ..< Swift.max(0, maxSteps) {
      if isInterrupted() { break }
      let record = advance()
      taken.append(record)
      if Self.meetsStoppingRule(
        relativeChange: record.relativeChange,
        residual: Swift.max(record.residualLeft, record.residualRight), sigma: record.sigma,
        tolerance: tolerance)
      {
        break
      }
    }
    if let final = taken.popLast() { taken.append(withVectors(final)) }
    return taken
  }

  /// The stopping rule of `run` (and of the notebook's `run p`, in both of its modes): a
  /// relative change of σ (nil at k = 1) at most `tolerance`, and a residual at most
  /// sqrt(tolerance)·|σ|.
  public static func meetsStoppingRule(
    relativeChange: Double?, residual: Double, sigma: Double, tolerance: Double
  ) -> Bool {
    guard let relativeChange, relativeChange <= tolerance else { return false }
    return residual <= tolerance.squareRoot() * Swift.abs(sigma)
  }

  /// The first-order predicted relative error at step k (see the type's documentation).
  private func predictedError(_ k: Int) -> Double? {
    guard let terms = predictionTerms else { return nil }
    var sum = 0.0
    for term in terms {
      sum += term.weight * Double.pow(term.ratio, 2 * k) * (1 - term.ratio)
    }
    return sum / 2
  }

  /// The exact singular values sorted descending and padded with zeros to min(m, n).
  private static func validated(_ values: [Double], for matrix: Matrix) throws -> [Double] {
    let k = Swift.min(matrix.rows, matrix.columns)
    guard !values.isEmpty, values.count <= k, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw MatrixError.invalidArgument(
        "exact singular values must be 1 to \(k) finite values ≥ 0, got \(values.count)")
    }
    return values.sorted(by: >) + [Double](repeating: 0, count: k - values.count)
  }

  /// The weights (cᵢ/c₁)² and ratios (σᵢ/σ₁)² of the prediction, from W's exact right
  /// singular vectors; nil when σ₁ = 0 or v₀ has no component along the top singular space.
  private static func predictionTerms(
    _ matrix: Matrix, _ v0: [Double], _ sigma: [Double]
  ) throws -> [(weight: Double, ratio: Double)]? {
    let sigma1 = sigma[0]
    guard sigma1 > 0 else { return nil }
    let vectors = try matrix.svd().v
    // NOTE: σᵢ within a relative 1e-12 of σ₁ count as σ₁ (a repeated top singular value).
    let isTop = sigma.map { $0 >= sigma1 * (1 - 1e-12) }
    var c2 = [Double](repeating: 0, count: sigma.count)
    for i in 0 ..< sigma.count {
      var c = 0.0
      for j in 0 ..< v0.count { c += vectors[j, i] * v0[j] }
      c2[i] = c * c
    }
    let top = zip(c2, isTop).filter { $0.1 }.reduce(0) { $0 + $1.0 }
    guard top > 0 else { return nil }
    return (0 ..< sigma.count).filter { !isTop[$0] }.map { i in
      (weight: c2[i] / top, ratio: (sigma[i] / sigma1) * (sigma[i] / sigma1))
    }
  }
}
