// `svd W`: every singular value, as a bar chart scaled to σ₁, with the middle elided for long
// spectra — the picture behind easy (a gap after σ₁) and hard (σ₂ ≈ σ₁) power iteration.

import DenseMatrix
import TermPlot

/// The lines of `svd W`.
struct SingularValueReport {
  /// The singular values, largest first.
  var values: [Double]
  /// The matrix's shape.
  var shape: Shape
  /// The format the matrix's entries came from; its ε sets the rounding level.
  var precision: ElementPrecision
  /// How many values are shown at the top and at the bottom when the middle is elided.
  static let head = 10
  static let tail = 4

  /// The report for `w`. Cost: one SVD without vectors, by `method`.
  init(_ w: Matrix, method: SVDMethod = .fast, at range: SourceRange?) throws(Diagnostic) {
    values = try core(at: range) { try w.singularValues(method: method) }
    shape = w.shape
    precision = w.precision
  }

  /// Indices of the values drawn, and where (after which shown index) the elision goes.
  var shown: (indices: [Int], elidedAfter: Int?) {
    guard values.count > Self.head + Self.tail + 1 else { return (Array(values.indices), nil) }
    let indices = Array(0 ..< Self.head) + Array(values.count - Self.tail ..< values.count)
    return (indices, Self.head - 1)
  }

  /// The header line, the summary and the chart, fitted to `width`.
  func render(title: String, name: String, format: NumberFormat, width: Int, style: PlotStyle) -> [String] {
    let count = values.count
    var lines = ["\(title) : \(shape), \(count) singular value\(count == 1 ? "" : "s")"]
    guard let sigma1 = values.first else { return lines }
    var facts = [
      "σ₁ = ‖\(name)‖₂ = \(format.string(sigma1))",
      "sqrt(Σσᵢ²) = ‖\(name)‖F = \(format.string(Vector.norm(values)))",
    ]
    if count > 1 {
      facts.append("σ₂/σ₁ = \(sigma1 > 0 ? format.string(values[1] / sigma1) : "—")")
    }
    let joined = "  " + facts.joined(separator: ", ")
    lines += joined.count <= width ? [joined] : facts.map { "  " + $0 }
    if count > 1, let last = values.last {
      // NOTE: like `cond`, σ₁/σ_min is Inf only for an exact zero; when σ_min is at the rounding
      // level the ratio is only rounding noise, and the line says so.
      let c = Conditioning(largest: sigma1, smallest: last, shape: shape, epsilon: precision.epsilon)
      let value = c.value.isFinite ? format.string(c.value) : "Inf"
      let reading = c.isNumericallySingular && last > 0
        ? "(the condition number; \(subscripted("σ", count)) is below rounding level)"
        : "(the condition number)"
      lines.append("  σ₁/\(subscripted("σ", count)) = \(value) \(reading)")
    }
    let (indices, elidedAfter) = shown
    let chart = BarChart(
      bars: indices.map { Bar(subscripted("σ", $0 + 1), values[$0]) }, width: width - 2, style: style,
      maximum: sigma1 > 0 ? sigma1 : nil, format: { format.string($0) })
    var rows = chart.render().map { "  " + $0 }
    if let elidedAfter {
      rows.insert("  ⋮  (\(count - indices.count) more)", at: elidedAfter + 1)
    }
    lines.append("")
    return lines + rows + (precision.roundingNote(for: title).map { ["note: " + $0] } ?? [])
  }
}

extension CommandTable {
  /// `svd W`.
  static var svd: CommandSpec {
    CommandSpec(
      "svd",
      summary: "all singular values of W, largest first, with a bar chart or their histogram",
      help: [
        "Computes every singular value exact to rounding and draws them scaled to σ₁. For more than \(SingularValueReport.head + SingularValueReport.tail + 1) values the middle is elided. When σ_min is at or below the rounding level max(m, n)·ε·σ₁ the condition-number line says so; ε is double's, or float32's for a matrix from a float32 file, which a note line then names. The ratio σ₂/σ₁ sets the speed of power iteration: the error of σ shrinks like (σ₂/σ₁)^(4k).",
        FunctionTable.svdMethodHelp,
        "histogram=linear or histogram=log draws, instead of the bars, the empirical spectral density: the histogram of λᵢ = σᵢ² (the eigenvalues of WᵀW) in bins= bins (default 20) of equal width on a linear or a log axis — the picture WeightWatcher draws of a trained layer, whose heavy tail shows on the log axis (a random Gaussian matrix gives the Marchenko–Pastur bulk instead). Bins are half-open [a, b), the last closed, as NumPy's histogram counts; λ = 0 has no place on a log axis and is counted apart. Try svd w(\"2.weight\") histogram=log for a layer of loaded weights.",
      ],
      signature: Signature(
        [Parameter("W")],
        options: [
          FunctionTable.svdMethodOption,
          OptionSpec(
            "histogram", .word, help: "draw the histogram of σᵢ² on a linear or a log axis",
            values: SpectralDensity.Axis.allCases.map(\.rawValue)),
          OptionSpec("bins", help: "the histogram's bins, 1 to 200 (default 20)"),
        ])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      let w = try arguments.matrix(0)
      let label = arguments.label(0) ?? "W"
      let method = try FunctionTable.svdMethod(arguments)
      let axis = try arguments.word(option: "histogram").map { SpectralDensity.Axis(rawValue: $0)! }
      let bins = try arguments.count(option: "bins") ?? 20
      guard (1 ... 200).contains(bins) else {
        throw Diagnostic("bins must be between 1 and 200", at: arguments.range(option: "bins"))
      }
      if axis == nil, arguments.has("bins") {
        throw Diagnostic(
          "bins= is an option of the histogram", at: arguments.range(option: "bins"),
          notes: ["svd W histogram=log bins=\(bins) draws it"])
      }
      let report = try SingularValueReport(w, method: method, at: arguments.range(0))
      let style: PlotStyle = context.settings.unicodePlots ? .unicode : .ascii
      var lines = report.render(
        title: label, name: CommandTable.normSymbol(label), format: context.format,
        width: context.settings.width, style: style)
      if let axis {
        // The summary lines stay; the density replaces the bars.
        let summary = lines.prefix { !$0.isEmpty }
        let density = SpectralDensity(singularValues: report.values, bins: bins, axis: axis)
        lines = summary + [""] + density.render(format: context.format, width: context.settings.width, style: style, axis: axis)
      }
      context.print(lines: lines)
    }
  }
}
