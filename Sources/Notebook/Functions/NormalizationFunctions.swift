// The normalization layers as functions of a batch, in PyTorch's definitions (MATH.md §8):
// batchnorm, layernorm, instancenorm, groupnorm and switchnorm, each with per-channel gamma= and
// beta= and eps= (1e-5), normalising with the biased variance; bnlayer makes a BatchNorm layer
// with running statistics (`step bn x` trains them, `batchnorm(x, layer=bn)` uses them).

import Critics
import DenseMatrix

extension FunctionTable {
  static var normalizationFunctions: [FunctionSpec] {
    [
      layer(
        "batchnorm", .batch,
        summary: "BatchNorm: each channel normalised over the batch and the positions",
        help: [
          "For an N×C×H×W (or N×C×L, or N×C matrix) batch x, channel c is normalised by the mean μ_c and the biased variance σ²_c of its N·H·W entries: y = γ_c (x − μ_c)/sqrt(σ²_c + ε) + β_c, PyTorch's nn.BatchNorm2d (BatchNorm1d for N×C and N×C×L) in training mode. Every sample's output depends on the whole batch.",
          "batchnorm(x, layer=bn) is evaluation mode: the running mean and variance of the layer bn (see bnlayer; 'step bn x' updates them) instead of the batch's, and bn's γ and β unless gamma= or beta= are given. That map is affine per channel, with Lipschitz constant max_c |γ_c|/sqrt(running var_c + ε) ('lip bn').",
        ],
        extra: [OptionSpec("layer", help: "a BatchNorm layer from bnlayer: evaluation mode with its running statistics")]),
      layer(
        "layernorm", .layer,
        summary: "LayerNorm: each sample normalised over its channels and positions",
        help: [
          "Sample n is normalised by the mean and biased variance of all its C·H·W entries, as nn.LayerNorm((C, H, W)) does; γ and β here are per channel (C values, each shared by the H·W positions of its channel, nn.GroupNorm(1, C)'s affine), where nn.LayerNorm's elementwise_affine has one per entry. For an N×C matrix it is nn.LayerNorm(C), the critics' norm=layer. It does not depend on the rest of the batch."
        ]),
      layer(
        "instancenorm", .instance,
        summary: "InstanceNorm: each sample's channel normalised over its positions",
        help: [
          "Channel c of sample n is normalised by the mean and biased variance of its H·W (or L) entries, as nn.InstanceNorm2d(C, affine=True) in training mode; for an N×C matrix each row-channel has a single entry, so every output is β_c."
        ]),
      layer(
        "groupnorm", .group(1),
        summary: "GroupNorm: each sample's groups of C/G channels normalised together",
        help: [
          "The C channels of each sample are split into G consecutive groups of C/G; each group is normalised by the mean and biased variance of its (C/G)·H·W entries, as nn.GroupNorm(G, C). groups=1 is layernorm and groups=C is instancenorm. G must divide C."
        ],
        extra: [OptionSpec("groups", help: "G, the number of groups (required; must divide the channels)")]),
      switchNorm,
      batchNormLayer,
    ]
  }

  /// The options every layer takes.
  private static let affineOptions = [
    OptionSpec("gamma", help: "the scale γ, one value per channel (default 1)"),
    OptionSpec("beta", help: "the shift β, one value per channel (default 0)"),
    OptionSpec("eps", help: "ε added to the variance (default 1e-5, PyTorch's)"),
  ]

  /// A layer function normalising with the statistics of `method`.
  private static func layer(
    _ name: String, _ method: NormalizationMethod, summary: String, help: [String],
    extra: [OptionSpec] = []
  ) -> FunctionSpec {
    FunctionSpec(
      name, summary: summary, help: help,
      signature: Signature([Parameter("x")], options: extra + affineOptions)
    ) { a throws(Diagnostic) in
      let x = try batch(a)
      let layout = try core(at: a.range(0)) { try ChannelLayout(x.shape) }
      var gamma = try channelOption(a, "gamma", layout)
      var beta = try channelOption(a, "beta", layout)
      let eps = try epsilon(a)
      let statistics: NormalizationStatistics
      if let bn = try batchNormLayer(a) {
        guard bn.width == layout.channels else {
          throw Diagnostic(
            "the layer has \(bn.width) channels; the batch has \(layout.channels)",
            at: a.range(option: "layer"))
        }
        statistics = bn.evaluationStatistics(layout)
        gamma = gamma ?? bn.layer.gamma
        beta = beta ?? bn.layer.beta
      } else {
        var m = method
        if case .group = method {
          m = try groupMethod(a, layout, what: "groupnorm", at: a.range, notes: ["usage: groupnorm(x, groups=2)"])
        }
        statistics = try core(at: a.range(0)) { try Normalization.statistics(x, m) }
      }
      return try normalized(a, x, statistics, gamma: gamma, beta: beta, epsilon: eps)
    }
  }

