// `lip` of a layer: the Lipschitz constant of one normalization layer (MATH.md §8). Evaluation-mode
// BatchNorm is a diagonal affine map, max_c |γ_c|/sqrt(running var_c + ε) exactly; LayerNorm's
// Jacobian at an input, against its worst case max|γ|/sqrt(ε) that it approaches as the input's
// spread shrinks; training-mode BatchNorm as a map of the whole batch, whose Jacobian couples
// the samples; Weight Norm's ‖W‖₂ between max|g| and ‖g‖₂, against spectral normalization's 1.

import DenseMatrix
import TermPlot

extension CommandTable {
  /// The layers `lip` takes by name, beside a critic or a BatchNorm layer.
  static let lipLayerNames = ["layernorm", "batchnorm", "instancenorm", "groupnorm", "weightnorm"]

  /// `lip`'s help for layers.
  static let lipLayerHelp = [
    "lip bn (a layer from bnlayer): evaluation mode normalises with the running statistics, y_c = γ_c (x_c − μ_c)/sqrt(v_c + ε) + β_c, a diagonal affine map whose constant is exactly max_c |γ_c|/sqrt(v_c + ε), far above 1 when a channel's running variance is small.",
    "lip layernorm x: LayerNorm of each sample (as layernorm(x)) has the Jacobian diag(γ)/sqrt(σ² + ε)·(I − 11ᵀ/d − x̂x̂ᵀ/d) over its d entries; its spectral norm (exact SVD, the largest over the samples) is at most max|γ|/sqrt(σ² + ε), and grows toward the worst case max|γ|/sqrt(ε) (≈ 316·max|γ| at ε = 1e-5) as the input's spread shrinks: the table shows it at x scaled by 1, 0.1, … 1e-4, and a plot draws ‖J‖₂ at s·x against s from 1e-5 to 1 on log axes, under the worst case: flat at max|γ|/sqrt(ε) while the spread is below sqrt(ε), then falling as 1/s. LayerNorm is Lipschitz only thanks to ε.",
    "lip batchnorm x (likewise instancenorm, groupnorm with groups=): training mode, where the statistics come from the batch, as one map of all N·C·H·W entries; for batchnorm a block per channel couples the samples, so sample 1's output moves with sample 2's input (‖∂y₁/∂x₂‖₂ is shown) and a per-sample gradient does not exist in isolation.",
    "lip weightnorm V [g=]: the rows g_i v_i/‖v_i‖ of weightnorm(V, g=g) have ‖W‖₂ between max|g| and ‖g‖₂ = ‖W‖F, depending on how the directions line up; sn(W) has exactly 1.",
  ]

  /// The options `lip` takes for layers.
  static let lipLayerOptions = [
    OptionSpec("gamma", help: "γ, one value per channel (default 1)"),
    OptionSpec("eps", help: "ε (default 1e-5)"),
    OptionSpec("groups", help: "G for groupnorm"),
    OptionSpec("g", help: "weightnorm's lengths: a number or one per row (default 1)"),
  ]

  /// `lip bn`, `lip layernorm x`, `lip batchnorm x`, `lip instancenorm x`, `lip groupnorm x
  /// groups=G`, `lip weightnorm V [g=]`: the table of one layer's constant.
  static func layerLipschitz(_ context: CommandContext) throws(Diagnostic) {
    let arguments = context.arguments
    let word = arguments.text(0) ?? ""
    let format = context.format
    var table = ReportTable(header: ["", "value", "what it is"])
    var plot: [String] = []
    func row(_ name: String, _ value: Double, _ meaning: String) {
      table.rows.append([name, format.string(value), meaning])
    }
    switch word {
    case "weightnorm":
      let v = try arguments.matrix(1)
      let g = try arguments.vector(option: "g") ?? [1]
      let limit = arguments.elementLimit
      let w = try core(at: arguments.range(1)) { try v.weightNormalized(g: g, limit: limit) }
      let spectral = try core(at: arguments.range(1)) { try w.spectralNorm() }
      context.print("  weightnorm(\(arguments.label(1) ?? "V")) : \(w.shape), rows g_i·v_i/‖v_i‖")
      row("‖W‖₂", spectral, "exact (SVD)")
      row("max|g|", g.map { Swift.abs($0) }.max() ?? 0, "lower bound: the longest row")
      row("‖g‖₂", Vector.norm(g.count == 1 ? [Double](repeating: g[0], count: v.rows) : g), "upper bound, = ‖W‖F")
      row("‖sn(W)‖₂", 1, "spectral normalization, for comparison")
    case "layernorm", "batchnorm", "instancenorm", "groupnorm":
      let x = try FunctionTable.batch(arguments, 1)
      let layout = try core(at: arguments.range(1)) { try ChannelLayout(x.shape) }
      let gamma = try FunctionTable.channelOption(arguments, "gamma", layout)
      let eps = try FunctionTable.epsilon(arguments)
      let method: NormalizationMethod
      switch word {
      case "layernorm": method = .layer
      case "instancenorm": method = .instance
      case "batchnorm": method = .batch
      default: method = try FunctionTable.groupMethod(arguments, layout, what: "lip groupnorm", at: arguments.range)
      }
      let limit = context.arguments.elementLimit
      let report = try core(at: arguments.range(1)) {
        try LayerLipschitz(x, method, gamma: gamma, epsilon: eps, limit: limit)
      }
      context.print(
        "  \(word)(\(arguments.label(1) ?? "x")) in training mode: \(x.shapeText), \(report.groups) group\(report.groups == 1 ? "" : "s") of \(report.entries) entries")
      row("‖J‖₂", report.norm, "σ₁ of ∂y/∂x at x (exact SVD of each group's block)")
      row("max|γ|/sqrt(σ²+ε)", report.boundAtInput, "bound at x: the smallest group variance σ²")
      row("max|γ|/sqrt(ε)", report.worstCase, "worst case, as the input's variance → 0")
      if method == .layer {
        for (s, norm) in report.scaled { row("‖J‖₂ at \(format.string(s))·x", norm, "the input's spread shrunk") }
        var curve = LinePlot(
          title: "‖J‖₂ of \(word)(s·x) against s (log axes)",
          series: [Series("‖J‖₂", x: report.curve.map(\.0), y: report.curve.map(\.1), marker: "*")],
          width: context.settings.width - 2, height: 10, style: context.settings.unicodePlots ? .unicode : .ascii,
          xScale: .log10, yScale: .log10,
          referenceLines: [ReferenceLine(y: report.worstCase, label: "max|γ|/sqrt(ε)")], xLabel: "s")
        curve.format = { format.string($0) }
        curve.showsLegend = false
        plot = [""] + curve.render().map { "  " + $0 }
      }
      if let coupling = report.coupling {
        row("‖∂y₁/∂x₂‖₂", coupling, "sample 1's output moves with sample 2's input")
      }
    default:
      let (name, layer) = try arguments.object(0, as: BatchNormValue.self, what: "a BatchNorm layer (bnlayer)")
      let (constant, channel) = layer.evaluationLipschitz
      context.print("  \(name) in evaluation mode: \(layer.width) channels, after \(layer.steps) training step\(layer.steps == 1 ? "" : "s")")
      row("max|γ_c|/sqrt(v_c+ε)", constant, "exact: a diagonal affine map; largest at channel \(channel + 1)")
    }
    context.print(lines: table.render() + plot)
  }
}

