// The normalization a critic may apply after each hidden linear map, before the activation:
// BatchNorm (statistics over the batch, running statistics for evaluation) or LayerNorm
// (statistics over the hidden features of each sample), each with a trainable γ and β.

import DenseMatrix

/// Which normalization layer follows every hidden linear map of a critic.
public enum FeatureNormalization: String, Sendable, Equatable, CaseIterable {
  /// None: the plain MLP.
  case none
  /// BatchNorm over the batch (PyTorch's `nn.BatchNorm1d`): in training, each feature is
  /// normalised by its batch mean and biased batch variance; in evaluation, by the running ones.
  case batch
  /// LayerNorm over the hidden features of each sample (PyTorch's `nn.LayerNorm(width)`).
  case layer

  /// ε added to the variance, PyTorch's default.
  public static let epsilon = 1e-5
  /// The weight of the newest batch in the running statistics, PyTorch's default.
  public static let momentum = 0.1
}

/// The state of one normalization layer of width n.
public struct NormalizationLayer: Sendable, Equatable {
  /// The trainable scale γ (initialised to 1, as PyTorch does).
  public var gamma: [Double]
  /// The trainable shift β (initialised to 0).
  public var beta: [Double]
  /// BatchNorm's running mean (initialised to 0), updated r ← (1 − m)·r + m·μ_batch.
  public var runningMean: [Double]
  /// BatchNorm's running variance (initialised to 1), updated with the unbiased batch variance.
  public var runningVariance: [Double]

  /// A fresh layer of width `n`: γ = 1, β = 0, running mean 0 and variance 1.
  public init(width n: Int) {
    gamma = [Double](repeating: 1, count: n)
    beta = [Double](repeating: 0, count: n)
    runningMean = [Double](repeating: 0, count: n)
    runningVariance = [Double](repeating: 1, count: n)
  }

  /// BatchNorm in evaluation mode as a per-feature affine map h ↦ a·h + c, with
  /// a = γ/sqrt(running variance + ε) and c = β − a·(running mean).
  public var evaluationAffine: (scale: [Double], shift: [Double]) {
    let a = gamma.indices.map {
      gamma[$0] / (runningVariance[$0] + FeatureNormalization.epsilon).squareRoot()
    }
    return (a, a.indices.map { beta[$0] - a[$0] * runningMean[$0] })
  }

  /// Moves the running statistics toward a batch's, as PyTorch's BatchNorm does in training
  /// mode: r ← (1 − m)·r + m·μ and v ← (1 − m)·v + m·σ²·B/(B − 1), the unbiased variance of the
  /// B values each channel's statistic was taken over. O(width).
  public mutating func updateRunningStatistics(
    mean: [Double], biasedVariance: [Double], count: Int,
    momentum m: Double = FeatureNormalization.momentum
  ) {
    let unbiased = Double(count) / Double(count - 1)
    for j in runningMean.indices {
      runningMean[j] = (1 - m) * runningMean[j] + m * mean[j]
      runningVariance[j] = (1 - m) * runningVariance[j] + m * biasedVariance[j] * unbiased
    }
  }

  /// The largest Lipschitz constant LayerNorm with this γ can have, max|γ|/sqrt(ε), approached as
  /// the input's variance over the features goes to 0 (MATH.md §8).
  public var layerNormBound: Double {
    (gamma.map { Swift.abs($0) }.max() ?? 0) / FeatureNormalization.epsilon.squareRoot()
  }

  /// LayerNorm of one sample h (in place) with its tangent ḣ (in place, when non-empty):
  /// x̂ = (h − μ)/sqrt(σ² + ε), y = γ x̂ + β, ẏ = γ r (ċ − x̂ · mean(x̂ ċ)) with ċ = ḣ − mean ḣ.
  func layerNorm(_ h: UnsafeMutableBufferPointer<Double>, tangent t: UnsafeMutableBufferPointer<Double>) {
    let n = h.count
    let (mean, variance) = Normalization.meanAndVariance(h.baseAddress!, count: n)
    let r = 1 / (variance + FeatureNormalization.epsilon).squareRoot()
    for j in 0 ..< n { h[j] = (h[j] - mean) * r }  // x̂
    if !t.isEmpty {
      var tm = 0.0
      for j in 0 ..< n { tm += t[j] }
      tm /= Double(n)
      var projection = 0.0
      for j in 0 ..< n { projection += h[j] * (t[j] - tm) }
      projection /= Double(n)
      for j in 0 ..< n { t[j] = gamma[j] * r * ((t[j] - tm) - h[j] * projection) }
    }
    for j in 0 ..< n { h[j] = gamma[j] * h[j] + beta[j] }
  }
}
