// Supervised 1-D regression on the critics' networks (MATH.md §9): full-batch Adam on the mean
// squared error plus a Lipschitz method's term, deterministic for a seed, interruptible between
// steps, and the fitted model judged by its errors, its exact Lipschitz constant and its
// sensitivity to input perturbations.

import DenseMatrix

/// Training data, and optionally test data, of a 1-D regression.
public struct RegressionData: Sendable, Equatable {
  /// Training inputs.
  public var x: [Double]
  /// Training targets, one per input.
  public var y: [Double]
  /// Test inputs (empty when there is no test set).
  public var testX: [Double]
  /// Test targets.
  public var testY: [Double]

  /// Data from its four vectors (the test ones may be empty).
  public init(x: [Double], y: [Double], testX: [Double] = [], testY: [Double] = []) {
    self.x = x
    self.y = y
    self.testX = testX
    self.testY = testY
  }

  /// True when a test set was given.
  public var hasTest: Bool { !testX.isEmpty }

  /// The points where sensitivity is measured: the test inputs, else the training inputs.
  public var probePoints: [Double] { hasTest ? testX : x }

  /// [min − δ, max + δ] over every training and test input: where ‖f‖_L is taken, so that every
  /// perturbed probe x ± δ lies inside it.
  public func interval(delta: Double) -> ClosedRange<Double> {
    let all = x + testX
    return (all.min()! - delta) ... (all.max()! + delta)
  }

  /// - Throws: `CriticError.invalidOption` (option `x`, `y`, `xtest` or `ytest`) for no
  ///   training point, a length mismatch, a test set missing half, or a non-finite entry.
  public func validate() throws {
    func bad(_ option: String, _ reason: String) -> CriticError {
      .invalidOption(option: option, reason: reason)
    }
    guard !x.isEmpty else { throw bad("x", "needs at least one point") }
    guard y.count == x.count else { throw bad("y", "has \(y.count) values for \(x.count) points") }
    guard testY.count == testX.count else {
      throw bad("ytest", "has \(testY.count) values for \(testX.count) test points")
    }
    for (name, v) in [("x", x), ("y", y), ("xtest", testX), ("ytest", testY)] {
      guard v.allSatisfy(\.isFinite) else { throw bad(name, "has NaN or Inf entries") }
    }
  }
}

/// The outcome of `Regression.fit`: how the run went and the model judged.
public struct FitReport: Sendable, Equatable {
  /// The configuration that ran (defaults filled in).
  public let configuration: FitConfiguration
  /// The fitted model (the last finite one if training diverged).
  public let model: MLPCritic
  /// How the run ended.
  public let status: TrainingStatus
  /// The loss (MSE + term) of every step applied, in order.
  public let losses: [Double]
  /// The model judged on the data.
  public let judgement: FitJudgement

  /// Number of optimiser steps applied.
  public var stepsDone: Int { losses.count }
}

/// A model measured against its data (see `Regression.judge`).
public struct FitJudgement: Sendable, Equatable {
  /// (1/n) Σ (f(x_i) − y_i)² over the training points.
  public let trainError: Double
  /// The same over the test points, nil without a test set.
  public let testError: Double?
  /// ‖f‖_L on `RegressionData.interval(delta:)`, with the grid estimate and layer-wise bounds
  /// (`spectralBound` is Π‖W_l‖₂).
  public let lipschitz: LipschitzReport
  /// max over the probe points and both signs of |f(x ± δ) − f(x)| / δ; never above ‖f‖_L.
  public let sensitivity: Double
  /// The δ behind `sensitivity`.
  public let delta: Double
}

