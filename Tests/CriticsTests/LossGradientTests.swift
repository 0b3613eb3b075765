// Every method's loss — including the gradient of the gradient penalty — differentiated by the
// tape and checked against central finite differences, for every activation.

import DenseMatrix
import Testing

@testable import Critics

@Suite("Loss gradients")
struct LossGradientTests {
  static let activations: [Activation] = [.relu, .leakyDefault, .tanh]

  @Test(
    "each method's loss gradient matches central differences",
    arguments: Method.allCases, [0, 1, 2])
  func lossGradient(_ method: Method, _ act: Int) throws {
    let critic = try MLPCritic(hidden: [6, 5], activation: Self.activations[act], seed: 7)
    let report = try GradientCheck.run(
      critic, method: method, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 1.5, sd: 0.5),
      batch: 6, seed: 3, entriesPerParameter: 40)
    #expect(report.parameters.count == 6)
    #expect(report.loss.isFinite)
    for p in report.parameters {
      if method == .wn, p.name == "W1" {
        // Fan-in 1: each row v/|v| is sign(v), so no gradient reaches the first layer.
        #expect(p.largestGradient == 0)
      } else if p.name.hasPrefix("W") {
        #expect(p.largestGradient > 1e-3, "\(method) \(p.name): a zero gradient checks nothing")
      }
      #expect(
        p.relativeError <= 1e-6,
        "\(method) \(Self.activations[act]) \(p.name): \(p.relativeError)")
    }
  }

  @Test("the gradient penalty depends on the weights through f' (the gradient of a gradient)")
  func penaltyOnly() throws {
    // With λ large the penalty dominates; its gradient must still match finite differences.
    let critic = try MLPCritic(hidden: [8], activation: .leakyDefault, seed: 11)
    let tape = Tape()
    let graph = try CriticGraph(critic, on: tape, spectral: false, normalize: false)
    let x = tape.constant(randomMatrix(7, 1, seed: 5))
    let ones = tape.constant(Matrix(rows: 7, columns: 1, repeating: 1))
    let slope = try graph.apply(x, tangent: ones, output: false, on: tape).slope!
    let loss = tape.mean(tape.square(tape.addScalar(tape.abs(slope), -1)))
    // The tape's f' agrees with the independent forward-mode evaluator.
    let direct = critic.evaluate(at: tape.value(x).elements).slope
    #expect(
      tape.value(slope).isApproximatelyEqual(
        to: Matrix(column: direct), relative: 1e-12, absolute: 1e-15))
    let checks = try GradientCheck.check(
      tape, loss: loss, parameters: graph.weights + graph.biases,
      names: ["W1", "W2", "b1", "b2"], entriesPerParameter: 100, step: 1e-5, seed: 1)
    #expect(checks[0].largestGradient > 0 && checks[1].largestGradient > 0)
    // NOTE: b2 (the output bias) does not change f', so its gradient is exactly 0.
    #expect(checks[3].largestGradient == 0)
    #expect(checks.allSatisfy { $0.relativeError <= 1e-6 })
  }
}

@Suite("LS-GAN with γ and weight decay")
struct LossSensitiveOptionsTests {
  @Test("the gradient of γ E_r L + hinge + λ_w Σ‖W‖F² matches central differences", arguments: [0, 1, 2])
  func lsganWithGammaAndDecay(_ act: Int) throws {
    var options = TrainingOptions(method: .lsgan)
    options.gamma = 1
    options.decay = 0.05
    let critic = try MLPCritic(hidden: [6, 5], activation: LossGradientTests.activations[act], seed: 7)
    let report = try GradientCheck.run(
      critic, method: .lsgan, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 1.5, sd: 0.5),
      batch: 6, seed: 3, entriesPerParameter: 40, options: options)
    for p in report.parameters { #expect(p.relativeError <= 1e-6, "\(p.name): \(p.relativeError)") }
    // The decay term is there: the loss grows by exactly λ_w Σ‖W‖F² over the loss without it.
    options.decay = 0
    let plain = try GradientCheck.run(
      critic, method: .lsgan, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 1.5, sd: 0.5),
      batch: 6, seed: 3, entriesPerParameter: 1, options: options)
    let squares = critic.layers.reduce(0.0) { $0 + $1.weight.elements.reduce(0) { $0 + $1 * $1 } }
    #expect(abs(report.loss - plain.loss - 0.05 * squares) < 1e-12 * max(1, abs(report.loss)))
  }

  @Test("decay= is lsgan's alone and must be ≥ 0")
  func decayOption() throws {
    var options = TrainingOptions(method: .wganGP)
    options.decay = 0.1
    #expect(throws: CriticError.self) { try options.resolved() }
    options.method = .lsgan
    #expect(try options.resolved().decay == 0.1)
    options.decay = -1
    #expect(throws: CriticError.self) { try options.resolved() }
  }
}
