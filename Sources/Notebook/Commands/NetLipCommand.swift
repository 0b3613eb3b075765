// `netlip w [order="a b …"] [act=relu] [slope=] [gap=1e-3] [nodes=20000] [restarts=32] [seed=0]
// [n=] [padding=circular] [stride=1]`: the Lipschitz constant of a chain of dense and convolution
// layers (loaded weights, a critic or an mlp) between the product bound, a certified upper bound
// and a lower bound attained at an input.

import Critics
import DenseMatrix

/// The convolution options of `netlip`: the input's size, one padding and one stride for every
/// convolution of the chain.
struct ChainConvolutionSetting {
  /// n per spatial axis; nil: the smallest n with which every layer chains, else 32.
  var size: Int?
  var padding: ConvolutionPadding = .circular
  var stride = 1
  var limit = Matrix.defaultElementLimit
  var sizeRange: SourceRange? = nil
  var strideRange: SourceRange? = nil
}

/// A chain of named dense and convolution layers read from a value.
struct NamedChain {
  var names: [String]
  var stages: [ChainStage]
  /// The activation a critic or model uses (nil for loaded weights: `act=` says).
  var activation: Activation?

  /// The chain of `value`: the rank-2 to rank-4 floating-point weights of loaded weights in file
  /// order (or `order`), each with the bias named like it (`fc1.weight` → `fc1.bias`); a
  /// critic's or model's layers as it applies them.
  static func of(
    _ value: Value, order: [String]?, convolution: ChainConvolutionSetting = ChainConvolutionSetting(),
    at range: SourceRange, orderRange: SourceRange
  ) throws(Diagnostic) -> NamedChain {
    switch value {
    case .object(let object as WeightsValue):
      return try weights(object.archive, order: order, convolution: convolution, at: range, orderRange: orderRange)
    case .object(let object as any NetworkValue):
      let network = object.network
      guard network.featureNormalization != .layer else {
        throw Diagnostic(
          "netlip takes chains of dense layers; this \(object.typeName) has LayerNorm", at: range,
          notes: ["LayerNorm is not affine: its own bound is in 'lip'"])
      }
      let stages = network.effectiveLayers.map { ChainStage.dense(ChainLayer(weight: $0.weight, bias: $0.bias)) }
      return NamedChain(
        names: stages.indices.map { "layer \($0 + 1)" }, stages: stages, activation: network.activation)
    default:
      throw Diagnostic(
        "netlip needs weights loaded from a file, a critic or an mlp, got \(value.article)", at: range,
        notes: ["w = load(\"model.safetensors\") (or .npz) reads weights"])
    }
  }

  /// True when the chain holds a convolution.
  var hasConvolution: Bool { stages.contains { $0.dense == nil } }

