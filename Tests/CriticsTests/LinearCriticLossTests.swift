// The gradient-penalty loss of a linear critic against its slope (MATH.md §9): the closed-form
// minima against a grid search of the formula, the formula against the trainer's own loss on a
// critic that is linear on the data, and the trap itself: a wgan-gp critic that starts
// decreasing ends at the local minimum s = −0.8 (estimate −3.2), a wgan-lp one at s = 1.2.

import DenseMatrix
import Testing

@testable import Critics

@Suite struct LinearCriticLossTests {
  /// f(x) = s·x + 10·s on [−5, 5]: 1 → 1 → 1 with the hidden unit x + 10 > 0 (always active).
  func linearCritic(slope s: Double) throws -> MLPCritic {
    MLPCritic(
      hidden: [1], activation: .leakyDefault,
      layers: [
        DenseLayer(weight: try Matrix([[1]]), bias: [10]),
        DenseLayer(weight: try Matrix([[s]]), bias: [0]),
      ], normalization: nil)
  }

  @Test func theTwoSidedPenaltyHasATrapAtMinus08() throws {
    let gp = try #require(LinearCriticLoss(method: .wganGP, meanGap: 4, lambda: 10))
    #expect(gp.bestSlope == 1.2)
    #expect(abs(gp.trapSlope! - -0.8) < 1e-15)
    #expect(gp.barrier == 10)
    #expect(abs(gp.bestSlope * 4 - 4.8) < 1e-14 && abs(gp.trapSlope! * 4 - -3.2) < 1e-14)
    // The local minima of the formula on a grid of step 1e-4 over [−3, 3].
    let grid = (-30_000 ... 30_000).map { Double($0) * 1e-4 }
    let values = grid.map { gp.loss(slope: $0) }
    var minima: [Double] = []
    for i in 1 ..< grid.count - 1 where values[i] < values[i - 1] && values[i] < values[i + 1] {
      minima.append(grid[i])
    }
    #expect(minima.count == 2)
    #expect(abs(minima[0] - -0.8) < 1e-4 && abs(minima[1] - 1.2) < 1e-4)
    // The barrier between them is the maximum on [−0.8, 1.2], at s = 0.
    let between = zip(grid, values).filter { $0.0 > -0.8 && $0.0 < 1.2 }
    #expect(between.max { $0.1 < $1.1 }!.0 == 0)

    let lp = try #require(LinearCriticLoss(method: .wganLP, meanGap: 4, lambda: 10))
    #expect(lp.bestSlope == 1.2 && lp.trapSlope == nil)
    let lpValues = grid.map { lp.loss(slope: $0) }
    let lpMinima = (1 ..< grid.count - 1).filter { lpValues[$0] < lpValues[$0 - 1] && lpValues[$0] < lpValues[$0 + 1] }
    #expect(lpMinima.count == 1 && abs(grid[lpMinima[0]] - 1.2) < 1e-4)
    // No trap once Δ ≥ 2λ, and none for other methods.
    #expect(LinearCriticLoss(method: .wganGP, meanGap: 25, lambda: 10)?.trapSlope == nil)
    #expect(LinearCriticLoss(method: .sn, meanGap: 4, lambda: 10) == nil)
  }

  @Test(arguments: [Method.wganGP, .wganLP], [-1.5, -0.8, 0, 0.5, 1.2, 2])
  func theFormulaIsTheTrainersLoss(method: Method, slope: Double) throws {
    // One-point distributions make every batch mean exact: E_g f − E_r f = −4s.
    var options = TrainingOptions(method: method)
    options.steps = 1
    options.batch = 16
    let report = try Trainer.train(
      try linearCritic(slope: slope), real: .empirical([2]), fake: .empirical([-2]),
      options: options)
    let expected = try #require(LinearCriticLoss(method: method, meanGap: 4, lambda: 10)).loss(slope: slope)
    #expect(abs(report.losses[0] - expected) < 1e-12)
  }

  @Test(arguments: [(Method.wganGP, -0.5, -0.8), (.wganGP, 0.5, 1.2), (.wganLP, -0.5, 1.2)])
  func trainingEndsAtTheMinimumOnItsSide(method: Method, start: Double, end: Double) throws {
    var options = TrainingOptions(method: method)
    options.steps = 400
    options.batch = 16
    options.learningRate = 1e-2
    let report = try Trainer.train(
      try linearCritic(slope: start), real: .empirical([2]), fake: .empirical([-2]),
      options: options)
    let layers = report.critic.layers
    let slope = layers[0].weight[0, 0] * layers[1].weight[0, 0]
    #expect(abs(slope - end) < 0.01, "slope \(slope)")
    #expect(abs(report.estimate - 4 * end) < 0.04)
  }
}
