// The critic's estimate E_r f − E_g f by the quantile coupling: exact on linear critics (the
// means written out by hand), the same number as a plain forward pass over F⁻¹((i + ½)/N), the
// coupling bound |estimate| ≤ L · mean|F_r⁻¹ − F_g⁻¹|, and no ratio above 1 for nearly equal data.

import DenseMatrix
import Testing

@testable import Critics

@Suite("Estimate")
struct EstimateTests {
  /// f(x) = s·x + c as a 1→1→1 critic whose activation is the identity (leaky slope 1).
  static func linear(slope s: Double, intercept c: Double) throws -> MLPCritic {
    let layers = [
      DenseLayer(weight: try Matrix(rows: 1, columns: 1, elements: [2]), bias: [0.5]),
      DenseLayer(weight: try Matrix(rows: 1, columns: 1, elements: [s / 2]), bias: [c - s / 4]),
    ]
    return MLPCritic(hidden: [1], activation: .leaky(slope: 1), layers: layers, normalization: nil)
  }

  static let cases: [(Distribution, Distribution, Double)] = [
    // (real, fake, E_r x − E_g x by hand)
    (.normal(mean: 0, sd: 1), .normal(mean: 0.3, sd: 2), -0.3),
    (.uniform(lower: -1, upper: 2), .normal(mean: 1, sd: 0.5), 0.5 - 1),
    (.uniform(lower: 0, upper: 1), .uniform(lower: -3, upper: 5), 0.5 - 1),
    (.mixture([.normal(mean: -2, sd: 0.5), .normal(mean: 2, sd: 0.5)], weights: [1, 1]),
     .normal(mean: 4, sd: 3), -4),
    (.empirical([1, 2, 6]), .normal(mean: -1, sd: 1), 3 + 1),
    (.uniform(lower: 10, upper: 12), .empirical([0.5, 1.5]), 11 - 1),
  ]

  @Test("a linear critic's estimate is s·(E_r x − E_g x)", arguments: 0 ..< 6)
  func linearCritic(_ index: Int) throws {
    let (real, fake, difference) = Self.cases[index]
    for (s, c) in [(1.0, 0.0), (-2.5, 3.0), (0.01, -7.0)] {
      let f = try Self.linear(slope: s, intercept: c)
      #expect(abs(f.values(at: [3])[0] - (3 * s + c)) <= 1e-14)
      let estimate = try Trainer.estimate(f, real: real, fake: fake)
      #expect(abs(estimate - s * difference) <= 1e-9 * max(1, abs(s)), "\(s): \(estimate)")
    }
  }

  @Test("an asymmetric mixture's mean is off only by the midpoint rule's end panels")
  func asymmetricMixture() throws {
    let mix = Distribution.mixture(
      [.normal(mean: -2, sd: 0.5), .normal(mean: 2, sd: 0.5)], weights: [1, 3])
    let f = try Self.linear(slope: 1, intercept: 0)
    let estimate = try Trainer.estimate(f, real: mix, fake: .normal(mean: 0, sd: 1))
    // NOTE: E X = ∫₀¹ F⁻¹(u) du; the midpoint rule errs by about 2e-6·σ in the end panel of each
    // normal tail (∫₀^h Φ⁻¹ = −φ(Φ⁻¹(h)) against h·Φ⁻¹(h/2), h = 2⁻¹⁵), less after the two
    // tails partly cancel.
    #expect(abs(estimate - (0.25 * -2 + 0.75 * 2)) <= 2 * 2e-6 * 0.5)
  }

  @Test("the estimate is the paired mean of f over the quantiles at (i + ½)/N")
  func pairedQuantiles() throws {
    let critic = try MLPCritic(hidden: [8, 8], activation: .relu, seed: 11)
    let real = Distribution.normal(mean: 0.5, sd: 1.5)
    let fake = Distribution.mixture(
      [.uniform(lower: -3, upper: -1), .normal(mean: 2, sd: 0.3)], weights: [2, 1])
    let n = Trainer.evaluationSamples
    let u = (0 ..< n).map { (Double($0) + 0.5) / Double(n) }  // u and 1 − u exact: n = 2¹⁵
    let (r, g) = (u.map(real.quantile), u.map(fake.quantile))
    let (fr, fg) = (critic.values(at: r), critic.values(at: g))
    let direct = zip(fr, fg).reduce(0) { $0 + ($1.0 - $1.1) } / Double(n)
    let estimate = try Trainer.estimate(critic, real: real, fake: fake)
    #expect(abs(estimate - direct) <= 1e-12)
    // The coupling bound: |E_r f − E_g f| ≤ L · (1/N)Σ|F_r⁻¹(u_i) − F_g⁻¹(u_i)|, L exact on the
    // hull of all nodes (a relu net is piecewise linear).
    let hull = min(r[0], g[0]) ... max(r[n - 1], g[n - 1])
    let lip = try ExactLipschitz.of(critic, on: hull)
    #expect(lip.isExact)
    let coupled = zip(r, g).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(n)
    #expect(abs(estimate) <= lip.value * coupled * (1 + 1e-12))
    // … and the coupled distance is the midpoint rule for W₁.
    let exact = try Wasserstein1.exact(real, fake).value
    #expect(abs(coupled - exact) <= 1e-4 * exact, "\(coupled) vs \(exact)")
  }

  @Test("two nearly equal normals: the ratio stays ≤ 1 (Monte Carlo noise once gave 2.3)",
        arguments: [Method.wganGP, .sn, .wgan, .lsgan])
  func nearlyEqual(_ method: Method) throws {
    let (real, fake) = (Distribution.normal(mean: 0, sd: 1), Distribution.normal(mean: 0.01, sd: 1))
    var o = TrainingOptions(method: method)
    o.steps = 100
    for seed: UInt64 in [1, 2, 3] {
      let critic = try MLPCritic(hidden: [16, 16], seed: seed)
      let report = try Trainer.train(critic, real: real, fake: fake, options: o)
      #expect(report.wasserstein.value == 0.01)
      // Equal σ: the coupling pairs x with x + 0.01, so the estimate is −(1/N)Σ[f(x_i + 0.01) −
      // f(x_i)], within 0.01·max|f′| whatever the critic.
      #expect(abs(report.ratio) <= 1, "\(method), seed \(seed): ratio \(report.ratio)")
    }
  }

  @Test("invalid distributions are refused")
  func invalid() throws {
    let critic = try MLPCritic(hidden: [2], seed: 0)
    #expect(throws: CriticError.self) {
      try Trainer.estimate(critic, real: .normal(mean: 0, sd: -1), fake: .normal(mean: 0, sd: 1))
    }
  }
}
