// What a user may set for a regression fit, and its resolution into a validated configuration.

/// The options of a fit; nil means "the method's default".
public struct FitOptions: Sendable, Equatable {
  /// The method.
  public var method: FitMethod
  /// Number of full-batch Adam updates (default 2000).
  public var steps = 2000
  /// Overrides the learning rate (default 1e-3, PyTorch's Adam default, β = (0.9, 0.999)).
  public var learningRate: Double? = nil
  /// Overrides the penalty weight λ (l2, specreg, gp only).
  public var lambda: Double? = nil
  /// Overrides gp's slope bound k (default 1, as MATH.md §9 writes the penalty; gp only).
  public var bound: Double? = nil
  /// Seed of the training randomness: the initial u, v (specreg, sn) and gp's points.
  public var seed: UInt64 = 0
  /// The input perturbation δ of the report's sensitivity max|f(x ± δ) − f(x)|/δ (default 0.01).
  public var delta = 0.01

  /// The number of points gp draws per step.
  public static let penaltyPoints = 64
  /// Adam's settings for a fit: lr 1e-3, β = (0.9, 0.999), ε = 1e-8 (torch.optim.Adam's).
  public static let defaultOptimizer = Optimizer.adam(
    learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)

  /// Options with every value at the method's default.
  public init(method: FitMethod) { self.method = method }

  /// Validates the options and fills in the defaults.
  /// - Throws: `CriticError.invalidOption` naming the first bad option: steps outside 0…10⁷, a
  ///   learning rate ≤ 0, λ < 0 or given to a method without one, k < 0 or given to another
  ///   method than gp, δ not a positive finite number.
  public func resolved() throws -> FitConfiguration {
    func bad(_ option: String, _ reason: String) -> CriticError {
      .invalidOption(option: option, reason: reason)
    }
    guard (0 ... 10_000_000).contains(steps) else {
      throw bad("steps", "must be between 0 and 10000000")
    }
    if let lr = learningRate, !(lr.isFinite && lr > 0) { throw bad("lr", "must be a positive number") }
    if let l = lambda {
      guard method.defaultLambda != nil else {
        throw bad("lambda", "does not apply to \(method.rawValue), which has no λ")
      }
      guard l.isFinite, l >= 0 else { throw bad("lambda", "must be ≥ 0") }
    }
    if let k = bound {
      guard method == .gp else { throw bad("bound", "applies only to gp") }
      guard k.isFinite, k >= 0 else { throw bad("bound", "must be ≥ 0") }
    }
    guard delta.isFinite, delta > 0 else { throw bad("delta", "must be a positive number") }
    var optimizer = Self.defaultOptimizer
    if let lr = learningRate, case .adam(_, let b1, let b2, let eps) = optimizer {
      optimizer = .adam(learningRate: lr, beta1: b1, beta2: b2, epsilon: eps)
    }
    return FitConfiguration(
      method: method, steps: steps, optimizer: optimizer, lambda: lambda ?? method.defaultLambda,
      bound: method == .gp ? bound ?? 1 : nil, seed: seed, delta: delta)
  }
}

/// A validated fit configuration: every value the run uses.
public struct FitConfiguration: Sendable, Equatable {
  /// The method.
  public let method: FitMethod
  /// Number of updates.
  public let steps: Int
  /// The optimiser and its settings.
  public let optimizer: Optimizer
  /// The penalty weight, nil for none and sn.
  public let lambda: Double?
  /// gp's slope bound k, nil for the other methods.
  public let bound: Double?
  /// Seed of the training randomness.
  public let seed: UInt64
  /// The report's input perturbation δ.
  public let delta: Double
}