  private static func weights(
    _ archive: TensorArchive, order: [String]?, convolution setting: ChainConvolutionSetting, at range: SourceRange,
    orderRange: SourceRange
  ) throws(Diagnostic) -> NamedChain {
    var chosen: [NamedTensor] = []
    if let order {
      for name in order {
        guard let t = archive.tensor(named: name) else {
          var diagnostic = Diagnostic("the weights have no tensor '\(name)'", at: orderRange)
          if let note = Suggestion.note(for: name, in: archive.tensors.map(\.name)) { diagnostic.notes.append(note) }
          throw diagnostic
        }
        guard (2 ... 4).contains(t.storedShape.count), t.isFloatingPoint else {
          throw Diagnostic(
            "'\(name)' is \(t.dtype) \(t.shapeText), not a dense weight or a convolution kernel", at: orderRange,
            notes: ["netlip chains floating-point weights: dense (out × in) and kernels (c_out × c_in × k…)"])
        }
        chosen.append(t)
      }
    } else {
      for t in archive.tensors where t.isFloatingPoint {
        switch LayerKind(rank: t.storedShape.count, name: t.name) {
        case .dense, .conv1d, .conv2d: chosen.append(t)
        default: continue
        }
      }
    }
    guard !chosen.isEmpty else {
      throw Diagnostic(
        "the weights hold no dense weight or convolution kernel", at: range, notes: ["show the weights to list them"])
    }
    let blame = order == nil ? range : orderRange
    let shapes = chosen.map(\.storedShape)
    let size = setting.size ?? chainingSize(shapes, stride: setting.stride) ?? 32
    var stages: [ChainStage] = []
    var positions = size
    var spatialRank: Int? = nil
    for (l, t) in chosen.enumerated() {
      let shape = t.storedShape
      var bias: [Double]? = nil
      if t.name.hasSuffix("weight"), let b = archive.tensor(named: String(t.name.dropLast(6)) + "bias"),
        b.storedShape == [shape[0]], b.isFloatingPoint
      {
        bias = b.tensor.elements
      }
      let stage: ChainStage
      if shape.count == 2 {
        let weight = try core(at: range) { try Matrix(rows: shape[0], columns: shape[1], elements: t.tensor.elements) }
        stage = .dense(ChainLayer(weight: weight, bias: bias))
      } else {
        if let spatialRank, spatialRank != shape.count - 2 {
          throw Diagnostic(
            "'\(t.name)' (\(t.shapeText)) is a \(shape.count - 2)-D convolution after \(spatialRank)-D ones", at: blame,
            notes: ["netlip chains convolutions of one spatial rank"])
        }
        spatialRank = shape.count - 2
        guard setting.stride <= positions else {
          throw Diagnostic(
            "stride \(setting.stride) is above the \(positions) positions that reach '\(t.name)'",
            at: setting.strideRange ?? range, notes: ["the stride applies to every convolution of the chain"])
        }
        let kernel = try core(at: range) { try Tensor(shape: shape, elements: t.tensor.elements) }
        let conv = try core(at: setting.sizeRange ?? range) {
          try Convolution(
            kernel: kernel, size: positions, padding: setting.padding, stride: setting.stride, limit: setting.limit)
        }
        positions = conv.outputSize
        stage = .convolution(conv, bias: bias)
      }
      if l > 0, stage.inputCount != stages[l - 1].outputCount {
        let previous = chosen[l - 1]
        switch (stages[l - 1].dense == nil, stage.dense == nil) {
        case (false, false):
          throw Diagnostic(
            "'\(t.name)' (\(t.shapeText)) does not take the \(previous.storedShape[0]) outputs of '\(previous.name)' (\(previous.shapeText))",
            at: blame,
            notes: ["consecutive weights chain when each one's columns equal the previous one's rows; order=\"…\" sets the order"])
        case (true, true):
          throw Diagnostic(
            "'\(t.name)' (\(t.shapeText)) takes \(describe(stage, input: true)), not the \(describe(stages[l - 1], input: false)) of '\(previous.name)' (\(previous.shapeText))",
            at: blame, notes: ["consecutive convolutions chain when each one's c_in equals the previous one's c_out"])
        case (let afterConvolution, _):
          var notes = [
            afterConvolution
              ? "a dense layer after convolutions takes their output flattened in C order (channels × positions)"
              : "a convolution after a dense layer reads its outputs as c_in channels × n positions"
          ]
          if setting.size == nil { notes.append("n=… sets the input's size (here \(size): no n makes every layer chain)") }
          throw Diagnostic(
            "'\(t.name)' (\(t.shapeText)) takes \(describe(stage, input: true)), not the \(describe(stages[l - 1], input: false)) of '\(previous.name)' (\(previous.shapeText))",
            at: setting.sizeRange ?? blame, notes: notes)
        }
      }
      stages.append(stage)
    }
    return NamedChain(names: chosen.map(\.name), stages: stages, activation: nil)
  }

  /// "12 inputs", "2 channels × 4 positions = 8 outputs" (or 4×4 positions).
  static func describe(_ stage: ChainStage, input: Bool) -> String {
    let what = input ? "inputs" : "outputs"
    switch stage {
    case .dense(let layer): return "\(input ? layer.weight.columns : layer.weight.rows) \(what)"
    case .convolution(let c, _):
      let m = input ? c.size : c.outputSize
      let positions = c.spatialRank == 2 ? "\(m)×\(m)" : "\(m)"
      let channels = input ? c.inputChannels : c.outputChannels
      return "\(channels) channel\(channels == 1 ? "" : "s") × \(positions) positions = \(input ? c.inputCount : c.outputCount) \(what)"
    }
  }

