// The spectral normalization estimator of Miyato et al. (2018) with PyTorch's semantics
// (`torch.nn.utils.spectral_norm`, MATH.md §4): a persistent left vector u, one power step per
// training call, and an evaluation mode that only reads u and v.
//
// With normalize(x) = x / max(‖x‖, ε) (`torch.nn.functional.normalize`), a training call does
// v ← normalize(Wᵀu), u ← normalize(W v), σ = uᵀ W v, exactly PyTorch's order of operations.

/// Spectral-norm estimate with a persistent u, one power step per `update` (PyTorch semantics).
public struct SpectralNormEstimator: Sendable {
  /// The persistent left vector (length m).
  public private(set) var u: [Double]
  /// The right vector of the last update (length n; empty until the first update when the
  /// estimator was created from `u` alone).
  public private(set) var v: [Double]
  /// The ε of the normalisations, 1e-12 by default as in PyTorch.
  public let epsilon: Double
  /// W v before normalisation (scratch reused by every update).
  private var wv: [Double]

  /// PyTorch's initialisation for an m×n weight: u = normalize(m normal draws), then
  /// v = normalize(n normal draws), both from `rng`. Negative sizes count as 0.
  public init(rows: Int, columns: Int, using rng: inout RandomSource, epsilon: Double = 1e-12) {
    self.epsilon = epsilon
    u = Vector.normalized((0 ..< Swift.max(0, rows)).map { _ in rng.normal() }, epsilon: epsilon)
    v = Vector.normalized((0 ..< Swift.max(0, columns)).map { _ in rng.normal() }, epsilon: epsilon)
    wv = [Double](repeating: 0, count: Swift.max(0, rows))
  }

  /// An estimator with the given u, used as is (like a loaded buffer; not normalised).
  public init(u: [Double], epsilon: Double = 1e-12) {
    self.epsilon = epsilon
    self.u = u
    self.v = []
    wv = [Double](repeating: 0, count: u.count)
  }

  /// Training step: v = normalize(Wᵀu), u = normalize(W v); returns σ = uᵀ W v.
  ///
  /// O(mn): one Wᵀu and one W v through the kernels, into the stored vectors (no allocation
  /// once v has its length). NaN or ∞ in W gives a NaN σ (not checked: this is a hot path).
  /// - Throws: `shapeMismatch(op: "sn", lhs: W's shape, rhs: the expected shape)` when W is
  ///   not m×n for this estimator's u (and v, once set).
  public mutating func update(_ w: Matrix) throws -> Double {
    try checkShape(w)
    let (m, n) = (w.rows, w.columns)
    if v.count != n { v = [Double](repeating: 0, count: n) }
    guard m > 0, n > 0 else {
      for i in 0 ..< m { u[i] = 0 }
      return 0
    }
    w.elements.withUnsafeBufferPointer { wp in
      u.withUnsafeBufferPointer { up in
        v.withUnsafeMutableBufferPointer { vp in
          Kernels.gemvTransposed(wp.baseAddress!, rows: m, columns: n, up.baseAddress!, into: vp.baseAddress!)
        }
      }
    }
    normalize(&v)
    w.elements.withUnsafeBufferPointer { wp in
      v.withUnsafeBufferPointer { vp in
        wv.withUnsafeMutableBufferPointer { yp in
          Kernels.gemv(wp.baseAddress!, rows: m, columns: n, vp.baseAddress!, into: yp.baseAddress!)
        }
      }
    }
    let d = Swift.max(Vector.norm(wv), epsilon)
    for i in 0 ..< m { u[i] = d > 0 ? wv[i] / d : wv[i] }
    // NOTE: σ = uᵀ(W v) reuses the W v just computed instead of a third pass over W.
    return Vector.dot(u, wv)
  }

  /// Evaluation: σ = uᵀ W v with the stored u and v, which are not updated.
  ///
  /// O(mn). Before any update of an estimator made from `u` alone, v is taken as
  /// normalize(Wᵀu) for this call only.
  /// - Throws: `shapeMismatch(op: "sn")` as `update`.
  public func sigma(_ w: Matrix) throws -> Double {
    try checkShape(w)
    let right = v.isEmpty ? Vector.normalized(try w.transposeTimes(u), epsilon: epsilon) : v
    return Vector.dot(u, try w.times(right))
  }

  private func checkShape(_ w: Matrix) throws {
    guard w.rows == u.count, v.isEmpty || v.count == w.columns else {
      throw MatrixError.shapeMismatch(
        op: "sn", lhs: w.shape, rhs: Shape(u.count, v.isEmpty ? w.columns : v.count))
    }
  }

  private func normalize(_ x: inout [Double]) {
    let d = Swift.max(Vector.norm(x), epsilon)
    guard d > 0 else { return }
    for i in x.indices { x[i] /= d }
  }
}
