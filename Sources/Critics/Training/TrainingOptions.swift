// What a user may set for a training run, and its resolution against the method's defaults
// into a validated configuration.

/// The optimiser families a user can pick by name.
public enum OptimizerKind: String, CaseIterable, Sendable {
  case sgd, rmsprop, adam
}

/// The options of a training run; nil means "the method's default".
public struct TrainingOptions: Sendable, Equatable {
  /// The objective and constraint.
  public var method: Method
  /// Number of critic updates (default 2000).
  public var steps: Int = 2000
  /// Samples from each distribution per step (default 256).
  public var batch: Int = 256
  /// Seed of the training randomness: batches, interpolation weights, initial u.
  public var seed: UInt64 = 0
  /// Overrides the optimiser family.
  public var optimizer: OptimizerKind? = nil
  /// Overrides the learning rate.
  public var learningRate: Double? = nil
  /// Overrides Adam's β₁ (for SGD, the momentum when `momentum` is not set).
  public var beta1: Double? = nil
  /// Overrides Adam's β₂ (for RMSprop, the smoothing constant α).
  public var beta2: Double? = nil
  /// Overrides SGD's momentum (default 0).
  public var momentum: Double? = nil
  /// Overrides the penalty weight λ (only for methods that have one).
  public var lambda: Double? = nil
  /// Overrides the clipping bound c (wgan-clip only).
  public var clip: Double? = nil
  /// Overrides the weight γ of lsgan's E_r L term (lsgan only; default 0).
  public var gamma: Double? = nil
  /// Overrides lsgan's weight decay λ_w: + λ_w Σ ‖W_l‖F² keeps L_θ Lipschitz (MATH.md §6;
  /// lsgan only; default 0).
  public var decay: Double? = nil
  /// Also trains an `AffineGenerator` on the fake distribution (default false).
  public var trainsGenerator = false
  /// Overrides the critic updates per generator update (n_critic; only with a generator).
  public var criticSteps: Int? = nil

  /// Options with every value at the method's default.
  public init(method: Method) { self.method = method }

  /// Validates the options and fills in the method's defaults.
  /// - Throws: `CriticError.invalidOption` naming the first bad option: steps outside 0…10⁷,
  ///   batch outside 1…65536, a learning rate ≤ 0, β or momentum outside [0, 1), λ < 0, c ≤ 0,
  ///   γ < 0, λ / c / γ given to a method that has none, or n_critic outside 1…1000 or given
  ///   without a generator.
  public func resolved() throws -> TrainingConfiguration {
    func bad(_ option: String, _ reason: String) -> CriticError {
      .invalidOption(option: option, reason: reason)
    }
    guard (0 ... 10_000_000).contains(steps) else {
      throw bad("steps", "must be between 0 and 10000000")
    }
    guard (1 ... 65536).contains(batch) else { throw bad("batch", "must be between 1 and 65536") }
    if let lr = learningRate, !(lr.isFinite && lr > 0) {
      throw bad("lr", "must be a positive number")
    }
    for (name, value) in [("beta1", beta1), ("beta2", beta2), ("momentum", momentum)] {
      if let x = value, !(x >= 0 && x < 1) { throw bad(name, "must be in [0, 1)") }
    }
    if let l = lambda {
      guard method.defaultLambda != nil else { throw bad("lambda", "does not apply to \(method.rawValue), which has no λ") }
      guard l.isFinite, l >= 0 else { throw bad("lambda", "must be ≥ 0") }
    }
    if let g = gamma {
      guard method == .lsgan else { throw bad("gamma", "applies only to lsgan") }
      guard g.isFinite, g >= 0 else { throw bad("gamma", "must be ≥ 0") }
    }
    if let d = decay {
      guard method == .lsgan else { throw bad("decay", "applies only to lsgan (l2 is weight decay for the others)") }
      guard d.isFinite, d >= 0 else { throw bad("decay", "must be ≥ 0") }
    }
    if let c = clip {
      guard method == .wganClip else { throw bad("clip", "applies only to wgan-clip") }
      guard c.isFinite, c > 0 else { throw bad("clip", "must be a positive number") }
    }
    if let n = criticSteps {
      guard trainsGenerator else { throw bad("ncritic", "only applies when a generator is trained") }
      guard (1 ... 1000).contains(n) else { throw bad("ncritic", "must be between 1 and 1000") }
    }
    let base = method.defaultOptimizer
    let lr = learningRate ?? base.learningRate
    let kind = optimizer ?? {
      switch base {
      case .sgd: OptimizerKind.sgd
      case .rmsprop: .rmsprop
      case .adam: .adam
      }
    }()
    let chosen: Optimizer
    switch kind {
    case .sgd:
      chosen = .sgd(learningRate: lr, momentum: momentum ?? beta1 ?? 0)
    case .rmsprop:
      chosen = .rmsprop(learningRate: lr, alpha: beta2 ?? 0.99, epsilon: 1e-8)
    case .adam:
      var (b1, b2) = (0.9, 0.999)
      if case .adam(_, let d1, let d2, _) = base { (b1, b2) = (d1, d2) }
      chosen = .adam(learningRate: lr, beta1: beta1 ?? b1, beta2: beta2 ?? b2, epsilon: 1e-8)
    }
    return TrainingConfiguration(
      method: method, steps: steps, batch: batch, seed: seed, optimizer: chosen,
      lambda: lambda ?? method.defaultLambda, clip: clip ?? method.defaultClip,
      gamma: method == .lsgan ? gamma ?? 0 : nil,
      decay: method == .lsgan ? decay ?? 0 : nil,
      criticSteps: trainsGenerator ? criticSteps ?? method.defaultCriticSteps : nil)
  }
}

/// A validated training configuration: every value the run uses.
public struct TrainingConfiguration: Sendable, Equatable {
  /// The objective and constraint.
  public let method: Method
  /// Number of critic updates.
  public let steps: Int
  /// Samples from each distribution per step.
  public let batch: Int
  /// Seed of the training randomness.
  public let seed: UInt64
  /// The optimiser and its settings.
  public let optimizer: Optimizer
  /// The penalty or margin weight, nil for methods without one.
  public let lambda: Double?
  /// The clipping bound, nil unless wgan-clip.
  public let clip: Double?
  /// lsgan's weight of E_r L, nil for other methods.
  public let gamma: Double?
  /// lsgan's weight decay λ_w, nil for other methods.
  public let decay: Double?
  /// Critic updates per generator update, nil when no generator is trained.
  public let criticSteps: Int?
}