  /// The smallest n ≤ 4096 with which the layers of these shapes chain when a dense layer sits
  /// next to a convolution (it fixes n), nil otherwise.
  static func chainingSize(_ shapes: [[Int]], stride: Int) -> Int? {
    let convolutions = shapes.filter { $0.count > 2 }
    guard !convolutions.isEmpty, convolutions.count < shapes.count else { return nil }
    candidates: for n in 1 ... 4096 {
      var positions = n
      var previous: Int? = nil
      for shape in shapes {
        let (input, output): (Int, Int)
        if shape.count == 2 {
          (input, output) = (shape[1], shape[0])
        } else {
          guard stride <= positions else { continue candidates }
          let d = shape.count - 2
          let next = (positions + stride - 1) / stride
          input = shape[1] * (d == 2 ? positions * positions : positions)
          output = shape[0] * (d == 2 ? next * next : next)
          positions = next
        }
        if let previous, previous != input { continue candidates }
        previous = output
      }
      return n
    }
    return nil
  }
}

extension CommandTable {
  /// `netlip w`.
  static var netlip: CommandSpec {
    CommandSpec(
      "netlip",
      summary: "a network's Lipschitz constant between certified bounds: product, pattern bound, attained ‖J(x)‖",
      help: [
        "For a chain x ↦ W_L φ(… φ(W₁x + b₁) …) + b_L of dense layers — weights loaded from a model file (w = load(\"model.safetensors\") or .npz: its rank-2 weights and convolution kernels (below) in file order, or those order=\"a b …\" names, each with the bias named like it, fc1.weight → fc1.bias), or a critic or mlp — brackets its Lipschitz constant (ℓ₂ → ℓ₂) between bounds that are certified, i.e. proven to hold up to rounding, not estimated. Consecutive weights must chain (each one's columns equal the previous one's rows).",
        "Convolutions: rank-3 (conv1d, c_out×c_in×k) and rank-4 (conv2d, c_out×c_in×kh×kw) kernels join the chain with their bias (one per output channel), PyTorch's cross-correlation with 'same' offsets (help convnorms) on inputs of n (or n×n) positions; padding= and stride= hold for every convolution of the chain (one value each), a stride leaving ⌈m/s⌉ positions to the next layer. n defaults to the smallest size up to 4096 with which every layer chains (a dense layer next to a convolution fixes it), else 32 as for convnorms: give n= the size the net was trained on, since with a stride several sizes chain. Consecutive convolutions chain when each one's c_in equals the previous one's c_out; a dense layer after convolutions takes their output flattened in C order (channel, then positions: PyTorch's flatten). A convolution's σ is its operator norm, exact by the FFT for circular padding and stride 1, else Lanczos on the operator (a Ritz value, from below: the product is then marked not certified). The certified bound takes each convolution as a block of its own, bounded by its ceiling, the exact circular stride-1 norm on n (circular padding) or on n + k − 1 (zero padding), which no stride or zero padding can exceed (help convnorms); consecutive dense layers still pair. The lower bound is ‖J(x)‖₂ at an input of c_in·n (or c_in·n²) entries, J applied matrix-free (the convolutions with their padding and stride, the ReLU masks of the forward pass, the dense layers): power iteration on JᵀJ during the search, Golub–Kahan–Lanczos at the best x. The search is x = 0 and restarts= seeded Gaussian inputs, each climbing as for dense chains toward the activation patterns ∂σ₁/∂D asks for (but by linearised steps along each unit's own gradient, matrix-free, instead of least squares on the explicit local maps) and along J's top right singular vector. On the test fixtures (conv1d 2→2→2 channels on n = 4 then dense 8 → 2; conv2d 1→2 channels on 4×4 with stride 2 then dense 8 → 1; both paddings) the lower bound is 0.932 (conv1d, circular) and 0.9986 (conv1d, zero) of the exact constant, found by enumerating the realised activation patterns, and meets it on the conv2d; the certified bound is 1.7 to 2.5 times the constant, since a convolution's block ignores the ReLUs beside it. Cost: per climb up to 20 moves of about 60 points, each a few power steps (two passes through the layers each) and up to 16 backward passes per linearised step: lower restarts= on large nets. x is printed up to 512 entries.",
        "Rows: each layer's σ₁ (Lanczos or SVD, to full precision); the product bound Π σ₁; the certified upper bound: the chain split into blocks of one layer (its σ₁) and two layers W_{l+1} φ W_l, each pair bounded by the largest ‖W_{l+1} D W_l‖ over activation patterns D ∈ {0,1}^h — which holds for every φ with slopes in [0, 1], the maximum of a convex function over the box [0,1]^h being at a vertex — found by branch and bound with a semidefinite bound at each node (‖·‖_F over patterns when W_{l+1} has more than one row; the product when that is not lower), the best split chosen, never above the product; the best pattern of a two-layer chain and whether an input realises it; the lower bound ‖J(x)‖₂ at an actual input x (printed below the table, every pre-activation nonzero so that f is affine around x: J is its exact Jacobian there), found by ascent over activation patterns from x = 0, the best pattern and restarts= seeded Gaussian inputs (default 32); and the interval with its relative gap (upper − lower)/lower, exact when the two meet to rounding.",
        "act=relu (default) or leaky (slope=, in [0, 1]) or tanh give all rows; act=any (any 1-Lipschitz φ with slopes in [0, 1]: sigmoid, softplus, …) only the product and the certified bound, which hold for all of them. A critic or mlp brings its own activation. The search stops at a relative gap of gap= (default 1e-3) or after nodes= nodes per pair (default 20000), and reports the certified interval at that point; seed= fixes the starts and relaxations (default 0).",
        "Measured on the test fixtures (PyTorch-initialised ReLU nets, Tests/NotebookTests/Fixtures/networks): on two layers with input dimension ≥ width, where every pattern is reached and the maximum over patterns is the constant itself, the interval closes — exact for 8 and 12 hidden units, within 6.1e-5 for 16 (exact with gap=0 after a few nodes), within 7.4e-4 for 64 (72 → 64 → 1, after a few dozen nodes; exact with gap=0 after under a hundred) — while the product bound is 1.31 to 1.93 times the constant. Deeper, only the last pair (one output row) improves on the product: over patterns, ‖·‖_F of a square pair is far above its ‖·‖₂. On 10 → 12 → 12 → 1 and 10 → 12 → 12 → 12 → 1 the certified bound is 0.529 and 0.468 of the product and the relative gap to the attained ‖J(x)‖₂ is 0.896 and 1.58: the constant lies in an interval 0.9 to 1.6 times as wide as its lower end.",
        "Evaluating the constant exactly is NP-hard already for two-layer ReLU nets (Virmaux & Scaman 2018): the branch and bound is exponential in the worst case, which nodes= caps. The semidefinite bound at each node is Shor's relaxation of one pair's patterns. LipSDP (Fazlyab et al. 2019) would add one semidefinite program over the whole chain, coupling every layer's slopes instead of splitting the chain into pairs — what deeper nets need to close the gap above — at the cost of an SDP of size Σ h_l and an interior-point solver.",
        "Cost: a σ₁ per layer; per pair of layers a semidefinite relaxation per node (O(h²·√h) per sweep of the mixing method) and an h×h SVD; the lower search (1 + restarts)·≤ 20 climbs of about 60 Jacobians each (m·Σ h_l·h_{l−1} each, m outputs) and a least-squares step over the inputs or the hidden units, whichever are fewer: lower restarts= on wide nets. At a terminal a progress line names the stage; Ctrl-C stops the searches and prints the interval reached so far, which stays certified.",
      ],
      signature: Signature(
        [Parameter("w")],
        options: [
          OptionSpec("order", help: "the weights to chain, input side first, as one string of names (default: the rank-2 weights and convolution kernels in file order)"),
          OptionSpec("act", .word, help: "the activation: relu (default), leaky, tanh, or any (slopes in [0, 1])", values: ["relu", "leaky", "tanh", "any"]),
          OptionSpec("slope", help: "leaky's negative slope, in [0, 1] (default 0.2)"),
          OptionSpec("gap", help: "the relative gap at which the branch and bound stops (default 1e-3)"),
          OptionSpec("nodes", help: "the branch and bound's node budget per pair of layers (default 20000)"),
          OptionSpec("restarts", help: "random starts of the lower-bound search (default 32)"),
          OptionSpec("seed", help: "the seed of the starts and relaxations (default 0)"),
          OptionSpec("n", help: "the input's spatial size per axis for convolutions (default: the smallest with which every layer chains, else 32)"),
        ] + FunctionTable.convolutionOptions.filter { $0.key != "n" }.map {
          var option = $0
          option.help += ", for every convolution of the chain"
          return option
        })
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      var order: [String]? = nil
      if let value = try arguments.value(option: "order") {
        guard case .string(let text) = value else {
          throw Diagnostic(
            "order must be a string of weight names", at: arguments.range(option: "order"),
            notes: ["order=\"fc1.weight fc2.weight\""])
        }
        order = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
      }
      var setting = ChainConvolutionSetting(limit: arguments.elementLimit)
      if let n = try arguments.count(option: "n") {
        guard n >= 1 else { throw Diagnostic("n must be at least 1", at: arguments.range(option: "n")) }
        setting.size = n
        setting.sizeRange = arguments.range(option: "n")
      }
      if let stride = try arguments.count(option: "stride") {
        guard stride >= 1 else { throw Diagnostic("stride must be at least 1", at: arguments.range(option: "stride")) }
        setting.stride = stride
        setting.strideRange = arguments.range(option: "stride")
      }
      if let padding = try arguments.word(option: "padding") {
        setting.padding = ConvolutionPadding(rawValue: padding) ?? .circular
      }
      var chain = try NamedChain.of(
        try arguments.value(0), order: order, convolution: setting, at: arguments.range(0),
        orderRange: arguments.range(option: "order"))
      if let act = try arguments.word(option: "act") {
        let slope = try arguments.number(option: "slope")
        if let slope, !(0 ... 1).contains(slope) {
          throw Diagnostic(
            "slope must lie in [0, 1]", at: arguments.range(option: "slope"),
            notes: ["a leaky slope outside [0, 1] is not covered by the pattern bound"])
        }
        chain.activation = act == "any" ? nil : Activation(name: act, slope: slope)
      } else if chain.activation == nil {
        chain.activation = .relu
      }
      var options = ChainSearchOptions()
      if let gap = try arguments.number(option: "gap") {
        guard gap >= 0, gap.isFinite else {
          throw Diagnostic("gap must be a number ≥ 0", at: arguments.range(option: "gap"))
        }
        options.relativeGap = gap
      }
      if let nodes = try arguments.count(option: "nodes") { options.nodeBudget = nodes }
      if let restarts = try arguments.count(option: "restarts") {
        guard restarts <= 1000 else {
          throw Diagnostic("restarts must be between 0 and 1000", at: arguments.range(option: "restarts"))
        }
        options.restarts = restarts
      }
      if let seed = try arguments.count(option: "seed") { options.seed = UInt64(seed) }
      let result = try arguments.critics(at: arguments.range(0)) {
        try ChainLipschitz(
          stages: chain.stages, activation: chain.activation, options: options, limit: arguments.elementLimit,
          isInterrupted: { context.isInterrupted },
          progress: { stage, fraction in
            context.progress("netlip", done: Int(fraction * 1000), of: 1000, detail: stage)
          })
      }
      context.print(lines: render(result, chain: chain, format: context.format, width: context.settings.width))
    }
  }

