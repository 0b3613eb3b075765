// The functions of the critics part of liplab: `critic(…)`, which makes a 1-D critic, `w1(p, q)`,
// the exact Wasserstein-1 distance, and the distribution constructors
// (Functions/DistributionFunctions.swift).

import Critics
import DenseMatrix

extension FunctionTable {
  /// The critics' functions.
  static var criticFunctions: [FunctionSpec] {
    [critic, mlp, weight, bias, batchvalues, w1] + distributionFunctions
  }

  private static var critic: FunctionSpec {
    FunctionSpec(
      "critic",
      summary: "a 1-D critic f: ℝ → ℝ, a small MLP with fresh weights; train it with 'train'",
      help: [
        "The network is 1 → hidden → 1 with the activation after every hidden layer. Weights are initialised as PyTorch's nn.Linear does: every weight and bias of a layer with fan-in n uniform in (−1/√n, 1/√n), drawn from the seed, so a seed gives the same critic on every machine.",
        "act=leaky (LeakyReLU, slope 0.2, the default of the WGAN-GP and SN critics) and relu make f piecewise linear, so its Lipschitz constant is found exactly; tanh is smooth and its constant is estimated on a fine grid.",
        "c(x) is the critic's value f(x) at every entry of x (a number, a vector or a matrix of points, in its shape), as the network applies it in evaluation mode; weight(c, l) and bias(c, l) are its layers.",
        "norm=batch or norm=layer puts a normalization layer after every hidden linear map, before the activation (as ResNets and the WGAN-GP code place it), with a trainable γ = 1 and β = 0 per feature as PyTorch initialises them. BatchNorm normalises each feature over the batch (biased variance, ε = 1e-5) while training and keeps running statistics (momentum 0.1, the variance unbiased) that evaluation uses; in evaluation it is an affine map per feature, folded into the layers, so the critic stays piecewise linear and its constant is exact. In training the value at one point depends on the rest of the batch (see batchvalues(c, x)), so the gradient penalty, which differentiates each sample on its own, constrains a function of the batch and not the critic that is evaluated: its slope holds the batch's mean and variance fixed. LayerNorm normalises each sample over its hidden features: no batch dependence (the drop-in Gulrajani et al. recommend), but f is no longer piecewise linear, so its constant is a fine-grid value beside an upper bound that includes LayerNorm's worst case max|γ|/sqrt(ε).",
      ],
      signature: Signature(
        [],
        options: [
          OptionSpec("hidden", help: "hidden-layer widths, input side first (default [32 32])"),
          OptionSpec(
            "act", .word, help: "the activation: leaky (default), relu or tanh",
            values: Activation.names),
          OptionSpec("slope", help: "LeakyReLU's negative slope (default 0.2)"),
          OptionSpec(
            "norm", .word, help: "a normalization layer after each hidden linear map: none (default), batch or layer",
            values: FeatureNormalization.allCases.map(\.rawValue)),
          OptionSpec("seed", help: "seed of the weights (default: the session's source)"),
        ])
    ) { a throws(Diagnostic) in
      let hidden = try a.hiddenWidths()
      let activation = try a.activation(default: "leaky")
      let seed = try a.networkSeed()
      let norm = FeatureNormalization(rawValue: try a.word(option: "norm") ?? "none")!
      let network = try a.critics(at: a.range(option: "hidden")) {
        try MLPCritic(hidden: hidden, activation: activation, norm: norm, seed: seed)
      }
      return .object(CriticValue(critic: network, seed: seed))
    }
  }

  private static var weight: FunctionSpec {
    FunctionSpec(
      "weight",
      summary: "the weight matrix of layer l of a critic or model, as the network applies it",
      help: [
        "Layers count from the input, from 1; layer l maps the outputs of layer l − 1 (fan-in) to its own (fan-out), so W is fan-out × fan-in. For a spectrally normalized critic this is W/σ with σ = uᵀWv from the kept u and v, as in evaluation mode; for a BatchNorm critic the hidden layers include the running-statistics map γ(h − μ)/sqrt(σ² + ε) + β folded in (a LayerNorm critic's normalization is not a matrix and is not included). Try 'norms weight(c, 2)'; bias(c, l) is the layer's bias, and c(x) the critic's value at x."
      ],
      signature: Signature([Parameter("c"), Parameter("l")])
    ) { a throws(Diagnostic) in .matrix(try layer(a).weight) }
  }

  private static var bias: FunctionSpec {
    FunctionSpec(
      "bias",
      summary: "the bias of layer l of a critic or model, as a column",
      help: [
        "Layer l computes weight(c, l)·h + bias(c, l) from the outputs h of layer l − 1 (the input x for l = 1), then the activation on every layer but the last. Layers count from 1."
      ],
      signature: Signature([Parameter("c"), Parameter("l")])
    ) { a throws(Diagnostic) in .matrix(Matrix(column: try layer(a).bias)) }
  }

