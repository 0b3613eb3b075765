// What a training run reports: how it ended, its losses, and the critic judged against the exact
// 1-D truth (its estimate E_r f − E_g f, the exact W₁ and its own Lipschitz constant).

/// How a training run ended.
public enum TrainingStatus: Sendable, Equatable, CustomStringConvertible {
  /// Every requested step ran.
  case completed
  /// The interruption check returned true before step `stepsDone + 1`; the critic is kept as
  /// trained so far.
  case interrupted
  /// Step `step` produced a non-finite loss, gradient or parameter; the critic is the one from
  /// before that step. `what` says which (e.g. "loss is nan").
  case diverged(step: Int, what: String)

  /// `completed`, `interrupted`, `diverged at step 12: loss is nan`.
  public var description: String {
    switch self {
    case .completed: "completed"
    case .interrupted: "interrupted"
    case .diverged(let step, let what): "diverged at step \(step): \(what)"
    }
  }
}

/// One progress notification: after `step` of `steps`, with that step's loss.
public struct TrainingProgress: Sendable, Equatable {
  /// Steps done so far (1-based).
  public let step: Int
  /// Steps requested.
  public let steps: Int
  /// The loss of the step just taken.
  public let loss: Double
}

/// The outcome of `Trainer.train`.
public struct TrainingReport: Sendable, Equatable {
  /// The configuration that ran (defaults filled in).
  public let configuration: TrainingConfiguration
  /// The trained critic (the last finite one if training diverged).
  public let critic: MLPCritic
  /// The real distribution the critic was trained on.
  public let real: Distribution
  /// The fake distribution the critic is judged against: the one given, or with a generator
  /// the distribution it generates at the end.
  public let fake: Distribution
  /// How the run ended.
  public let status: TrainingStatus
  /// Number of optimiser steps applied.
  public let stepsDone: Int
  /// The loss of every step applied, in order.
  public let losses: [Double]
  /// The generator trained alongside the critic, if any.
  public let generator: GeneratorRun?
  /// E_r f − E_g f by the quantile coupling on `Trainer.evaluationSamples` midpoints (exact
  /// means on an empirical side; see `Trainer.estimate`).
  public let estimate: Double
  /// The exact W₁ of the two distributions.
  public let wasserstein: Wasserstein1.Result
  /// The critic's Lipschitz constant on `Distribution.span(of: [real, fake])`, with the bounds
  /// around it.
  public let lipschitz: LipschitzReport

  /// The last loss, nil when no step ran.
  public var finalLoss: Double? { losses.last }

  /// The steepest slope a trained critic may reach before `isRunaway` calls it runaway growth:
  /// 1000, far beyond every method's optimum on 1-D data (slope ±1 for the Wasserstein critics,
  /// 1 + W₁/(2λ) with a gradient penalty, about λ = 10 for GAN-QP, a few for the vanilla GAN).
  public static let runawaySlope = 1e3

  /// True when the critic's Lipschitz constant exceeds `runawaySlope`: training stayed finite,
  /// but the critic grew beyond anything the data can justify (a learning rate far too large,
  /// or no constraint at all).
  public var isRunaway: Bool { !(lipschitz.value <= Self.runawaySlope) }

  /// estimate / (Lipschitz constant · W₁): at most 1 up to the estimate's quadrature error, near
  /// 1 for an optimal critic (MATH.md §7). NaN when the denominator is 0.
  public var ratio: Double {
    let d = lipschitz.value * wasserstein.value
    return d == 0 ? .nan : estimate / d
  }
}

/// A generator trained alongside a critic: where it ended and how far it moved the fake data.
public struct GeneratorRun: Sendable, Equatable {
  /// The generator at the end of the run.
  public let generator: AffineGenerator
  /// Generator updates applied.
  public let updates: Int
  /// The distribution of its input z (the fake distribution given to `train`).
  public let noise: Distribution
  /// The generator loss of the last update, nil when none ran.
  public let lastLoss: Double?
  /// W₁ between the real distribution and `noise`, before the generator moved it.
  public let initialWasserstein: Double

  /// The distribution the generator produces: `noise` pushed forward.
  public var generated: Distribution { generator.generated(from: noise) }
}
