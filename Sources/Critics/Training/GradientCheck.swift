// Checking reverse-mode gradients against central finite differences: the test behind every
// gradient liplab computes, and what `gradcheck c` shows a user for a method's loss.

import DenseMatrix

/// The check of one parameter tensor.
public struct ParameterCheck: Sendable, Equatable {
  /// The parameter's name, e.g. `W1`, `b2` (layers counted from the input, from 1).
  public let name: String
  /// How many of its entries were perturbed.
  public let entriesChecked: Int
  /// The largest |∂L/∂θ| among the checked entries (reverse mode).
  public let largestGradient: Double
  /// ‖g_reverse − g_fd‖ / max(‖g_reverse‖, ‖g_fd‖, 1e-4·max(1, |L|)) over the checked entries.
  /// The floor keeps a gradient that is exactly 0 (e.g. the output bias under a WGAN loss,
  /// which cancels) from being judged against finite-difference rounding noise (≈ 1e-11·|L|).
  public let relativeError: Double
}

/// A gradient check of a method's loss for one critic and one fixed batch.
public struct GradientCheckReport: Sendable, Equatable {
  /// The method whose loss was differentiated.
  public let method: Method
  /// The loss at the checked point.
  public let loss: Double
  /// One entry per parameter tensor, weights then biases.
  public let parameters: [ParameterCheck]
  /// The finite-difference step: θ ± h·max(1, |θ|).
  public let step: Double

  /// The largest relative error over all parameters.
  public var worstRelativeError: Double { parameters.map(\.relativeError).max() ?? 0 }
}

/// Central finite-difference checks of reverse-mode gradients.
public enum GradientCheck {
  /// Checks the gradient of `method`'s loss for `critic` on one batch drawn with `seed`.
  /// `options` sets the method's hyper-parameters (λ, γ, decay, …); its method, batch, seed
  /// and steps are those given here.
  ///
  /// Every entry of a tensor with at most `entriesPerParameter` entries is perturbed, otherwise a
  /// seeded choice of that many. Cost: 2 forward passes per checked entry. Relu kinks make finite
  /// differences unreliable where a pre-activation is within h of 0; small batches keep that rare.
  /// - Throws: `CriticError` for invalid options or distributions, `entriesPerParameter` outside
  ///   1…10⁶ or a step that is not a positive number.
  public static func run(
    _ critic: MLPCritic, method: Method, real: Distribution, fake: Distribution,
    batch: Int = 8, seed: UInt64 = 0, entriesPerParameter: Int = 24, step: Double = 1e-5,
    options given: TrainingOptions? = nil
  ) throws -> GradientCheckReport {
    guard (1 ... 1_000_000).contains(entriesPerParameter) else {
      throw CriticError.invalidOption(option: "entries", reason: "must be between 1 and 1000000")
    }
    guard step.isFinite, step > 0 else {
      throw CriticError.invalidOption(option: "step", reason: "must be a positive number")
    }
    var options = given ?? TrainingOptions(method: method)
    options.method = method
    options.trainsGenerator = false
    options.criticSteps = nil
    options.batch = batch
    options.seed = seed
    options.steps = 1
    let configuration = try options.resolved()
    try real.validate()
    try fake.validate()
    var rng = RandomSource(seed: seed)
    let start = method == .sn ? critic : critic.withoutNormalization
    let objective = try Objective(
      critic: start, real: real, fake: fake, configuration: configuration, rng: &rng)
    objective.drawBatch(using: &rng)
    if method.usesPowerIteration { objective.powerStep() }
    let names = objective.graph.weights.indices.map { "W\($0 + 1)" }
      + objective.graph.biases.indices.map { "b\($0 + 1)" }
      + objective.graph.gammas.indices.map { "γ\($0 + 1)" }
      + objective.graph.betas.indices.map { "β\($0 + 1)" }
    let graph = objective.graph
    let checks = try check(
      objective.tape, loss: objective.loss,
      parameters: graph.weights + graph.biases + graph.gammas + graph.betas, names: names,
      entriesPerParameter: entriesPerParameter, step: step, seed: seed)
    objective.tape.forward()
    return GradientCheckReport(
      method: method, loss: objective.tape.value(objective.loss).elements[0],
      parameters: checks, step: step)
  }

  /// Compares `tape`'s reverse-mode gradient of `loss` with central differences for each of
  /// `parameters` (leaves). Leaves the tape's values as it found them.
  static func check(
    _ tape: Tape, loss: Variable, parameters: [Variable], names: [String],
    entriesPerParameter: Int, step h: Double, seed: UInt64
  ) throws -> [ParameterCheck] {
    tape.forward()
    try tape.backward(from: loss)
    let base = tape.value(loss).elements[0]
    var rng = RandomSource(seed: seed ^ 0x6AD_C4EC)
    var results: [ParameterCheck] = []
    for (k, p) in parameters.enumerated() {
      let analytic = tape.gradient(p).elements
      let value = tape.valuePointer(p)
      let n = analytic.count
      let entries = n <= entriesPerParameter
        ? Array(0 ..< n) : (0 ..< entriesPerParameter).map { _ in Int(rng.next() % UInt64(n)) }
      var diff = 0.0, normA = 0.0, normN = 0.0, largest = 0.0
      let lossPointer = tape.valuePointer(loss)
      for i in entries {
        let saved = value[i]
        let delta = h * max(1, Swift.abs(saved))
        value[i] = saved + delta
        tape.forward()
        let plus = lossPointer[0]
        value[i] = saved - delta
        tape.forward()
        let minus = lossPointer[0]
        value[i] = saved
        let numeric = (plus - minus) / (2 * delta)
        diff += (analytic[i] - numeric) * (analytic[i] - numeric)
        normA += analytic[i] * analytic[i]
        normN += numeric * numeric
        largest = max(largest, Swift.abs(analytic[i]))
      }
      let floor = 1e-4 * max(1, Swift.abs(base))
      let scale = max(normA.squareRoot(), normN.squareRoot(), floor)
      results.append(
        ParameterCheck(
          name: names[k], entriesChecked: entries.count, largestGradient: largest,
          relativeError: diff.squareRoot() / scale))
    }
    tape.forward()
    return results
  }
}