  private static var switchNorm: FunctionSpec {
    FunctionSpec(
      "switchnorm",
      summary: "Switchable Norm: a softmax-weighted mix of the instance, layer and batch statistics",
      help: [
        "Luo et al. 2018: every entry is normalised by μ = Σ_k softmax(mean)_k μ_k and σ² = Σ_k softmax(var)_k σ²_k over k = instance, layer, batch (in that order), then scaled by γ and shifted by β per channel. mean= and var= are the three logits each (default [0 0 0], equal weights 1/3, as the layer is initialised); a large logit selects one method: mean=[0 0 50], var=[0 0 50] is batchnorm to rounding. Every σ²_k is the biased variance; the logits are not trained here."
      ],
      signature: Signature(
        [Parameter("x")],
        options: [
          OptionSpec("mean", help: "3 logits for the means (instance, layer, batch); default [0 0 0]"),
          OptionSpec("var", help: "3 logits for the variances (instance, layer, batch); default [0 0 0]"),
        ] + affineOptions)
    ) { a throws(Diagnostic) in
      let x = try batch(a)
      let layout = try core(at: a.range(0)) { try ChannelLayout(x.shape) }
      var logits: [[Double]] = []
      for key in ["mean", "var"] {
        let v = try a.vector(option: key) ?? [0, 0, 0]
        guard v.count == 3, v.allSatisfy(\.isFinite) else {
          throw Diagnostic(
            "\(key)= needs 3 finite logits (instance, layer, batch), got \(v.count) values", at: a.range(option: key))
        }
        logits.append(v)
      }
      let gamma = try channelOption(a, "gamma", layout)
      let beta = try channelOption(a, "beta", layout)
      let eps = try epsilon(a)
      let statistics = try core(at: a.range(0)) {
        try Normalization.switchStatistics(x, meanLogits: logits[0], varianceLogits: logits[1])
      }
      return try normalized(a, x, statistics, gamma: gamma, beta: beta, epsilon: eps)
    }
  }

  private static var batchNormLayer: FunctionSpec {
    FunctionSpec(
      "bnlayer",
      summary: "a BatchNorm layer of C channels with running statistics (train with 'step bn x')",
      help: [
        "bn = bnlayer(4) starts with γ = 1, β = 0, running mean 0 and running variance 1, as PyTorch's nn.BatchNorm2d(4). 'step bn x' is one forward pass in training mode: x is normalised with its own batch statistics, and the running ones move toward them, r ← (1 − m)·r + m·μ_batch and v ← (1 − m)·v + m·σ²_batch·B/(B − 1) (PyTorch keeps the unbiased variance, B entries per channel), m = momentum. batchnorm(x, layer=bn) is evaluation mode with the running statistics. bn.mean, bn.var, bn.gamma, bn.beta are rows; bn.steps counts the training steps."
      ],
      signature: Signature(
        [Parameter("C")],
        options: [
          OptionSpec("momentum", help: "weight of the newest batch in the running statistics (default 0.1)"),
          OptionSpec("gamma", help: "the scale γ, one value per channel (default 1)"),
          OptionSpec("beta", help: "the shift β, one value per channel (default 0)"),
          OptionSpec("eps", help: "ε added to the variance (default 1e-5)"),
        ])
    ) { a throws(Diagnostic) in
      let c = try a.count(0)
      guard c >= 1, c <= 1 << 20 else {
        throw Diagnostic("a BatchNorm layer needs 1 to \(1 << 20) channels, got \(c)", at: a.range(0))
      }
      var value = BatchNormValue(width: c, epsilon: try epsilon(a))
      if let m = try a.number(option: "momentum") {
        guard m > 0, m <= 1 else {
          throw Diagnostic("momentum must be in (0, 1], got \(m.messageText)", at: a.range(option: "momentum"))
        }
        value.momentum = m
      }
      let layout = try core(at: a.range) { try ChannelLayout([1, c]) }
      if let g = try channelOption(a, "gamma", layout) { value.layer.gamma = g }
      if let b = try channelOption(a, "beta", layout) { value.layer.beta = b }
      return .object(value)
    }
  }

