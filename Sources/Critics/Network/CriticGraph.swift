// A critic recorded on a tape: its parameters as leaves and a function that applies it to an
// input node, optionally carrying the tangent f'(x) through the same primitives, so a penalty on
// f' is an ordinary graph the reverse pass differentiates (the gradient of a gradient).

import DenseMatrix

/// The parameters of an `MLPCritic` on a `Tape`, and the application of the network to inputs.
///
/// For a spectrally normalized critic each layer uses W/σ with σ = uᵀWv, where u and v are
/// constant leaves the training loop refreshes by one power step before each forward pass; the
/// tape then differentiates through W/σ with u, v held constant (MATH.md §4).
///
/// A BatchNorm or LayerNorm critic normalises each hidden pre-activation in training mode
/// (BatchNorm by the statistics of the batch the node holds) and carries the tangent through
/// it: LayerNorm's exact Jacobian γ r (I − 11ᵀ/n − x̂x̂ᵀ/n), and for BatchNorm γ r with the batch
/// mean and variance held fixed — the slope of the function this batch defines at each sample,
/// since the batch map itself couples the samples and has no per-sample gradient.
struct CriticGraph {
  let activation: Activation
  let featureNormalization: FeatureNormalization
  /// γ and β leaves (1×width), one per hidden layer when the critic has a normalization layer.
  let gammas: [Variable]
  let betas: [Variable]
  /// Raw weight and bias leaves, input layer first.
  let weights: [Variable]
  let biases: [Variable]
  /// Power-iteration vectors (1×m and 1×n constant leaves) when the critic is normalized or
  /// a spectral penalty needs σ; empty otherwise.
  let u: [Variable]
  let v: [Variable]
  /// σ_l = uᵀ W_l v (1×1) when `u` is non-empty.
  let sigmas: [Variable]
  /// The weights the layers apply: W_l, W_l/σ_l when normalized, or W_l's rows divided by their
  /// norms when weight-normalized.
  let applied: [Variable]

