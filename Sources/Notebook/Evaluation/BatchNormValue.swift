// The value behind `bn = bnlayer(C)`: a BatchNorm layer's γ, β and running statistics (the
// critics' `NormalizationLayer`), its momentum and ε, and how many training steps it has taken.
// `step bn x` trains it; `batchnorm(x, layer=bn)` and `lip bn` use it in evaluation mode.

import Critics
import DenseMatrix

/// A BatchNorm layer held in a notebook variable.
public struct BatchNormValue: NotebookObject {
  /// γ, β, running mean and running (unbiased) variance.
  public var layer: NormalizationLayer
  /// The weight of the newest batch in the running statistics.
  public var momentum = FeatureNormalization.momentum
  /// ε added to the variance.
  public var epsilon: Double
  /// Training steps taken (`step bn x`).
  public var steps = 0

  /// A fresh layer of `width` channels: γ = 1, β = 0, running mean 0, running variance 1.
  public init(width: Int, epsilon: Double = Normalization.defaultEpsilon) {
    layer = NormalizationLayer(width: width)
    self.epsilon = epsilon
  }

  /// C, the number of channels.
  public var width: Int { layer.gamma.count }

  /// `batchnorm layer`.
  public var typeName: String { "batchnorm layer" }

  /// `4 channels, 3 training steps, momentum 0.1`.
  public func summary(_ format: NumberFormat) -> String {
    "\(width) channel\(width == 1 ? "" : "s"), \(steps) training step\(steps == 1 ? "" : "s"), momentum \(format.string(momentum))"
  }

  public var memberNames: [String] { ["mean", "var", "gamma", "beta", "steps"] }

  public func member(_ name: String) throws(Diagnostic) -> Value {
    let row: [Double]
    switch name {
    case "mean": row = layer.runningMean
    case "var": row = layer.runningVariance
    case "gamma": row = layer.gamma
    case "beta": row = layer.beta
    case "steps": return .number(Double(steps))
    default: throw Diagnostic("a \(typeName) has no member '\(name)'")
    }
    guard let m = try? Matrix(rows: 1, columns: row.count, elements: row) else { return .number(row[0]) }
    return row.count == 1 ? .number(row[0]) : .matrix(m)
  }

  public var elementCount: Int { 4 * width }

  /// Evaluation mode's statistics for a batch of `layout`: every row (n, c) takes channel c's
  /// running mean and running variance.
  func evaluationStatistics(_ layout: ChannelLayout) -> NormalizationStatistics {
    let c = layout.channels
    return NormalizationStatistics(
      layout: layout,
      mean: (0 ..< layout.rows).map { layer.runningMean[$0 % c] },
      variance: (0 ..< layout.rows).map { layer.runningVariance[$0 % c] })
  }

  /// The Lipschitz constant of evaluation mode, an affine map per channel:
  /// max_c |γ_c|/sqrt(running var_c + ε), with the channel where it is reached.
  var evaluationLipschitz: (value: Double, channel: Int) {
    var best = (0.0, 0)
    for c in 0 ..< width {
      let a = Swift.abs(layer.gamma[c]) / (layer.runningVariance[c] + epsilon).squareRoot()
      if a > best.0 { best = (a, c) }
    }
    return best
  }
}
