// Training a critic on two fixed distributions: the method's loss recorded once, then a loop of
// batch → power step → forward → backward → optimiser step → clipping, deterministic for a seed,
// with a progress callback, an interruption check and divergence detection between steps.

import DenseMatrix
import RealModule

/// Trains 1-D critics and judges them against the exact truth.
public enum Trainer {
  /// Number of quantiles per distribution behind the estimate: the midpoints u = (i + ½)/N of
  /// the quantile coupling (see `estimate`).
  public static let evaluationSamples = 1 << 15
  /// The largest batch × layer width a training graph may hold per node (2²², 32 MiB), so that
  /// a typed `batch=` cannot exhaust memory.
  public static let maximumBatchElements = 1 << 22

  /// Trains `critic` to separate `real` from `fake` with `options`.
  ///
  /// Deterministic: the same critic, distributions and options give the same bits. Training by
  /// `sn` keeps (or creates) the critic's spectral normalization; any other method starts from
  /// the critic's applied weights W/σ and drops it. With `options.trainsGenerator` an
  /// `AffineGenerator` on `fake` takes one update after every n_critic critic updates, the critic
  /// trains on its samples, and the report judges the critic against the generated distribution.
  /// `progress` is called after every step; `isInterrupted` is checked before every step. Cost per step: a few forward/backward passes
  /// of the network on `batch` rows (about 21 MFLOP for wgan-gp on 1→64→64→1, batch 256).
  /// - Throws: `CriticError` for invalid options or distributions, or a batch too large for the
  ///   critic's width (see `maximumBatchElements`); nothing is trained then.
  ///   Divergence is not an error: the report's status says where it happened.
  public static func train(
    _ critic: MLPCritic, real: Distribution, fake: Distribution, options: TrainingOptions,
    progress: ((TrainingProgress) -> Void)? = nil, isInterrupted: () -> Bool = { false }
  ) throws -> TrainingReport {
    let configuration = try options.resolved()
    try real.validate()
    try fake.validate()
    let start = configuration.method == .sn ? critic : critic.withoutNormalization
    var rng = RandomSource(seed: configuration.seed)
    let objective = try Objective(
      critic: start, real: real, fake: fake, configuration: configuration, rng: &rng)
    let update = GuardedUpdate(
      tape: objective.tape, loss: objective.loss, buffers: objective.parameterBuffers,
      optimizer: configuration.optimizer, clip: configuration.clip)
    var losses: [Double] = []
    losses.reserveCapacity(configuration.steps)
    var status = TrainingStatus.completed
    let generator = configuration.criticSteps.map { _ in
      GeneratorTraining(configuration: configuration, noise: fake, batch: configuration.batch)
    }

    var step = 0
    training: while step < configuration.steps {
      step += 1
      if isInterrupted() {
        status = .interrupted
        break
      }
      objective.drawBatch(using: &rng)
      if configuration.method.usesPowerIteration { objective.powerStep() }
      let loss: Double
      switch try update.run(afterForward: objective.updateRunningStatistics) {
      case .updated(let value): loss = value
      case .diverged(let what):
        status = .diverged(step: step, what: what)
        break training
      }
      losses.append(loss)
      if let n = configuration.criticSteps, step % n == 0, generator != nil {
        let critic = objective.critic(shapedLike: start)
        guard generator!.update(critic: critic, method: configuration.method, using: &rng) else {
          status = .diverged(step: step, what: "the generator's parameters overflowed")
          break
        }
        objective.generator = generator!.current
      }
      progress?(TrainingProgress(step: step, steps: configuration.steps, loss: loss))
    }
    let trained = objective.critic(shapedLike: start)
    let run = try generator.map { g in
      GeneratorRun(
        generator: g.current, updates: g.updates, noise: fake, lastLoss: g.lastLoss,
        initialWasserstein: try Wasserstein1.exact(real, fake).value)
    }
    let report = try judge(
      trained, real: real, fake: run?.generated ?? fake, configuration: configuration,
      status: status, losses: losses, generator: run)
    guard report.estimate.isFinite, report.lipschitz.value.isFinite else {
      // Every step stayed finite, but the weights are so large that the critic's values
      // overflow: that is divergence too.
      if case .diverged = status { return report }
      return try judge(
        trained, real: real, fake: run?.generated ?? fake, configuration: configuration,
        status: .diverged(step: losses.count, what: "the critic's values are not finite"),
        losses: losses, generator: run)
    }
    return report
  }