/// Fits 1-D regression models and judges them.
public enum Regression {
  /// Fits `model` to `data` with `options`.
  ///
  /// Each step: (sn, specreg) one power step, then forward, backward and one Adam update on
  /// the loss over all training points (MATH.md §9). Deterministic: the same model, data and
  /// options give the same bits. Training by sn keeps (or creates) the model's spectral
  /// normalization; any other method starts from its applied weights and drops it.
  /// `progress` is called after every step, `isInterrupted` checked before every step. Cost per
  /// step: about three passes of the network over the n training points (plus 64 points for gp).
  /// - Throws: `CriticError` for invalid options or data, a network with a normalization layer,
  ///   or too many points for the network's width; nothing is trained then. Divergence is not an
  ///   error: the report's status says where it happened.
  public static func fit(
    _ model: MLPCritic, data: RegressionData, options: FitOptions,
    progress: ((TrainingProgress) -> Void)? = nil, isInterrupted: () -> Bool = { false }
  ) throws -> FitReport {
    let configuration = try options.resolved()
    try data.validate()
    guard model.featureNormalization == .none else {
      throw CriticError.invalidArchitecture("a regression model has no normalization layers")
    }
    let start = configuration.method == .sn ? model : model.withoutNormalization
    var rng = RandomSource(seed: configuration.seed)
    let objective = try RegressionObjective(
      network: start, x: data.x, y: data.y, configuration: configuration, rng: &rng)
    let update = GuardedUpdate(
      tape: objective.tape, loss: objective.loss, buffers: objective.parameterBuffers,
      optimizer: configuration.optimizer, clip: nil)
    var losses: [Double] = []
    losses.reserveCapacity(configuration.steps)
    var status = TrainingStatus.completed
    var step = 0
    while step < configuration.steps {
      step += 1
      if isInterrupted() {
        status = .interrupted
        break
      }
      objective.drawPenaltyPoints(using: &rng)
      objective.powerStep()
      let outcome = try update.run()
      guard case .updated(let loss) = outcome else {
        if case .diverged(let what) = outcome { status = .diverged(step: step, what: what) }
        break
      }
      losses.append(loss)
      progress?(TrainingProgress(step: step, steps: configuration.steps, loss: loss))
    }
    let fitted = objective.network(shapedLike: start)
    return FitReport(
      configuration: configuration, model: fitted, status: status, losses: losses,
      judgement: try judge(fitted, data: data, delta: configuration.delta))
  }

  /// The errors, exact Lipschitz constant and sensitivity of `model` on `data`.
  /// Cost: the model at every point (3 × the probe points), and `ExactLipschitz.of`.
  /// - Throws: `CriticError` for invalid data or δ.
  public static func judge(_ model: MLPCritic, data: RegressionData, delta: Double) throws -> FitJudgement {
    try data.validate()
    guard delta.isFinite, delta > 0 else {
      throw CriticError.invalidOption(option: "delta", reason: "must be a positive number")
    }
    return FitJudgement(
      trainError: meanSquaredError(model, x: data.x, y: data.y),
      testError: data.hasTest ? meanSquaredError(model, x: data.testX, y: data.testY) : nil,
      lipschitz: try ExactLipschitz.of(model, on: data.interval(delta: delta)),
      sensitivity: sensitivity(model, at: data.probePoints, delta: delta), delta: delta)
  }

  /// (1/n) Σ (f(x_i) − y_i)², by the evaluation pass (independent of the training tape).
  public static func meanSquaredError(_ model: MLPCritic, x: [Double], y: [Double]) -> Double {
    let f = model.values(at: x)
    var total = 0.0
    for i in f.indices { total += (f[i] - y[i]) * (f[i] - y[i]) }
    return total / Double(max(f.count, 1))
  }

  /// max over `points` of max(|f(x + δ) − f(x)|, |f(x − δ) − f(x)|) / δ: how far an input
  /// perturbation of size δ can move the prediction, per unit of δ. By the mean value theorem
  /// it never exceeds ‖f‖_L on [min − δ, max + δ]. O(3 · points · Σ mn).
  public static func sensitivity(_ model: MLPCritic, at points: [Double], delta: Double) -> Double {
    let f = model.values(at: points)
    let up = model.values(at: points.map { $0 + delta })
    let down = model.values(at: points.map { $0 - delta })
    var worst = 0.0
    for i in f.indices { worst = max(worst, abs(up[i] - f[i]), abs(down[i] - f[i])) }
    return worst / delta
  }
}