  /// The report of `netlip`.
  static func render(_ r: ChainLipschitz, chain: NamedChain, format: NumberFormat, width: Int) -> [String] {
    func shape(_ count: Int, _ conv: Convolution?, input: Bool) -> String {
      guard let conv else { return "\(count)" }
      let m = input ? conv.size : conv.outputSize
      return "\(input ? conv.inputChannels : conv.outputChannels)×" + (conv.spatialRank == 2 ? "\(m)×\(m)" : "\(m)")
    }
    func convolution(_ stage: ChainStage) -> Convolution? {
      if case .convolution(let c, _) = stage { return c }
      return nil
    }
    let first = chain.stages[0]
    let widths = [shape(first.inputCount, convolution(first), input: true)]
      + chain.stages.map { shape($0.outputCount, convolution($0), input: false) }
    let act = chain.activation.map(\.description) ?? "any φ with slopes in [0, 1]"
    var head = "  chain " + widths.joined(separator: "→") + ", " + act
    if let conv = chain.stages.lazy.compactMap(convolution).first {
      let positions = conv.spatialRank == 2 ? "\(conv.size)×\(conv.size)" : "\(conv.size)"
      head += "; convolutions from n = \(positions), \(conv.padding.rawValue) padding, stride \(conv.stride)"
    }
    var lines = [head]
    var table = ReportTable(header: [], indent: "    ", width: width)
    var estimated = false
    for (l, name) in chain.names.enumerated() {
      switch chain.stages[l] {
      case .dense(let layer):
        table.rows.append([subscripted("σ", l + 1), format.string(r.sigmas[l]), "\(name), \(layer.weight.shape)"])
      case .convolution(let c, _):
        let norms = r.convolutionNorms[l]
        if let run = norms?.lanczos {
          estimated = true
          table.rows.append([
            subscripted("σ", l + 1), format.string(r.sigmas[l]),
            "\(name), \(c.kernel.shapeText): ‖C‖₂ by Lanczos (\(run.iterations) steps, \(run.converged ? "converged" : "not converged"), from below)",
          ])
          table.rows.append([
            "", format.string(r.certifiedSigmas[l]),
            "its ceiling: the circular stride-1 norm on n = \(norms?.ceilingSize ?? c.size), exact by the FFT",
          ])
        } else {
          table.rows.append([
            subscripted("σ", l + 1), format.string(r.sigmas[l]), "\(name), \(c.kernel.shapeText): ‖C‖₂, exact by the FFT",
          ])
        }
      }
    }
    table.rows.append([
      "product", format.string(r.product), estimated ? "Π σ₁, with Lanczos estimates: not certified" : "upper bound Π σ₁",
    ])
    var pieces: [String] = []
    var l = 0
    for size in r.blocks {
      if size == 2, let pair = r.pairs[l] {
        let how = pair.closed ? (pair.gap <= 1e-12 ? "exact" : "closed") : "stopped"
        pieces.append(
          "\(chain.names[l + 1])·\(chain.names[l]) over patterns (\(pair.isFrobenius ? "‖·‖_F, " : "")\(pair.nodes) node\(pair.nodes == 1 ? "" : "s"), \(how))")
      } else if chain.stages[l].dense == nil {
        pieces.append((r.convolutionNorms[l]?.lanczos == nil ? "‖C‖₂ of " : "ceiling of ") + chain.names[l])
      } else {
        pieces.append("σ₁ of \(chain.names[l])")
      }
      l += size
    }
    table.rows.append(["certified", format.string(r.upper), "upper bound: " + pieces.joined(separator: " × ")])
    if let best = r.bestPattern {
      table.rows.append([
        "best pattern", format.string(best),
        "‖W₂DW₁‖₂ of the branch and bound's best pattern, " + (r.bestPatternRealised ? "realised by an input" : "no input found that realises it"),
      ])
    }
    if let x = r.attained {
      let what = chain.stages.count == 1
        ? "lower bound: one linear map, J = W₁ at every x"
        : chain.activation?.isPiecewiseLinear == true
        ? "lower bound at x below: pattern realised, smallest |pre-activation| \(format.string(x.margin))"
        : "lower bound at x below: the derivative there"
      table.rows.append(["‖J(x)‖₂", format.string(x.value), what])
      let interval = "[\(format.string(r.lower)), \(format.string(r.upper))]"
      table.rows.append(["interval", interval, r.isExact ? "exact: the bounds meet" : "relative gap \(format.string(r.gap))"])
    } else {
      table.rows.append([
        "lower bound", "—",
        chain.activation == nil
          ? "none without the activation (act=relu, leaky or tanh gives one)" : "none: interrupted before an input was tried",
      ])
    }
    lines += table.render()
    if r.interrupted { lines.append("  interrupted: the bounds hold, the searches stopped early") }
    if let x = r.attained, x.x.count > 512 {
      lines.append("  x: \(x.x.count) entries, not shown")
    } else if let x = r.attained {
      lines += wrappedLine(
        "x = [" + x.x.map(format.string).joined(separator: ", ") + "]", at: ", ", width: width, indent: "  ", hang: 5)
    }
    return lines
  }
}
