// The value behind `c = critic(hidden=[32, 32], act=relu, seed=1)`: a 1-D critic f: ℝ → ℝ, with
// what it has been trained on so far, so that `plot c` and `lip c` know the span of its data.

import Critics

/// A critic held in a notebook variable.
///
/// It is a value: `train` trains a copy and stores it back only when training ends normally or
/// is interrupted, so a failing `train` leaves the critic as it was.
public struct CriticValue: NotebookObject {
  /// The network (and, once trained by `sn`, its persistent power-iteration vectors).
  public var critic: MLPCritic
  /// The seed the weights were initialised from.
  public let seed: UInt64
  /// Optimiser steps applied so far, over every `train`.
  public var trainedSteps = 0
  /// The method of the last `train`, nil while untrained.
  public var method: Method?
  /// The real distribution of the last `train`.
  public var real: Distribution?
  /// The fake distribution of the last `train`.
  public var fake: Distribution?

  /// An untrained critic.
  public init(critic: MLPCritic, seed: UInt64) {
    self.critic = critic
    self.seed = seed
  }

  /// The interval plots and Lipschitz constants are taken over: the span of the last training
  /// data (see `Distribution.span(of:)`), or [−4, 4] before any training.
  public var span: ClosedRange<Double> {
    guard let real, let fake else { return -4 ... 4 }
    return Distribution.span(of: [real, fake])
  }

  /// `1→32→32→1 leaky(0.2)`, `1→32→32→1 leaky(0.2) batchnorm`.
  public var architecture: String { critic.architecture }

  /// `critic`.
  public var typeName: String { "critic" }

  /// `1→32→32→1 relu, 1153 parameters, 2000 steps of wgan-gp` (or `untrained`).
  public func summary(_ format: NumberFormat) -> String {
    networkSummary(steps: trainedSteps, method: method?.rawValue, fresh: "untrained", seed: seed)
  }
}