/// The numbers behind `lip layernorm x` and the other training-mode layers.
struct LayerLipschitz {
  /// ‖∂y/∂x‖₂ at x.
  var norm: Double
  /// max|γ|/sqrt(min σ² + ε), which bounds `norm` (each block is a projection times diag(γ)·r).
  var boundAtInput: Double
  /// max|γ|/sqrt(ε), the supremum over all inputs.
  var worstCase: Double
  /// ‖J‖₂ at s·x for s = 1, 0.1, …, 1e-4 (LayerNorm only).
  var scaled: [(Double, Double)]
  /// ‖J‖₂ at s·x for s = 10^(−5 + k/3), k = 0 … 15 (LayerNorm only): the curve `lip` draws.
  var curve: [(Double, Double)]
  /// ‖∂y₁/∂x₂‖₂ (sample 1's outputs against sample 2's inputs) when it is not identically zero
  /// by construction, i.e. when the groups span samples (BatchNorm with N ≥ 2).
  var coupling: Double?
  /// The number of groups and the entries of each.
  var groups: Int
  var entries: Int

  init(_ x: Tensor, _ method: NormalizationMethod, gamma: [Double]?, epsilon: Double, limit: Int) throws {
    let layout = try ChannelLayout(x.shape)
    let g = try Normalization.channelValues(gamma, "gamma", default: 1, layout)
    let top = g.map { Swift.abs($0) }.max() ?? 0
    let (_, variance, entries) = try Normalization.groupStatistics(x, method)
    self.groups = variance.count
    self.entries = entries
    let blocks = try Normalization.jacobianBlocks(x, method, gamma: gamma, epsilon: epsilon, limit: limit)
    norm = try blocks.reduce(0) { Swift.max($0, try $1.block.singularValues().first ?? 0) }
    boundAtInput = top / ((variance.min() ?? 0) + epsilon).squareRoot()
    worstCase = top / epsilon.squareRoot()
    scaled = []
    curve = []
    if method == .layer {
      func norm(at s: Double) throws -> Double {
        try Normalization.jacobianNorm(try x.mapped { $0 * s }, method, gamma: gamma, epsilon: epsilon, limit: limit)
      }
      for s in [1, 0.1, 0.01, 1e-3, 1e-4] { scaled.append((s, try norm(at: s))) }
      for k in 0 ... 15 {
        let s = Double.pow(10, Double(k - 15) / 3)
        curve.append((s, try norm(at: s)))
      }
    }
    coupling = nil
    if method == .batch, layout.samples >= 2 {
      let sampleSize = layout.channels * layout.positions
      var worst = 0.0
      for (offsets, block) in blocks {
        let rows = offsets.indices.filter { offsets[$0] / sampleSize == 0 }
        let columns = offsets.indices.filter { offsets[$0] / sampleSize == 1 }
        let sub = try Matrix.generated(rows.count, columns.count, limit: limit) { k in
          block[rows[k / columns.count], columns[k % columns.count]]
        }
        worst = Swift.max(worst, try sub.singularValues().first ?? 0)
      }
      coupling = worst
    }
  }
}