  /// The call's result: `x` normalised with `statistics`, within the element limit.
  private static func normalized(
    _ a: Arguments, _ x: Tensor, _ statistics: NormalizationStatistics, gamma: [Double]?,
    beta: [Double]?, epsilon: Double
  ) throws(Diagnostic) -> Value {
    let limit = a.elementLimit
    return Value(try core(at: a.range) {
      try Normalization.normalized(x, statistics, gamma: gamma, beta: beta, epsilon: epsilon, limit: limit)
    })
  }

  // MARK: - Reading the arguments

  /// Positional `index` as a batch: a matrix (N×C) or a tensor, with finite entries.
  static func batch(_ a: Arguments, _ index: Int = 0) throws(Diagnostic) -> Tensor {
    let value = try a.value(index)
    guard let x = value.tensor else {
      throw Diagnostic("\(a.name) needs a batch (a matrix or a tensor), got \(value.article)", at: a.range(index))
    }
    guard x.elements.allSatisfy(\.isFinite) else {
      throw Diagnostic("the batch has NaN or Inf entries", at: a.range(index), notes: ["'\(a.name)' needs finite entries"])
    }
    return x
  }

  /// Option `key` (gamma or beta) as C finite values, or nil when absent.
  static func channelOption(_ a: Arguments, _ key: String, _ layout: ChannelLayout) throws(Diagnostic) -> [Double]? {
    guard let v = try a.vector(option: key) else { return nil }
    guard v.count == layout.channels else {
      throw Diagnostic(
        "\(key) needs one value per channel: \(layout.channels), got \(v.count)", at: a.range(option: key))
    }
    guard v.allSatisfy(\.isFinite) else { throw Diagnostic("\(key) has NaN or Inf entries", at: a.range(option: key)) }
    return v
  }

  /// GroupNorm with the `groups=` option's G, checked to divide the channels.
  /// - Throws: `'what' needs groups=G` at `range` when it is absent.
  static func groupMethod(
    _ a: Arguments, _ layout: ChannelLayout, what: String, at range: SourceRange, notes: [String] = []
  ) throws(Diagnostic) -> NormalizationMethod {
    guard let g = try a.count(option: "groups") else {
      throw Diagnostic("\(what) needs groups=G", at: range, notes: notes)
    }
    _ = try core(at: a.range(option: "groups")) { try Normalization.groupCount(.group(g), layout) }
    return .group(g)
  }

  /// The `eps=` option, a positive finite number (1e-5 when absent).
  static func epsilon(_ a: Arguments) throws(Diagnostic) -> Double {
    guard let eps = try a.number(option: "eps") else { return Normalization.defaultEpsilon }
    guard eps > 0, eps.isFinite else {
      throw Diagnostic("eps must be a positive number, got \(eps.messageText)", at: a.range(option: "eps"))
    }
    return eps
  }

  /// The `layer=` option as a variable holding a BatchNorm layer, or nil when absent.
  static func batchNormLayer(_ a: Arguments) throws(Diagnostic) -> BatchNormValue? {
    guard let value = try a.value(option: "layer") else { return nil }
    guard case .object(let object) = value, let bn = object as? BatchNormValue else {
      throw Diagnostic(
        "layer= needs a BatchNorm layer (from bnlayer), got \(value.article)", at: a.range(option: "layer"))
    }
    return bn
  }
}

extension FunctionTable {
  /// `weightnorm(V, g=)`, listed beside `sn`.
  static var weightNormFunction: FunctionSpec {
    FunctionSpec(
      "weightnorm",
      summary: "weight normalization: each row g_i·v_i/‖v_i‖, of length |g_i|",
      help: [
        "Salimans & Kingma 2016: the direction of each output unit's weights comes from V and its length from g, a number (every row) or one value per row (default 1). Then ‖W‖F = ‖g‖₂ and max|g| ≤ ‖W‖₂ ≤ ‖g‖₂: unlike sn(W), whose ‖·‖₂ is exactly 1, the spectral norm depends on how the rows' directions line up ('lip weightnorm V' prints the three). A zero row has no direction and is an error."
      ],
      signature: Signature([Parameter("V")], options: [OptionSpec("g", help: "the lengths: a number or one per row (default 1)")])
    ) { a throws(Diagnostic) in
      let v = try a.matrix(0)
      let g = try a.vector(option: "g") ?? [1]
      guard g.count == 1 || g.count == v.rows else {
        throw Diagnostic(
          "g needs one length or one per row: 1 or \(v.rows), got \(g.count)", at: a.range(option: "g"))
      }
      let limit = a.elementLimit
      return .matrix(try core(at: a.range(0)) { try v.weightNormalized(g: g, limit: limit) })
    }
  }
}