  /// Layer `l` (argument 1, from 1) of the critic or model in argument 0, as the network
  /// applies it.
  private static func layer(_ a: Arguments) throws(Diagnostic) -> DenseLayer {
    guard case .object(let object) = try a.value(0), let value = object as? any NetworkValue else {
      throw Diagnostic(
        "argument 'c' of '\(a.name)' must be a critic or a model, got \(try a.value(0).article)",
        at: a.range(0))
    }
    let layers = value.network.effectiveLayers
    let l = try a.count(1)
    guard (1 ... layers.count).contains(l) else {
      throw Diagnostic(
        "the \(value.typeName) has layers 1 to \(layers.count), got \(l)", at: a.range(1),
        notes: ["\(value.architecture)"])
    }
    return layers[l - 1]
  }

  private static var batchvalues: FunctionSpec {
    FunctionSpec(
      "batchvalues",
      summary: "a critic's values at the points of x taken together as one batch, in training mode",
      help: [
        "With norm=batch each point is normalised by the mean and variance of the batch it sits in, as during training: the same point inside two batches gets two values (batchvalues(c, [0 1 2]) and batchvalues(c, [0 5 6]) differ at 0), while c(x) uses the running statistics and gives one. With norm=layer or none the result equals c(x). The running statistics are not changed. BatchNorm needs at least 2 points."
      ],
      signature: Signature([Parameter("c"), Parameter("x")])
    ) { a throws(Diagnostic) in
      let value = try criticValue(a)
      let x = try a.matrix(1)
      let values = try a.critics(at: a.range(1)) {
        try value.critic.trainingModeValues(at: x.elements)
      }
      var result = x
      result.elements = values
      return .matrix(result)
    }
  }

  /// The critic in argument 0.
  private static func criticValue(_ a: Arguments) throws(Diagnostic) -> CriticValue {
    guard case .object(let object) = try a.value(0), let value = object as? CriticValue else {
      throw Diagnostic(
        "argument 'c' of '\(a.name)' must be a critic, got \(try a.value(0).article)", at: a.range(0))
    }
    return value
  }

  private static var w1: FunctionSpec {
    FunctionSpec(
      "w1",
      summary: "the exact Wasserstein-1 distance W₁(p, q) = ∫|F_p − F_q| of two 1-D distributions",
      help: [
        "Two normals: E|Δμ + Δσ·Z| in closed form (|μ_p − μ_q| for equal σ); two uniforms: closed form; two sample vectors (a number is one sample: w1([3], [-1]) = 4): exact on their step CDFs; anything else: adaptive quadrature of the exact CDFs (error about 1e-12 × the width)."
      ],
      signature: Signature([Parameter("p"), Parameter("q")])
    ) { a throws(Diagnostic) in
      let (p, q) = (try a.distribution(0), try a.distribution(1))
      return .number(try a.critics { try Wasserstein1.exact(p, q).value })
    }
  }
}

extension Arguments {
  /// The `act=` and `slope=` options as an activation (`act=` absent: `name`).
  func activation(default name: String) throws(Diagnostic) -> Activation {
    let name = try word(option: "act") ?? name
    let slope = try number(option: "slope")
    if slope != nil, name != "leaky" {
      throw Diagnostic("slope= is LeakyReLU's; act=\(name) has none", at: range(option: "slope"))
    }
    guard let activation = Activation(name: name, slope: slope) else {
      throw Diagnostic("the slope must be a finite number", at: range(option: "slope"))
    }
    return activation
  }

  /// The `seed=` option of a network, or a draw from the session's random source.
  func networkSeed() throws(Diagnostic) -> UInt64 {
    if let given = try count(option: "seed") { return UInt64(given) }
    // NOTE: 53 bits, so that the printed seed is a number the language holds exactly and
    // `critic(seed=…)` rebuilds the same network.
    return try withRandom { rng in rng.next() >> 11 }
  }

  /// The `hidden=` option as layer widths (default [32 32]): whole numbers from 1 to 10⁶.
  func hiddenWidths() throws(Diagnostic) -> [Int] {
    var hidden: [Int] = []
    for w in try vector(option: "hidden") ?? [32, 32] {
      guard w.isFinite, w >= 1, w == w.rounded(), w <= 1e6 else {
        throw Diagnostic(
          "hidden widths must be whole numbers ≥ 1, got \(NumberFormat(digits: 6).string(w))",
          at: range(option: "hidden"))
      }
      hidden.append(Int(w))
    }
    return hidden
  }
}