  /// Records the critic's parameters. `spectral` adds u, v leaves and σ nodes;
  /// `normalize` makes the layers use W/σ (implies `spectral`); `weightNormalize` makes them use
  /// the rows of W divided by their norms.
  init(
    _ critic: MLPCritic, on tape: Tape, spectral: Bool, normalize: Bool,
    weightNormalize: Bool = false
  ) throws {
    activation = critic.activation
    featureNormalization = critic.featureNormalization
    gammas = critic.normalizationLayers.map { tape.parameter(rowMatrix($0.gamma)) }
    betas = critic.normalizationLayers.map { tape.parameter(rowMatrix($0.beta)) }
    let weights = critic.layers.map { tape.parameter($0.weight) }
    self.weights = weights
    biases = critic.layers.map { tape.parameter(rowMatrix($0.bias)) }
    var u: [Variable] = [], v: [Variable] = [], sigmas: [Variable] = []
    if spectral || normalize {
      let sn = critic.normalization
      for (l, layer) in critic.layers.enumerated() {
        let (m, n) = (layer.weight.rows, layer.weight.columns)
        let ul = sn?.u[l] ?? [Double](repeating: 1 / Double(m).squareRoot(), count: m)
        let vl = sn?.v[l] ?? [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        u.append(tape.constant(rowMatrix(ul)))
        v.append(tape.constant(rowMatrix(vl)))
        sigmas.append(try tape.bilinear(u[l], weights[l], v[l]))
      }
    }
    self.u = u
    self.v = v
    self.sigmas = sigmas
    if weightNormalize {
      applied = weights.map { tape.normalizedRows($0) }
    } else {
      applied = normalize
        ? try weights.indices.map { try tape.divide(weights[$0], by: sigmas[$0]) } : weights
    }
  }

  /// Applies the network to the batch×1 input `x`. With `tangent` (a batch×1 node holding ẋ,
  /// normally ones) it also returns f'(x)·ẋ; `output: false` skips the last layer's value when
  /// only the slope is needed. `statistics` holds, for BatchNorm, each hidden layer's
  /// pre-normalization node and its 1/sqrt(σ² + ε) row (what the running statistics follow).
  func apply(
    _ x: Variable, tangent: Variable? = nil, output: Bool = true, on tape: Tape
  ) throws -> (f: Variable?, slope: Variable?, statistics: [(h: Variable, r: Variable)]) {
    var a = x
    var t = tangent
    var statistics: [(h: Variable, r: Variable)] = []
    let last = weights.count - 1
    for l in 0 ... last {
      var h: Variable? = nil
      if l < last || output {
        h = try tape.affine(a, applied[l], biases[l])
      }
      var ht = try t.map { try tape.matmul($0, applied[l], transposeRight: true) }
      if l == last { return (h, ht, statistics) }
      var pre = h!
      if featureNormalization != .none {
        let r: Variable
        (pre, ht, r) = try normalize(pre, tangent: ht, layer: l, on: tape)
        if featureNormalization == .batch { statistics.append((h!, r)) }
      }
      // The last hidden layer's activation is only needed for the output (tanh's slope uses it).
      let needsValue = output || l < last - 1
      switch activation {
      case .relu:
        if needsValue { a = tape.relu(pre) }
        t = try ht.map { try tape.multiply(tape.step(pre), $0) }
      case .leaky(let s):
        if needsValue { a = tape.leakyReLU(pre, slope: s) }
        t = try ht.map { try tape.multiply(tape.leakyStep(pre, slope: s), $0) }
      case .tanh:
        a = tape.tanh(pre)
        t = try ht.map { try tape.multiply(tape.oneMinusSquare(a), $0) }
      }
    }
    return (nil, nil, statistics)
  }

  /// Hidden layer l's normalization of h (batch×width) in training mode, γ x̂ + β, with the
  /// tangent ḣ carried through it (see the type's documentation), and 1/sqrt(σ² + ε).
  private func normalize(
    _ h: Variable, tangent ht: Variable?, layer l: Int, on tape: Tape
  ) throws -> (y: Variable, tangent: Variable?, r: Variable) {
    let axis: StatisticsAxis = featureNormalization == .batch ? .overSamples : .overFeatures
    let c = tape.center(h, along: axis)
    let r = tape.inverseRootMeanSquare(c, along: axis, epsilon: FeatureNormalization.epsilon)
    let xhat = try tape.multiply(c, broadcasting: r, along: axis)
    let y = try tape.addRow(tape.multiply(xhat, broadcasting: gammas[l], along: .overSamples), betas[l])
    guard let ht else { return (y, nil, r) }
    var d: Variable
    if featureNormalization == .batch {
      d = ht  // the batch's mean and variance held fixed
    } else {
      let ct = tape.center(ht, along: .overFeatures)
      let projection = tape.mean(try tape.multiply(xhat, ct), along: .overFeatures)
      d = try tape.subtract(ct, tape.multiply(xhat, broadcasting: projection, along: .overFeatures))
    }
    d = try tape.multiply(d, broadcasting: r, along: axis)
    return (y, try tape.multiply(d, broadcasting: gammas[l], along: .overSamples), r)
  }

  /// Copies the current parameter values (and u, v) back into a critic of the same shape.
  func read(into critic: inout MLPCritic, from tape: Tape, normalized: Bool) {
    for l in critic.layers.indices {
      critic.layers[l].weight = tape.value(weights[l])
      critic.layers[l].bias = tape.value(biases[l]).elements
    }
    for l in gammas.indices {
      critic.normalizationLayers[l].gamma = tape.value(gammas[l]).elements
      critic.normalizationLayers[l].beta = tape.value(betas[l]).elements
    }
    if normalized {
      critic.normalization = SpectralNormalization(
        u: u.map { tape.value($0).elements }, v: v.map { tape.value($0).elements })
    }
  }
}

/// A 1×n row matrix holding `values`.
func rowMatrix(_ values: [Double]) -> Matrix {
  var m = Matrix(rows: 1, columns: values.count)
  m.elements = values
  return m
}