  /// Multiply–adds of the matrix products in one training step of `critic` with `options`,
  /// counted on the recorded graph (see `Tape.productMultiplyAdds(loss:)`): the arithmetic
  /// behind a GFLOP/s figure (FLOPs = 2 × this).
  /// - Throws: `CriticError` for invalid options (as `train` would).
  public static func multiplyAddsPerStep(
    _ critic: MLPCritic, options: TrainingOptions
  ) throws -> Int {
    let configuration = try options.resolved()
    var rng = RandomSource(seed: configuration.seed)
    let start = configuration.method == .sn ? critic : critic.withoutNormalization
    let objective = try Objective(
      critic: start, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 1, sd: 1),
      configuration: configuration, rng: &rng)
    return objective.tape.productMultiplyAdds(loss: objective.loss)
  }

  /// The report for a trained critic: its estimate (quantile-coupled midpoints), the exact W₁
  /// and its Lipschitz constant on the hull of both distributions' spans.
  static func judge(
    _ critic: MLPCritic, real: Distribution, fake: Distribution,
    configuration: TrainingConfiguration, status: TrainingStatus, losses: [Double],
    generator: GeneratorRun? = nil
  ) throws -> TrainingReport {
    let estimate = try self.estimate(critic, real: real, fake: fake)
    return TrainingReport(
      configuration: configuration, critic: critic, real: real, fake: fake, status: status,
      stepsDone: losses.count, losses: losses, generator: generator, estimate: estimate,
      wasserstein: try Wasserstein1.exact(real, fake),
      lipschitz: try ExactLipschitz.of(critic, on: Distribution.span(of: [real, fake])))
  }

  /// E_r f − E_g f by the quantile coupling: ∫₀¹ [f(F_r⁻¹(u)) − f(F_g⁻¹(u))] du by the midpoint
  /// rule at u_i = (i + ½)/N, N = `evaluationSamples`, deterministic; an empirical side keeps
  /// the exact mean over its samples instead.
  ///
  /// With this coupling |estimate| ≤ ‖f‖_L · (1/N)Σ|F_r⁻¹(u_i) − F_g⁻¹(u_i)|, the midpoint rule
  /// for W₁ = ∫₀¹ |F_r⁻¹ − F_g⁻¹| du, so the ratio to ‖f‖_L·W₁ exceeds 1 by at most that rule's
  /// error (none when F_r⁻¹ − F_g⁻¹ is constant, as for two normals of equal σ). Each mean is
  /// the midpoint rule for ∫₀¹ f(F⁻¹(u)) du: for a linear f exact on normals, uniforms and
  /// symmetric mixtures, and off by about 2e-6·σ·|f′| per normal tail otherwise (the end panels
  /// of the unbounded tails). Cost: two forward passes of the critic on N points, plus the
  /// quantiles: a table for normals (built once), O(N) for uniforms, about 4N CDF and density
  /// evaluations for a mixture.
  /// - Throws: `CriticError.invalidDistribution` for invalid parameters.
  // NOTE: N = 2¹⁵ makes every u_i and 1 − u_i exact. The outermost normal nodes lie at
  // μ ± 4.17σ, just outside the span μ ± 4σ on which ‖f‖_L is measured; they carry weight 2/N.
  public static func estimate(
    _ critic: MLPCritic, real: Distribution, fake: Distribution
  ) throws -> Double {
    try real.validate()
    try fake.validate()
    func mean(_ xs: [Double]) -> Double {
      critic.values(at: xs).reduce(0, +) / Double(xs.count)
    }
    switch (real, fake) {
    case (.empirical(let xs), .empirical(let ys)): return mean(xs) - mean(ys)
    case (.empirical(let xs), _): return mean(xs) - mean(nodes(of: fake))
    case (_, .empirical(let ys)): return mean(nodes(of: real)) - mean(ys)
    default:
      let (r, g) = (critic.values(at: nodes(of: real)), critic.values(at: nodes(of: fake)))
      var total = 0.0
      for i in r.indices { total += r[i] - g[i] }  // paired: f(F_r⁻¹(u)) − f(F_g⁻¹(u))
      return total / Double(r.count)
    }
  }

  /// The `evaluationSamples` midpoint quantiles of `d` (valid, not empirical), increasing.
  static func nodes(of d: Distribution) -> [Double] {
    if case .normal(let m, let s) = d { return standardNormalNodes.map { m + s * $0 } }
    return d.midpointQuantiles(count: evaluationSamples)
  }

  /// Φ⁻¹((i + ½)/N) for N = `evaluationSamples`, computed once (about 16k Newton solves).
  private static let standardNormalNodes = StandardNormal.midpoints(count: evaluationSamples)
}

/// True when the first `count` entries are finite.
func allFinite(_ p: UnsafeMutablePointer<Double>, _ count: Int) -> Bool {
  var s = 0.0
  for i in 0 ..< count { s = Relaxed.sum(s, p[i] * 0) }  // NaN or ±∞ anywhere gives NaN
  return !s.isNaN
}
