// `lip c [interval]`: a critic's Lipschitz constant — exact for ReLU/LeakyReLU nets from their
// breakpoints (MATH.md §7), a labelled estimate for tanh — beside a grid estimate and the
// layer-wise upper bounds Π‖W_l‖₂, Π‖W_l‖F and clipping's Π max|w|·sqrt(mn).

import Critics
import DenseMatrix
import TermPlot

/// The numbers behind `lip c`.
struct LipReport {
  /// One row: what, its value, what it means.
  struct Row {
    var name: String
    var value: Double
    var meaning: String
  }

  /// The interval the constant is taken over.
  var interval: ClosedRange<Double>
  /// The library's report.
  var report: LipschitzReport
  /// Π max|w_l|·sqrt(m_l n_l) · Lip(φ)^(L−1), the bound weight clipping controls.
  var clippingBound: Double
  /// The critic's normalization layer (LayerNorm changes the labels and the bounds).
  var featureNormalization: FeatureNormalization
  private var layerNorm: Bool { featureNormalization == .layer }

  /// Computes every quantity of `critic` on `interval`.
  init(_ critic: MLPCritic, on interval: ClosedRange<Double>) throws {
    self.interval = interval
    report = try ExactLipschitz.of(critic, on: interval)
    featureNormalization = critic.featureNormalization
    let layers = critic.effectiveLayers
    let factor = critic.activation.lipschitzConstant
    clippingBound = layers.indices.reduce(1) { bound, l in
      bound * layers[l].weight.clippingBound * (l < layers.count - 1 ? factor : 1)
    }
    if layerNorm { clippingBound = critic.normalizationLayers.reduce(clippingBound) { $0 * $1.layerNormBound } }
  }

  /// The rows, the constant first.
  func rows(_ format: NumberFormat) -> [Row] {
    let constant = report.isExact
      ? Row(name: "‖f‖_L", value: report.value, meaning: "exact: max |slope| of \(report.pieceCount ?? 0) pieces")
      : Row(
        name: "‖f‖_L ≈", value: report.value,
        meaning: layerNorm
          ? "fine-grid value: max |f'| on 100001 points (LayerNorm: not piecewise linear, not exact)"
          : "estimate: max |f'| on 100001 points")
    return [
      constant,
      Row(name: "grid", value: report.gridEstimate, meaning: "max |Δf/Δx| on \(report.gridPoints) points, ≤ ‖f‖_L to rounding"),
      Row(
        name: "Π‖W_l‖₂", value: report.spectralBound,
        meaning: layerNorm
          ? "bound: product of spectral norms × max|γ|/sqrt(ε) per LayerNorm"
          : "bound: product of spectral norms"),
      Row(name: "Π‖W_l‖F", value: report.frobeniusBound, meaning: "bound: product of Frobenius norms"),
      Row(name: "Π max|w|·sqrt(mn)", value: clippingBound, meaning: "clipping's bound, ≤ Π c·sqrt(mn)"),
    ]
  }

  /// The table and a bar chart of each value ÷ ‖f‖_L, fitted to `width`.
  func render(title: String, format: NumberFormat, width: Int, style: PlotStyle) -> [String] {
    let rows = rows(format)
    let constant = report.value
    var table = ReportTable(header: ["", "value", "÷ ‖f‖_L", "what it is"])
    for row in rows {
      let ratio = constant > 0 ? format.string(row.value / constant) : "—"
      table.rows.append([row.name, format.string(row.value), ratio, row.meaning])
    }
    table.width = width
    var rendered = table.render()
    if rendered.contains(where: { $0.count > width }) {
      table.header.removeLast()
      table.rows = table.rows.map { Array($0.dropLast()) }
      rendered = table.render()
    }
    var lines = wrappedLine(title, at: " ", width: width, indent: "", hang: 4) + rendered
    if report.isExact {
      lines += wrappedLine(
        "the steepest piece is at x = \(format.string(report.attainedAt)); layer-wise bounds include Lip(φ) per hidden layer",
        at: "; ", width: width, indent: "  ")
    }
    if featureNormalization == .batch {
      lines += wrappedLine(
        "BatchNorm in evaluation mode: γ(h − μ)/sqrt(σ² + ε) + β with the running μ, σ², an affine map per feature folded into the layers",
        at: " ", width: width, indent: "  ")
    }
    guard constant > 0 else { return lines + ["  (f is constant here: there are no ratios to draw)"] }
    return lines + ratioChart(
      rows.map { Bar($0.name, $0.value / constant) }, dividedBy: "‖f‖_L", width: width,
      style: style, format: format)
  }
}

