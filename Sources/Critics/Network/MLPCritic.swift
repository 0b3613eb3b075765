// A 1-D critic: a multilayer perceptron from one input to one output, its weights initialised
// reproducibly from a seed, optionally spectrally normalized (every layer W/σ with a persistent u).

import DenseMatrix

/// One affine layer x ↦ W x + b, with W stored out×in (PyTorch's `nn.Linear` layout).
public struct DenseLayer: Sendable, Equatable {
  /// The weight, fan-out × fan-in.
  public var weight: Matrix
  /// The bias, one entry per output.
  public var bias: [Double]

  /// A layer from its weight and bias. The caller keeps `bias.count == weight.rows`.
  public init(weight: Matrix, bias: [Double]) {
    self.weight = weight
    self.bias = bias
  }
}

/// The persistent power-iteration state of a spectrally normalized critic: one (u, v) pair per
/// layer, as PyTorch's `spectral_norm` keeps it (u is a buffer, not a parameter).
public struct SpectralNormalization: Sendable, Equatable {
  /// Left singular vector estimates, one per layer (length fan-out).
  public var u: [[Double]]
  /// Right singular vector estimates, one per layer (length fan-in).
  public var v: [[Double]]
}

/// A multilayer perceptron critic f: ℝ → ℝ with hidden widths `hidden` and one activation.
///
/// Initialisation (PyTorch's `nn.Linear` default, kaiming-uniform with a = √5): every weight and
/// bias of a layer with fan-in n is drawn from U(−1/√n, 1/√n), layer by layer, weight row by row
/// then bias, from `RandomSource(seed:)`. The same seed gives the same critic on every machine.
public struct MLPCritic: Sendable, Equatable {
  /// Hidden-layer widths, input side first.
  public let hidden: [Int]
  /// The activation after every hidden layer (none after the output layer).
  public let activation: Activation
  /// The raw parameters, input layer first; `layers.count == hidden.count + 1`.
  public var layers: [DenseLayer]
  /// Present for a spectrally normalized critic: the layers act as W/σ with σ = uᵀWv.
  public var normalization: SpectralNormalization?
  /// The normalization layer after every hidden linear map, before the activation.
  public internal(set) var featureNormalization: FeatureNormalization = .none
  /// One per hidden layer when `featureNormalization` is not `.none`, else empty.
  public var normalizationLayers: [NormalizationLayer] = []

  /// The largest number of parameters a critic may have (a guard against typing `hidden=[1e6]`).
  public static let parameterLimit = 4_000_000

  /// A freshly initialised critic (see the type's documentation for the scheme); `norm` puts a
  /// BatchNorm or LayerNorm layer (γ = 1, β = 0) after every hidden linear map.
  /// - Throws: `CriticError.invalidArchitecture` for an empty or non-positive width, more than 16
  ///   hidden layers, more than `parameterLimit` parameters, or a non-finite leaky slope.
  public init(
    hidden: [Int], activation: Activation = .leakyDefault, norm: FeatureNormalization = .none,
    seed: UInt64
  ) throws {
    guard !hidden.isEmpty else {
      throw CriticError.invalidArchitecture("a critic needs at least one hidden layer")
    }
    guard hidden.count <= 16 else {
      throw CriticError.invalidArchitecture("at most 16 hidden layers, got \(hidden.count)")
    }
    if let bad = hidden.first(where: { $0 < 1 }) {
      throw CriticError.invalidArchitecture("hidden widths must be ≥ 1, got \(bad)")
    }
    if case .leaky(let s) = activation, !s.isFinite {
      throw CriticError.invalidArchitecture("the leaky slope must be finite")
    }
    let widths = [1] + hidden + [1]
    var total = 0
    for l in 0 ..< widths.count - 1 {
      let (product, overflow) = widths[l + 1].multipliedReportingOverflow(by: widths[l] + 1)
      total += overflow ? Int.max / 2 : product
      guard total <= Self.parameterLimit else {
        throw CriticError.invalidArchitecture(
          "more than \(Self.parameterLimit) parameters; use smaller hidden widths")
      }
    }
    var rng = RandomSource(seed: seed)
    var layers: [DenseLayer] = []
    for l in 0 ..< widths.count - 1 {
      let (fanIn, fanOut) = (widths[l], widths[l + 1])
      let bound = 1 / Double(fanIn).squareRoot()
      var w = Matrix(rows: fanOut, columns: fanIn)
      for i in 0 ..< w.elements.count { w.elements[i] = bound * (2 * rng.uniform() - 1) }
      let b = (0 ..< fanOut).map { _ in bound * (2 * rng.uniform() - 1) }
      layers.append(DenseLayer(weight: w, bias: b))
    }
    self.init(hidden: hidden, activation: activation, layers: layers, normalization: nil)
    featureNormalization = norm
    if norm != .none { normalizationLayers = hidden.map { NormalizationLayer(width: $0) } }
  }

