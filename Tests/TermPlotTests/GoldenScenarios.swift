// The plots the golden tests pin down, one per plot kind and style: what `plot c`, `plot p`,
// `norms` and `compare` will draw, at small sizes.
import Foundation

@testable import TermPlot

enum GoldenScenario {
  /// A critic-like plot: two series, a reference line, marked intervals, two density strips.
  static func critic(_ style: PlotStyle) -> [String] {
    let xs = (0...16).map { Double($0) / 2 }
    var plot = LinePlot(title: "critic", width: 44, height: 8, style: style)
    plot.series = [
      Series("f", x: xs, y: xs.map { 1.5 * sin($0) }), Series("g", x: xs, y: xs.map { $0 / 4 - 1 }),
    ]
    plot.referenceLines = [ReferenceLine(y: 1, label: "y=1")]
    plot.marks = XMarks(label: "f>1", x: xs, holds: xs.map { 1.5 * sin($0) > 1 })
    plot.strips = [
      DensityStrip(label: "real", density: { exp(-($0 - 6) * ($0 - 6)) }, height: 2),
      DensityStrip(label: "fake", samples: [1, 1.2, 1.5, 2, 2, 2.1, 2.5, 3], height: 2),
    ]
    plot.xLabel = "x"
    return plot.render()
  }

  /// A convergence plot on a log axis: a connected series and a scatter series.
  static func convergence(_ style: PlotStyle) -> [String] {
    var plot = LinePlot(title: "power iteration", width: 40, height: 6, style: style, yScale: .log10)
    plot.series = [
      Series("observed", y: (1...12).map { pow(0.3, Double($0)) }),
      Series("predicted", y: (1...12).map { 2 * pow(0.3, Double($0)) }, connected: false),
    ]
    return plot.render()
  }

  /// The `norms` bars: ratios to ‖W‖₂ with the mark at 1.
  static func norms(_ style: PlotStyle) -> [String] {
    BarChart(
      title: "× ‖W‖₂",
      bars: [
        Bar("‖W‖F", 1.25), Bar("sqrt(rank)·‖W‖₂", 2.0.squareRoot()), Bar("sqrt(‖W‖₁‖W‖∞)", 1),
        Bar("max|w|·sqrt(mn)", 2),
      ], width: 44, style: style, reference: 1
    ).render()
  }

  /// Two small plots side by side, as `compare` shows them.
  static func compare(_ style: PlotStyle) -> [String] {
    let a = LinePlot(title: "sn", series: [Series("", x: [0, 1, 2], y: [0, 1, 0])], width: 22, height: 3, style: style)
    let b = LinePlot(title: "gp", series: [Series("", x: [0, 1, 2], y: [1, 0, 1])], width: 22, height: 4, style: style)
    return hstack([a.render(), b.render()], gap: 2)
  }
}