extension CommandTable {
  /// `lip c [interval]`, and `lip` of a normalization layer.
  static var lip: CommandSpec {
    CommandSpec(
      "lip",
      summary: "a critic's or model's Lipschitz constant, exact for relu/leaky, beside a grid estimate and the layer-wise bounds; or one normalization layer's",
      help: [
        "A ReLU or LeakyReLU network on the line is piecewise linear: its breakpoints are found exactly, layer by layer, and ‖f‖_L is the largest |slope| of its pieces on the interval. A tanh network is smooth: its constant is estimated as max |f'| on a fine grid and labelled as an estimate.",
        "Beside it: the grid estimate max |Δf/Δx| (a lower bound), and the upper bounds Π‖W_l‖₂ (the product of spectral norms, what spectral normalization makes 1), Π‖W_l‖F (what weight decay shrinks) and Π max|w|·sqrt(mn) (what weight clipping controls), each times Lip(φ) per hidden layer.",
        "The interval is the span of the critic's last training data ([−4, 4] before training) unless given as [a b]. lip m does the same for a regression model (mlp) on its last fit's inputs widened by δ ([−1, 1] before any fit).",
      ] + lipLayerHelp,
      signature: Signature(
        [Parameter("c", .variable, values: lipLayerNames), Parameter("interval", required: false)],
        options: lipLayerOptions)
    ) { context throws(Diagnostic) in
      let a = context.arguments
      if let word = a.text(0), lipLayerNames.contains(word) { return try layerLipschitz(context) }
      let (name, value) = try a.variable(0)
      if case .object(_ as BatchNormValue) = value {
        guard a.count == 1 else {
          throw Diagnostic("'lip \(name)' takes nothing more: a BatchNorm layer's constant needs no input", at: a.range(1))
        }
        return try layerLipschitz(context)
      }
      guard case .object(let object as any NetworkValue) = value else {
        throw Diagnostic(
          "'\(name)' is \(value.article); 'lip' needs a critic, a model, a BatchNorm layer or a layer's name",
          at: a.range(0), notes: ["lip c, lip m, lip bn, lip layernorm x, lip batchnorm x, lip groupnorm x groups=G, lip weightnorm V"])
      }
      for option in lipLayerOptions where a.has(option.key) {
        throw Diagnostic("\(option.key)= is an option of a layer's constant, not of a \(object.typeName)'s", at: a.range(option: option.key))
      }
      var interval = object.span
      var origin = object.spanOrigin
      if a.count > 1 {
        let ends = try a.vector(1)
        guard ends.count == 2, ends[0].isFinite, ends[1].isFinite, ends[0] < ends[1] else {
          throw Diagnostic("the interval must be [a b] with finite a < b", at: a.range(1))
        }
        interval = ends[0] ... ends[1]
        origin = "as asked"
      }
      let report = try a.critics { try LipReport(object.network, on: interval) }
      let format = context.format
      let title = "\(name) : \(object.architecture) on [\(format.string(interval.lowerBound)), \(format.string(interval.upperBound))] (\(origin))"
        + (object.network.normalization != nil ? ", layers W/σ with the kept u" : "")
      context.print(
        lines: report.render(
          title: title, format: format, width: context.settings.width,
          style: context.settings.unicodePlots ? .unicode : .ascii))
    }
  }
}
