// The gradient-penalty loss of a linear critic f(x) = s·x + b as a function of its slope
// (MATH.md §9): the picture behind a wgan-gp critic that ends with a negative estimate.
//
// For f(x) = s·x + b the critic loss E_g f − E_r f is −s·Δ with Δ = E_r x − E_g x, and
// |f'(x̂)| = |s| at every interpolate, so the loss is exactly
//
//     two-sided (wgan-gp):  L(s) = −s·Δ + λ(|s| − 1)²
//     one-sided (wgan-lp):  L(s) = −s·Δ + λ·max(0, |s| − 1)²
//
// For Δ > 0 the two-sided loss is smallest at s = 1 + Δ/(2λ); when Δ < 2λ it has a second,
// local minimum at s = −1 + Δ/(2λ) < 0, separated from the first by L(0) = λ. The one-sided
// loss is decreasing on s < 1 (slope −Δ), so it has one minimum and no barrier.

/// The loss of a linear critic against its slope, for a gradient penalty.
public struct LinearCriticLoss: Sendable, Equatable {
  /// Δ = E_r x − E_g x, so that E_r f − E_g f = s·Δ (W₁ for two normals of equal σ, μ_r > μ_g).
  public let meanGap: Double
  /// The penalty weight λ (> 0).
  public let lambda: Double
  /// True for the one-sided penalty max(0, |s| − 1)².
  public let oneSided: Bool

  /// The loss of `method` (wgan-gp or wgan-lp) with weight `lambda`, nil for any other method.
  public init?(method: Method, meanGap: Double, lambda: Double) {
    guard method == .wganGP || method == .wganLP, lambda > 0, meanGap.isFinite else { return nil }
    self.meanGap = meanGap
    self.lambda = lambda
    oneSided = method == .wganLP
  }

  /// L(s) = −s·Δ + λ·penalty(|s|).
  public func loss(slope s: Double) -> Double {
    let excess = abs(s) - 1
    let penalty = oneSided ? max(0, excess) * max(0, excess) : excess * excess
    return -s * meanGap + lambda * penalty
  }

  /// The slope of the global minimum: sign(Δ)·(1 + |Δ|/(2λ)) (1 for Δ = 0 two-sided, where
  /// ±1 tie).
  public var bestSlope: Double {
    let s = 1 + abs(meanGap) / (2 * lambda)
    return meanGap < 0 ? -s : s
  }

  /// The slope of the second, local minimum, of the other sign: −sign(Δ)·(1 − |Δ|/(2λ)); nil
  /// for the one-sided penalty and when |Δ| ≥ 2λ (the barrier is gone).
  public var trapSlope: Double? {
    guard !oneSided, abs(meanGap) < 2 * lambda, meanGap != 0 else { return nil }
    let s = 1 - abs(meanGap) / (2 * lambda)
    return meanGap < 0 ? s : -s
  }

  /// The loss at s = 0, λ for both penalties: the top of the barrier between the two minima of
  /// the two-sided one.
  public var barrier: Double { loss(slope: 0) }
}
