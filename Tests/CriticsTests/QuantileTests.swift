// Quantile functions against the CDFs they invert: Φ(Φ⁻¹(p)) = p in both tails (checked through
// erfc written out here, not through the code's tail functions), symmetry, the closed forms of
// uniforms and samples, and mixtures (narrow, nested, with a uniform part) against their CDFs.

import Foundation
import Testing

@testable import Critics

@Suite("Quantiles")
struct QuantileTests {
  /// P(X ≤ x) and P(X > x) of N(m, s²) straight from erfc.
  static func normalTails(_ x: Double, _ m: Double, _ s: Double) -> (lower: Double, upper: Double) {
    let t = (x - m) / (s * 2.0.squareRoot())
    return (0.5 * erfc(-t), 0.5 * erfc(t))
  }

  /// Tail probabilities 1e-12 … ½, 20 per decade.
  static let tails = (0 ... 240).map { pow(10, -12 + Double($0) / 20) }.filter { $0 <= 0.5 }

  @Test("Φ(Φ⁻¹(u)) = u to 1e-13 relative in the lower tail, and 1 − Φ to 1e-13 in the upper",
        arguments: [(0.0, 1.0), (3.0, 0.25), (-1e4, 7.5)])
  func normalRoundTrip(_ m: Double, _ s: Double) {
    let d = Distribution.normal(mean: m, sd: s)
    var worst = 0.0
    for p in Self.tails {
      // NOTE: x = μ + σz is rounded to ε|x|, which moves a tail probability by a relative
      // |z|·ε|x|/σ (1e-12 at μ = −1e4, σ = 7.5, z = −7): that much is the test's own rounding.
      func allowed(_ x: Double) -> Double {
        1e-13 + abs(x - m) / s * 2 * .ulpOfOne * abs(x) / s
      }
      let low = d.quantile(p)
      worst = max(worst, abs(Self.normalTails(low, m, s).lower - p) / p / allowed(low))
      let u = 1 - p  // rounded; the tail the quantile answers for is 1 − u, exact for u ≥ ½
      let high = d.quantile(u)
      worst = max(worst, abs(Self.normalTails(high, m, s).upper - (1 - u)) / (1 - u) / allowed(high))
      // The tail form takes p itself, never rounded through 1 − p.
      let exactHigh = d.quantile(tail: p, upper: true)
      worst = max(worst, abs(Self.normalTails(exactHigh, m, s).upper - p) / p / allowed(exactHigh))
    }
    #expect(worst <= 1, "worst error \(worst) of what is allowed")
  }

  @Test("Φ⁻¹ is odd: quantile(1 − u) = −quantile(u), exactly for the midpoints; a table value")
  func normalSymmetry() {
    let d = Distribution.normal(mean: 0, sd: 1)
    for p in Self.tails {
      let (a, b) = (d.quantile(p), d.quantile(1 - p))
      // 1 − p rounds, so the mirror is exact only up to the rounding of p (|Δz| ≤ ε/φ(z)).
      #expect(abs(a + b) <= 1e-15 / StandardNormal.density(a) + 1e-15 * abs(a), "\(p)")
    }
    let z = StandardNormal.midpoints(count: 1001)
    #expect(z[500] == 0)
    #expect((0 ..< 1001).allSatisfy { z[$0] == -z[1000 - $0] })
    #expect(zip(z, z.dropFirst()).allSatisfy { $0 < $1 })
    // Φ⁻¹(0.975) from the standard tables (Abramowitz & Stegun 26.2, the 95% two-sided point).
    #expect(abs(d.quantile(0.975) - 1.959963984540054) <= 1e-15)
    #expect(d.quantile(0.5) == 0)
    #expect(d.quantile(0) == -.infinity && d.quantile(1) == .infinity)
    // The deepest tails stay finite and ordered.
    let deep = [1e-300, 1e-200, 1e-100, 1e-50].map { StandardNormal.quantile(tail: $0) }
    #expect(deep.allSatisfy(\.isFinite) && zip(deep, deep.dropFirst()).allSatisfy { $0 < $1 })
    #expect(abs(StandardNormal.cdf(deep[1]) - 1e-200) <= 1e-13 * 1e-200)
  }

  @Test("uniform quantiles are a + (b − a)u and invert the CDF")
  func uniform() {
    let d = Distribution.uniform(lower: -2, upper: 6)
    for k in 0 ... 100 {
      let u = Double(k) / 100
      let x = d.quantile(u)
      #expect(abs(x - (-2 + 8 * u)) <= 1e-14)
      #expect(abs(d.cdf(x) - u) <= 1e-15)
    }
    #expect(d.quantile(0) == -2 && d.quantile(1) == 6)
  }

