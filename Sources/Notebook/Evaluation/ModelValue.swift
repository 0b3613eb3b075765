// The value behind `m = mlp(hidden=[256 256], act=relu, seed=1)`: a 1-D regression model, the
// same network as a critic (`MLPCritic`), with the data of its last fit so that `plot m` can draw
// the fit, the test curve and the slope against the target's.

import Critics

/// A notebook value holding a 1-D network: `v(x)` evaluates it, `weight(v, l)` and `bias(v, l)`
/// read its layers. Critics and regression models are the two kinds.
protocol NetworkValue: NotebookObject {
  /// The network as it is applied.
  var network: MLPCritic { get }
  /// `1→32→32→1 relu`.
  var architecture: String { get }
  /// The interval plots and Lipschitz constants are taken over by default.
  var span: ClosedRange<Double> { get }
  /// Where `span` comes from, as `lip` says it: `the span of its training data`.
  var spanOrigin: String { get }
}

extension MLPCritic {
  /// `1→32→32→1 leaky(0.2)`, `1→32→32→1 leaky(0.2) batchnorm`: widths, activation, normalization.
  var architecture: String {
    (["1"] + hidden.map(String.init) + ["1"]).joined(separator: "→") + " \(activation)"
      + (featureNormalization == .none ? "" : " \(featureNormalization.rawValue)norm")
  }
}

extension NetworkValue {
  /// `1→32→32→1 relu, 1153 parameters, 2000 steps of wgan-gp`, `… (spectrally normalized)`,
  /// or, before any `method`, `…, untrained (seed 1)` with `fresh` = `untrained`.
  func networkSummary(steps: Int, method: String?, fresh: String, seed: UInt64) -> String {
    var text = "\(architecture), \(network.parameterCount) parameters"
    if let method {
      text += ", \(steps) step\(steps == 1 ? "" : "s") of \(method)"
      if network.normalization != nil { text += " (spectrally normalized)" }
    } else {
      text += ", \(fresh) (seed \(seed))"
    }
    return text
  }
}

extension CriticValue: NetworkValue {
  /// The critic.
  var network: MLPCritic { critic }

  /// `the span of its training data`, or before training `untrained: the default span`.
  var spanOrigin: String { method == nil ? "untrained: the default span" : "the span of its training data" }
}

/// A regression model held in a notebook variable (a value: `fit` fits a copy and stores it back
/// only when fitting ends normally or is interrupted).
public struct ModelValue: NotebookObject, NetworkValue {
  /// The network (with its power-iteration vectors once fitted by sn).
  public var network: MLPCritic
  /// The seed the weights were initialised from.
  public let seed: UInt64
  /// Optimiser steps applied so far, over every `fit`.
  public var fittedSteps = 0
  /// The method of the last `fit`, nil while unfitted.
  public var method: FitMethod?
  /// The data of the last `fit`.
  public var data: RegressionData?
  /// The target's largest slope, when the last `fit` was told it (`slope=`).
  public var targetSlope: Double?
  /// The δ of the last fit's sensitivity (the plot's interval reaches δ beyond the data).
  public var delta = 0.01

  /// An unfitted model.
  public init(network: MLPCritic, seed: UInt64) {
    self.network = network
    self.seed = seed
  }

  /// Where plots and constants are taken: the span of the last fit's inputs widened by δ, or
  /// [−1, 1] before any fit.
  public var span: ClosedRange<Double> { data?.interval(delta: delta) ?? -1 ... 1 }

  /// `1→256→256→1 relu`.
  public var architecture: String { network.architecture }

  /// `its fitted inputs widened by δ`, or before any fit `unfitted: the default span`.
  var spanOrigin: String { data == nil ? "unfitted: the default span" : "its fitted inputs widened by δ" }

  /// `model`.
  public var typeName: String { "model" }

  /// `1→256→256→1 relu, 66561 parameters, 6000 steps of specreg` (or `unfitted`).
  public func summary(_ format: NumberFormat) -> String {
    networkSummary(steps: fittedSteps, method: method?.rawValue, fresh: "unfitted", seed: seed)
  }
}
