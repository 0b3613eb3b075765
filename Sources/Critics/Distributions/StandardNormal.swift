// The standard normal's tail quantile Φ⁻¹, accurate in both tails: the Abramowitz–Stegun 26.2.23
// rational approximation polished by Newton's method on the erfc-based CDF.

import RealModule

/// The standard normal N(0, 1): its lower-tail CDF and quantile.
enum StandardNormal {
  /// Φ(z) = P(Z ≤ z) = erfc(−z/√2)/2, accurate relative to itself in the lower tail.
  @inline(__always)
  static func cdf(_ z: Double) -> Double { 0.5 * Double.erfc(-z / 2.0.squareRoot()) }

  /// φ(z) = e^{−z²/2}/√(2π).
  @inline(__always)
  static func density(_ z: Double) -> Double {
    Double.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
  }

  /// The z ≤ 0 with Φ(z) = p, for a lower-tail probability 0 < p ≤ 1/2 (by symmetry −z is the
  /// point with P(Z > −z) = p, so the upper tail is as accurate as the lower). p = 0 gives −∞,
  /// p ≥ 1/2 gives 0 (callers pass min(u, 1 − u)), NaN gives NaN.
  ///
  /// Φ(z) reproduces p to about 1e-15 relative for p ≥ 1e-300. Cost: one logarithm and three or
  /// four Newton steps (an erfc and an exp each).
  // NOTE: the start t − (c₀ + c₁t + c₂t²)/(1 + d₁t + d₂t² + d₃t³), t = √(−2 ln p), is within
  // 4.5e-4 of the root (A&S 26.2.23). Newton on Φ(z) − p then converges quadratically with a
  // constant |z|/2 (Φ''/2Φ' = −z/2), so 4.5e-4 becomes ~1e-6, ~1e-11, ~1e-21 even at z = −38; it
  // stops once a step is below 1e-14·max(1, |z|). Deep in the subnormal range (p < 1e-300) the
  // density underflows and the start is refined only while the steps stay finite.
  static func quantile(tail p: Double) -> Double {
    guard p > 0 else { return p == 0 ? -.infinity : .nan }
    guard p < 0.5 else { return p.isNaN ? .nan : 0 }
    let t = (-2 * Double.log(p)).squareRoot()
    let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
    let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
    var z = -(t - numerator / denominator)
    for _ in 0 ..< 8 {
      let step = (cdf(z) - p) / density(z)
      guard step.isFinite else { break }
      z -= step
      if Swift.abs(step) <= 1e-14 * Swift.max(1, Swift.abs(z)) { break }
    }
    return z
  }
}
