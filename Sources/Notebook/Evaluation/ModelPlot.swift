// `plot m` for a regression model: f(x) over its data with the training points and the test
// curve, and under it |f′(x)| with the target's slope marked and the intervals where the model is
// steeper — the picture of what a Lipschitz method did to a fit. The slope samples and steep
// intervals are shared with the critic plot.

import Critics
import TermPlot

extension NetworkValue {
  /// f and f' on `points` grid points, the Lipschitz report on `span`, and the intervals where
  /// |f'| > `threshold` (exact pieces for relu/leaky, grid runs for tanh).
  func slopes(on span: ClosedRange<Double>, points: Int, above threshold: Double = 1) throws(Diagnostic)
    -> (CriticSamples, LipschitzReport, [ClosedRange<Double>])
  {
    do {
      let samples = try network.evaluate(on: span, count: points)
      let lip = try ExactLipschitz.of(network, on: span)
      let steep: [ClosedRange<Double>]
      if let pieces = try ExactLipschitz.pieces(of: network, on: span) {
        steep = pieces.steepIntervals(above: threshold)
      } else {
        steep = XMarks(label: "", x: samples.x, holds: samples.slope.map { Swift.abs($0) > threshold }).intervals
      }
      return (samples, lip, steep)
    } catch let error as CriticError {
      throw error.diagnostic(at: nil)
    } catch {
      throw Diagnostic("\(error)")
    }
  }
}

extension ModelValue: Plottable {
  /// The two panels and the summary line; every line has the same width.
  /// Cost: about 4·width evaluations of f and f', plus the exact Lipschitz constant.
  func plot(name: String, settings: Settings) throws(Diagnostic) -> [String] {
    let style: PlotStyle = settings.unicodePlots ? .unicode : .ascii
    let width = settings.width
    let span = self.span
    let bound = targetSlope ?? 1
    let (samples, lip, steep) = try slopes(on: span, points: max(201, 4 * width), above: bound)
    let format = NumberFormat(digits: min(settings.digits, 4))

    var series = [Series("f(x)", x: samples.x, y: samples.value, marker: "*")]
    if let data {
      if data.hasTest {
        let order = data.testX.indices.sorted { data.testX[$0] < data.testX[$1] }
        series.insert(
          Series("test", x: order.map { data.testX[$0] }, y: order.map { data.testY[$0] }, marker: "."), at: 0)
      }
      var points = Series("training points", x: data.x, y: data.y, marker: "o", connected: false)
      points.pointMark = "o"
      series.append(points)
    }
    let fitted = method.map { ", fitted with method=\($0.rawValue)" } ?? ", unfitted"
    let f = LinePlot(
      title: "\(name): f(x)\(fitted)", series: series, width: width, height: 12, style: style,
      xRange: span)

    let magnitudes = samples.slope.map { Swift.abs($0) }
    let steepest = magnitudes.max() ?? 0
    // NOTE: as for critics, slopes far from the marked one lie flat on a linear axis.
    let logScale = steepest > 10 * bound || (steepest > 0 && steepest < 0.05 * bound)
    let label = targetSlope.map { "target slope \(format.string($0))" } ?? "1"
    var slope = LinePlot(
      title: "|f′(x)|\(logScale ? " (log scale)" : "") and the line at \(label)",
      series: [Series("|f'(x)|", x: samples.x, y: magnitudes, marker: "*")],
      width: width, height: 8, style: style, xRange: span,
      yRange: logScale ? nil : 0 ... max(1.25 * bound, steepest * 1.05),
      yScale: logScale ? .log10 : .linear,
      referenceLines: [ReferenceLine(y: bound, label: format.string(bound))],
      marks: XMarks(label: "> \(format.string(bound))", intervals: steep), xLabel: "x")
    slope.showsLegend = false

    let aligned = LinePlot.aligned([f, slope])
    var lines = vstack([aligned[0].render(), aligned[1].render()], gap: 1)
    let kind = lip.isExact ? "exact" : "estimate"
    lines.append(
      "  ‖f‖_L = \(format.string(lip.value)) (\(kind)) on [\(format.string(span.lowerBound)), \(format.string(span.upperBound))]"
        + (targetSlope.map { ", the target's slope \(format.string($0))" } ?? ""))
    let common = lines.map(TextWidth.of).max() ?? width
    return lines.map { TextWidth.padded($0, to: common) }
  }
}