  @Test("sample quantiles are order statistics: the ⌈un⌉-th smallest")
  func samples() {
    let xs: [Double] = [4, -1, 7, 2]
    let d = Distribution.empirical(xs)
    let sorted = xs.sorted()
    for k in 1 ... 4 {
      let u = Double(k) / 4  // exact, so ⌈un⌉ = k exactly
      #expect(d.quantile(u) == sorted[k - 1])
      #expect(d.quantile(u - 0.01) == sorted[k - 1])
      if k < 4 { #expect(d.quantile(u + 0.01) == sorted[k]) }
    }
    #expect(d.quantile(0) == -1)
    // Midpoints (i + ½)/8: the ⌈(i + ½)/2⌉-th smallest.
    let m = d.midpointQuantiles(count: 8)
    #expect(m == (0 ..< 8).map { sorted[Int(((Double($0) + 0.5) / 2).rounded(.up)) - 1] })
  }

  static let mixtures: [(Distribution, [(Double, Double, Double)])] = [
    // (distribution, its normal parts as (weight, μ, σ) with weights summing to 1)
    (.mixture([.normal(mean: -2, sd: 0.5), .normal(mean: 2, sd: 0.5)], weights: [1, 3]),
     [(0.25, -2, 0.5), (0.75, 2, 0.5)]),
    (.mixture([.normal(mean: 0, sd: 0.001), .normal(mean: 100, sd: 1)], weights: [1, 1]),
     [(0.5, 0, 0.001), (0.5, 100, 1)]),
    (.mixture([.normal(mean: 1, sd: 2), .mixture([.normal(mean: 0, sd: 0.1), .normal(mean: 5, sd: 1)],
                                                 weights: [2, 2])], weights: [2, 6]),
     [(0.25, 1, 2), (0.375, 0, 0.1), (0.375, 5, 1)]),
  ]

  @Test("mixture quantiles invert the mixture CDF in both tails", arguments: 0 ..< 3)
  func mixture(_ index: Int) {
    let (d, parts) = Self.mixtures[index]
    func tails(_ x: Double) -> (Double, Double) {
      parts.reduce((0.0, 0.0)) { acc, part in
        let (l, u) = Self.normalTails(x, part.1, part.2)
        return (acc.0 + part.0 * l, acc.1 + part.0 * u)
      }
    }
    var worst = 0.0
    for p in Self.tails {
      worst = max(worst, abs(tails(d.quantile(p)).0 - p) / p)
      worst = max(worst, abs(tails(d.quantile(tail: p, upper: true)).1 - p) / p)
    }
    #expect(worst <= 1e-12, "worst relative error \(worst)")
    // The midpoints are increasing, each the quantile of its u (u and 1 − u exact: n = 2⁹).
    let n = 512
    let m = d.midpointQuantiles(count: n)
    #expect(zip(m, m.dropFirst()).allSatisfy { $0 < $1 })
    for i in 0 ..< n {
      let u = (Double(i) + 0.5) / Double(n)
      let (lower, upper) = tails(m[i])
      #expect(abs(u <= 0.5 ? lower - u : upper - (1 - u)) <= 1e-13 * min(u, 1 - u), "\(i)")
    }
  }

  @Test("a mixture with a uniform part inverts its CDF, flat stretches included")
  func mixtureWithUniform() {
    let d = Distribution.mixture(
      [.uniform(lower: 0, upper: 1), .uniform(lower: 3, upper: 4), .normal(mean: 10, sd: 0.01)],
      weights: [1, 1, 2])
    for k in 1 ..< 200 {
      let u = Double(k) / 200
      let x = d.quantile(u)
      #expect(abs(d.cdf(x) - u) <= 1e-13, "\(u): x = \(x)")
    }
    // F = ¼ on [1, 3]: inf{x : F(x) ≥ ¼} is the left end of the flat stretch.
    #expect(abs(d.quantile(0.25) - 1) <= 1e-13)
  }

  @Test("quantiles refuse what is not a probability or a valid distribution")
  func invalid() {
    let d = Distribution.normal(mean: 0, sd: 1)
    #expect(d.quantile(-0.1).isNaN && d.quantile(1.5).isNaN && d.quantile(.nan).isNaN)
    #expect(Distribution.normal(mean: 0, sd: 0).quantile(0.3).isNaN)
    #expect(Distribution.mixture([d], weights: [0]).quantile(0.3).isNaN)
    #expect(Distribution.empirical([]).quantile(0.3).isNaN)
  }
}
