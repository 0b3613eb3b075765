// Exact W₁ against closed forms, against the sort-based formula on samples, and the quadrature
// route against the closed forms it must reproduce.

import Foundation
import Testing

@testable import Critics

@Suite("Wasserstein-1")
struct Wasserstein1Tests {
  @Test("equal-variance normals: |μ_r − μ_g|")
  func equalVariance() throws {
    let r = try Wasserstein1.exact(.normal(mean: 0, sd: 1), .normal(mean: 2.5, sd: 1))
    #expect(r.value == 2.5)
    #expect(r.route == .closedForm)
  }

  @Test("quadrature reproduces the normal and uniform closed forms",
        arguments: [(0.0, 1.0, 0.3, 2.0), (1.0, 0.5, -1.0, 0.5), (0.0, 1.0, 0.0, 3.0)])
  func quadratureMatchesClosedForms(_ m1: Double, _ s1: Double, _ m2: Double, _ s2: Double) throws {
    let (p, q) = (Distribution.normal(mean: m1, sd: s1), Distribution.normal(mean: m2, sd: s2))
    let closed = try Wasserstein1.exact(p, q).value
    let numeric = Wasserstein1.quadrature(p, q)
    #expect(abs(closed - numeric) <= 1e-9, "\(closed) vs \(numeric)")
    let u = Distribution.uniform(lower: m1, upper: m1 + s1)
    let v = Distribution.uniform(lower: m2, upper: m2 + s2)
    #expect(abs(try Wasserstein1.exact(u, v).value - Wasserstein1.quadrature(u, v)) <= 1e-9)
  }

  @Test("a narrow component beside a shared far one is resolved: W₁ = w·W₁(narrow parts)",
        arguments: [
          // (narrow real μ, σ; narrow fake μ, σ; far component μ, σ; weight of the narrow parts)
          (0.0, 0.001, 0.0, 0.002, 100.0, 1.0, 0.5),
          (0.0, 1e-4, 5e-4, 1e-4, 50.0, 1.0, 0.3),
          (0.0, 1e-5, 0.0, 3e-5, -20.0, 2.0, 0.5),
          (3.0, 0.01, 3.02, 0.005, -1000.0, 10.0, 0.8),
          (0.0, 1e-3, 1e-2, 2e-3, 1.0, 0.5, 0.1),
        ])
  func narrowMixtures(
    _ m1: Double, _ s1: Double, _ m2: Double, _ s2: Double, _ far: Double, _ farSD: Double,
    _ w: Double
  ) throws {
    let shared = Distribution.normal(mean: far, sd: farSD)
    let p = Distribution.mixture([.normal(mean: m1, sd: s1), shared], weights: [w, 1 - w])
    let q = Distribution.mixture([.normal(mean: m2, sd: s2), shared], weights: [w, 1 - w])
    // ∫|F_p − F_q| = w·∫|F₁ − F₂|: the shared part cancels. Two normals: E|Δμ + Δσ Z| in closed
    // form, written out here.
    let (mu, s) = (m1 - m2, abs(s1 - s2))
    let folded = s == 0 ? abs(mu)
      : s * (2 / Double.pi).squareRoot() * exp(-mu * mu / (2 * s * s)) + mu * erf(mu / (s * 2.0.squareRoot()))
    let closed = w * folded
    let result = try Wasserstein1.exact(p, q)
    #expect(result.route == .quadrature)
    // The route's promise: an absolute error of about 1e-12 × the integration interval, here the
    // hull of every component's μ ± 12σ.
    let ends = [(m1, s1), (m2, s2), (far, farSD)].flatMap { [$0.0 - 12 * $0.1, $0.0 + 12 * $0.1] }
    let width = ends.max()! - ends.min()!
    #expect(abs(result.value - closed) <= 1e-12 * width, "\(result.value) vs \(closed)")
    #expect(abs(result.value - closed) <= 1e-6 * closed)
  }

  @Test("merged-CDF W₁ equals the sorted-sample formula for equal sizes")
  func empiricalRoutes() throws {
    let a = try Distribution.normal(mean: 0, sd: 1).samples(count: 1000, seed: 1)
    let b = try Distribution.uniform(lower: -1, upper: 3).samples(count: 1000, seed: 2)
    let merged = Wasserstein1.empirical(a, b)
    #expect(abs(merged - (try Wasserstein1.sorted(a, b))) <= 1e-12)
    #expect(try Wasserstein1.exact(.empirical(a), .empirical(b)).route == .empirical)
    #expect(Wasserstein1.empirical([0, 0], [1]) == 1)
    #expect(throws: CriticError.self) { try Wasserstein1.sorted([1], [1, 2]) }
  }

  @Test("mixtures and empirical-vs-continuous by quadrature agree with large sorted samples")
  func againstSamples() throws {
    let mix = Distribution.mixture(
      [.normal(mean: -2, sd: 0.5), .normal(mean: 2, sd: 0.5)], weights: [1, 3])
    let other = Distribution.uniform(lower: -1, upper: 1)
    let exact = try Wasserstein1.exact(mix, other)
    #expect(exact.route == .quadrature)
    let n = 200_000
    let sorted = try Wasserstein1.sorted(
      try mix.samples(count: n, seed: 5), try other.samples(count: n, seed: 6))
    #expect(abs(exact.value - sorted) <= 0.02, "\(exact.value) vs \(sorted)")
    // An empirical sample against its own source distribution is close to 0.
    let sample = try other.samples(count: 5_000, seed: 7)
    let w = try Wasserstein1.exact(.empirical(sample), other).value
    #expect(w > 0 && w < 0.02)
  }

  @Test("invalid distributions are refused")
  func invalid() {
    #expect(Distribution.empirical([]).span == -1 ... 1)
    #expect(Distribution.mixture([], weights: []).span == -1 ... 1)
    let invalid: [Distribution] = [
      .normal(mean: 0, sd: 0), .uniform(lower: 1, upper: 0),
      .mixture([.normal(mean: 0, sd: 1)], weights: [0]), .empirical([]),
    ]
    for p in invalid {
      #expect(throws: CriticError.self) { try Wasserstein1.exact(p, .normal(mean: 0, sd: 1)) }
    }
  }
}

@Suite("Extreme inputs")
struct ExtremeInputTests {
  @Test("extreme but valid parameters give numbers or NaN, never a trap or a hang")
  func extremes() throws {
    #expect(throws: CriticError.self) { try Distribution.uniform(lower: -1e308, upper: 1e308).validate() }
    let far = try Wasserstein1.exact(.normal(mean: 1e300, sd: 1e299), .uniform(lower: 0, upper: 1))
    #expect(far.value.isNaN || far.value > 0)
    let narrow = try Wasserstein1.exact(.normal(mean: 0, sd: 1e-300), .uniform(lower: 0, upper: 1))
    #expect(abs(narrow.value - 0.5) < 1e-9)
    let critic = try MLPCritic(hidden: [3], seed: 1)
    #expect(critic.values(at: []).isEmpty)
    var o = TrainingOptions(method: .wganGP)
    o.steps = 0
    o.batch = 1
    let report = try Trainer.train(critic, real: .normal(mean: 0, sd: 1), fake: .empirical([5]), options: o)
    #expect(report.finalLoss == nil && report.stepsDone == 0 && report.critic == critic)
  }
}