  /// A critic from explicit layers (trusted: the shapes must chain 1 → hidden → 1).
  init(
    hidden: [Int], activation: Activation, layers: [DenseLayer],
    normalization: SpectralNormalization?
  ) {
    self.hidden = hidden
    self.activation = activation
    self.layers = layers
    self.normalization = normalization
  }

  /// The number of trainable parameters (weights and biases, γ and β).
  public var parameterCount: Int {
    layers.reduce(0) { $0 + $1.weight.elements.count + $1.bias.count }
      + normalizationLayers.reduce(0) { $0 + 2 * $1.gamma.count }
  }

  /// True when f is piecewise linear in x: a relu or leaky activation and no LayerNorm
  /// (BatchNorm in evaluation mode is affine per feature).
  public var isPiecewiseLinear: Bool {
    activation.isPiecewiseLinear && featureNormalization != .layer
  }

  /// The layers as the network applies them in evaluation mode: the raw layers, or for a
  /// spectrally normalized critic W/σ with σ = uᵀWv from the stored u, v (PyTorch's evaluation
  /// mode: no power step); a BatchNorm critic's layers with each hidden layer's running-statistics
  /// affine map a·h + c folded in (W ← diag(a) W, b ← a b + c). A LayerNorm critic's layers do
  /// not include its normalization, which is not affine. O(Σ mn).
  public var effectiveLayers: [DenseLayer] {
    var result = spectrallyNormalizedLayers
    guard featureNormalization == .batch else { return result }
    for l in normalizationLayers.indices {
      let (a, c) = normalizationLayers[l].evaluationAffine
      let n = result[l].weight.columns
      for i in 0 ..< result[l].weight.rows {
        for j in 0 ..< n { result[l].weight.elements[i * n + j] *= a[i] }
        result[l].bias[i] = a[i] * result[l].bias[i] + c[i]
      }
    }
    return result
  }

  /// The raw layers, or W/σ for a spectrally normalized critic.
  private var spectrallyNormalizedLayers: [DenseLayer] {
    guard let sn = normalization else { return layers }
    return layers.indices.map { l in
      var layer = layers[l]
      let sigma = Self.bilinear(sn.u[l], layer.weight, sn.v[l])
      for i in layer.weight.elements.indices { layer.weight.elements[i] /= sigma }
      return layer
    }
  }

  /// uᵀ W v.
  static func bilinear(_ u: [Double], _ w: Matrix, _ v: [Double]) -> Double {
    var s = 0.0
    for i in 0 ..< w.rows {
      var t = 0.0
      for j in 0 ..< w.columns { t += w[i, j] * v[j] }
      s += u[i] * t
    }
    return s
  }

  /// The same critic with W/σ baked into plain weights and the normalization dropped (what
  /// training by a method other than `sn` starts from).
  /// A BatchNorm or LayerNorm layer is kept.
  public var withoutNormalization: MLPCritic {
    var c = self
    c.layers = spectrallyNormalizedLayers
    c.normalization = nil
    return c
  }

  /// True when every weight, bias, normalization parameter and power-iteration vector is finite.
  public var isFinite: Bool {
    layers.allSatisfy { $0.weight.isFinite && $0.bias.allSatisfy(\.isFinite) }
      && normalizationLayers.allSatisfy {
        ($0.gamma + $0.beta + $0.runningMean + $0.runningVariance).allSatisfy(\.isFinite)
      }
      && (normalization.map { sn in
        (sn.u + sn.v).allSatisfy { $0.allSatisfy(\.isFinite) }
      } ?? true)
  }
}
