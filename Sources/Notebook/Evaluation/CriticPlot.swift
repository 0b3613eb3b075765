// `plot c` for a critic: f(x) over the span of its data with the real and fake densities drawn
// beneath, and under it |f'(x)| with the line at 1 and the intervals where the slope exceeds 1
// marked — the picture of what a Lipschitz method did to the function and its slope.

import Critics
import TermPlot

extension CriticValue: Plottable {
  /// The two panels and the summary line; every line has the same width.
  /// Cost: about 4·width evaluations of f and f', plus the exact Lipschitz constant.
  func plot(name: String, settings: Settings) throws(Diagnostic) -> [String] {
    let style: PlotStyle = settings.unicodePlots ? .unicode : .ascii
    let width = settings.width
    let span = self.span
    let (samples, lip, steep) = try slopes(on: span, points: max(201, 4 * width))
    let format = NumberFormat(digits: min(settings.digits, 4))

    var f = LinePlot(
      title: "\(name): f(x)" + (method.map { ", trained by \($0.rawValue)" } ?? ", untrained"),
      series: [Series("f(x)", x: samples.x, y: samples.value, marker: "*")],
      width: width, height: 12, style: style, xRange: span)
    f.showsLegend = false
    if let real, let fake { f.strips = [strip("real", real, "#"), strip("fake", fake, "+")] }

    let magnitudes = samples.slope.map { Swift.abs($0) }
    let steepest = magnitudes.max() ?? 0
    // NOTE: slopes far above or far below 1 (an unconstrained or a clipped critic) would lie
    // flat on a linear axis that also shows the line at 1; a log axis keeps both readable.
    let logScale = steepest > 10 || (steepest > 0 && steepest < 0.05)
    var slope = LinePlot(
      title: slopeTitle(logScale: logScale, width: width),
      series: [Series("|f'(x)|", x: samples.x, y: magnitudes, marker: "*")],
      width: width, height: 8, style: style, xRange: span,
      yRange: logScale ? nil : 0 ... max(1.25, steepest * 1.05), yScale: logScale ? .log10 : .linear,
      referenceLines: [ReferenceLine(y: 1, label: "1")],
      marks: XMarks(label: "> 1", intervals: steep), xLabel: "x")
    slope.showsLegend = false

    let aligned = LinePlot.aligned([f, slope])
    var lines = vstack([aligned[0].render(), aligned[1].render()], gap: 1)
    let plotWidth = lines.first.map(TextWidth.of) ?? width
    let kind = lip.isExact ? "exact" : "estimate"
    let head = "  ‖f‖_L = \(format.string(lip.value)) (\(kind)) on [\(format.string(span.lowerBound)), \(format.string(span.upperBound))]"
    let tail: String
    if steep.isEmpty {
      tail = "|f'| ≤ 1 everywhere there"
    } else {
      let shown = steep.prefix(3).map { "[\(format.string($0.lowerBound)), \(format.string($0.upperBound))]" }
      tail = "|f'| > 1 on " + shown.joined(separator: ", ") + (steep.count > 3 ? ", …" : "")
    }
    let summary = head + "; " + tail
    if TextWidth.of(summary) <= plotWidth {
      lines.append(summary)
    } else {
      lines += [head, "  " + tail]
    }
    let common = lines.map(TextWidth.of).max() ?? plotWidth
    return lines.map { TextWidth.padded($0, to: common) }
  }

  /// The slope panel's title, shortened when the plot is too narrow for the whole of it.
  private func slopeTitle(logScale: Bool, width: Int) -> String {
    let scale = logScale ? " (log scale)" : ""
    let full = "|f'(x)|\(scale), the line at 1, and where the slope exceeds 1"
    return TextWidth.of(full) <= width - 4 ? full : "|f'(x)|\(scale) and the line at 1"
  }

  private func strip(_ label: String, _ d: Distribution, _ fill: Character) -> DensityStrip {
    if case .empirical(let xs) = d { return DensityStrip(label: label, samples: xs, height: 2, fill: fill) }
    return DensityStrip(label: label, density: { d.density($0) ?? 0 }, height: 2, fill: fill)
  }
}
