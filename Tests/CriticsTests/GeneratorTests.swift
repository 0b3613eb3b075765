// The affine generator: its gradient through the critic's slope against central differences,
// the pushed-forward distributions against their CDFs, and a training run in which the critic's
// slope moves the fake data onto the real data.

import DenseMatrix
import Foundation
import Testing

@testable import Critics

@Suite("Generator")
struct GeneratorTests {
  /// A fixed batch of noise from N(−1, 0.7²).
  static let noise = try! Distribution.normal(mean: -1, sd: 0.7).samples(count: 64, seed: 9)

  @Test("the generator gradient matches central differences", arguments: [GeneratorLoss.wasserstein, .minimax])
  func gradient(_ loss: GeneratorLoss) throws {
    // A smooth critic (tanh), so differences do not straddle kinks.
    let critic = try MLPCritic(hidden: [8, 8], activation: .tanh, seed: 5)
    let g = AffineGenerator(logScale: 0.3, shift: -0.4)
    let analytic = g.lossAndGradient(critic: critic, noise: Self.noise, loss: loss)
    func value(_ s: Double, _ b: Double) -> Double {
      AffineGenerator(logScale: s, shift: b).lossAndGradient(critic: critic, noise: Self.noise, loss: loss).loss
    }
    let h = 1e-5
    let ds = (value(0.3 + h, -0.4) - value(0.3 - h, -0.4)) / (2 * h)
    let db = (value(0.3, -0.4 + h) - value(0.3, -0.4 - h)) / (2 * h)
    #expect(abs(analytic.logScale - ds) <= 1e-6 * max(abs(ds), 1e-3))
    #expect(abs(analytic.shift - db) <= 1e-6 * max(abs(db), 1e-3))
    // The loss itself: −mean f(x) or mean log(1 − sigmoid(f(x))), x = a z + b.
    let x = Self.noise.map { g.scale * $0 + g.shift }
    let f = critic.values(at: x)
    let expected = f.map { loss == .wasserstein ? -$0 : Foundation.log(1 - 1 / (1 + Foundation.exp(-$0))) }
    #expect(abs(analytic.loss - expected.reduce(0, +) / Double(x.count)) < 1e-12)
  }

  @Test("pushed-forward distributions: P(aX + b ≤ ax + b) = P(X ≤ x)")
  func affine() throws {
    let distributions: [Distribution] = [
      .normal(mean: 1, sd: 2), .uniform(lower: -1, upper: 3),
      .mixture([.normal(mean: 0, sd: 1), .uniform(lower: 2, upper: 4)], weights: [1, 3]),
      .empirical([0.5, -2, 3]),
    ]
    for d in distributions {
      let moved = d.affine(scale: 0.5, shift: 3)
      try moved.validate()
      for x in [-2.5, -1.0, 0.2, 0.5, 2.9, 3.5] {
        #expect(abs(moved.cdf(0.5 * x + 3) - d.cdf(x)) < 1e-15, "\(d) at \(x)")
      }
      #expect(abs(moved.mean - (0.5 * d.mean + 3)) < 1e-12)
    }
    #expect(AffineGenerator.identity.generated(from: .normal(mean: 2, sd: 1)) == .normal(mean: 2, sd: 1))
  }

  @Test("the critic's slope moves the generator onto the real data")
  func trainingMovesTheFakeData() throws {
    let real = Distribution.normal(mean: 2, sd: 0.5), fake = Distribution.normal(mean: -2, sd: 0.5)
    let critic = try MLPCritic(hidden: [8, 8], seed: 2)
    var o = TrainingOptions(method: .sn)
    o.steps = 1500
    o.batch = 32
    o.learningRate = 1e-2
    o.trainsGenerator = true
    let report = try Trainer.train(critic, real: real, fake: fake, options: o)
    let run = try #require(report.generator)
    #expect(report.configuration.criticSteps == 5)
    #expect(run.updates == 300)
    #expect(run.initialWasserstein == 4)
    #expect(report.fake == run.generated)
    #expect(report.wasserstein == (try Wasserstein1.exact(real, run.generated)))
    #expect(report.wasserstein.value < 0.5)
    // Same options, same bits; without a generator, no generator and the fake data as given.
    #expect(try Trainer.train(critic, real: real, fake: fake, options: o) == report)
    o.trainsGenerator = false
    let fixed = try Trainer.train(critic, real: real, fake: fake, options: o)
    #expect(fixed.generator == nil && fixed.fake == fake)
  }

  @Test("n_critic: the papers' defaults, and refused without a generator or out of range")
  func criticSteps() throws {
    var o = TrainingOptions(method: .wganGP)
    #expect(try o.resolved().criticSteps == nil)
    o.trainsGenerator = true
    #expect(try o.resolved().criticSteps == 5)
    #expect(try TrainingOptions(method: .gan).with { $0.trainsGenerator = true }.resolved().criticSteps == 1)
    o.criticSteps = 0
    #expect(throws: CriticError.self) { try o.resolved() }
    o.trainsGenerator = false
    o.criticSteps = 3
    #expect(throws: CriticError.self) { try o.resolved() }
  }
}

extension TrainingOptions {
  /// A copy changed by `change`.
  fileprivate func with(_ change: (inout TrainingOptions) -> Void) -> TrainingOptions {
    var copy = self
    change(&copy)
    return copy
  }
}
