// Alignment through PlotFrame: density strips and marks under a plot, and stacked plots, put the
// same x value in the same display column.
import Foundation
import Testing

@testable import TermPlot

@Test(arguments: PlotStyle.allCases)
func aSampleLandsUnderThePlottedPointOfTheSameX(style: PlotStyle) {
  var rng = SplitMix64(seed: 3)
  for _ in 0..<40 {
    let x = Double.random(in: -5...5, using: &rng)
    let strip = DensityStrip(label: "real", samples: [x], height: 1)
    let plot = LinePlot(
      series: [Series("", x: [x], y: [0])], width: Int.random(in: 30...90, using: &rng),
      height: 3, style: style, xRange: -5...5, yRange: -1...1, strips: [strip])
    let frame = plot.frame()
    let lines = plot.render()
    let canvasRows = lines[1...frame.rows]
    let stripLine = lines[lines.count - 1]
    // The single drawn pixel and the single non-blank strip cell share a display column.
    let blank: Set<Character> = [" ", "|", "│", "+", "┤"]
    let pointColumns = canvasRows.flatMap { line in
      Array(line).indices.filter { $0 >= frame.leftMargin && !blank.contains(Array(line)[$0]) }
    }
    let stripColumns = Array(stripLine).indices.filter {
      $0 >= frame.leftMargin && !blank.contains(Array(stripLine)[$0])
    }
    #expect(pointColumns.count == 1 && pointColumns == stripColumns)
    #expect(stripColumns == [frame.leftMargin + (frame.column(for: x) ?? -1)])
  }
}

@Test func columnWeightsBinSamplesAndSampleDensitiesAtColumnCentres() throws {
  // y labels 0, 0.5, 1 take 3 columns; 27 − 3 − 3 leaves 21 cells, one per x on [0, 20].
  let plot = LinePlot(series: [], width: 27, height: 3, xRange: 0...20, yRange: 0...1)
  let frame = plot.frame()
  try #require(frame.columns == 21)
  let strip = DensityStrip(label: "", samples: [0, 0.4, 0.6, 7, 7.49, 20, 21, .nan])
  let weights = strip.columnWeights(in: frame)
  #expect(weights[0] == 2 && weights[1] == 1 && weights[7] == 2 && weights[20] == 1)
  #expect(weights.reduce(0, +) == 6)  // 21 is outside the range, NaN is ignored
  let density = DensityStrip(label: "", density: { $0 * $0 })
  #expect(density.columnWeights(in: frame) == (0...20).map { Double($0 * $0) })
  let hostile = DensityStrip(label: "", density: { $0 < 10 ? -1 : .nan })
  #expect(hostile.columnWeights(in: frame).allSatisfy { $0 == 0 })
}

@Test(arguments: PlotStyle.allCases)
func stripHeightsFollowTheWeights(style: PlotStyle) {
  let plot = LinePlot(series: [], width: 26, height: 3, style: style, xRange: 0...20, yRange: 0...1)
  let frame = plot.frame()
  // Weights 4, 2, 1 over four rows: 4, 2 and 1 rows filled (ASCII), 32, 16, 8 eighths (Unicode).
  let strip = DensityStrip(label: "d", density: { x in x < 0.5 ? 4 : x < 1.5 ? 2 : x < 2.5 ? 1 : 0 }, height: 4)
  let lines = strip.render(in: frame)
  expectEqualWidths(lines, atMost: frame.width)
  #expect(lines.count == 4 && lines.allSatisfy { displayColumns($0) == frame.width })
  let value: [Character: Int] = style == .ascii
    ? ["#": 8] : ["▁": 1, "▂": 2, "▃": 3, "▄": 4, "▅": 5, "▆": 6, "▇": 7, "█": 8]
  let filled = (0..<3).map { c in
    lines.reduce(0) { $0 + (value[Array($1)[frame.leftMargin + c]] ?? 0) }
  }
  #expect(filled == [32, 16, 8])
  #expect(Array(lines[3])[frame.labelWidth - 1] == "d" && lines[0].hasPrefix(String(repeating: " ", count: frame.leftMargin - 1)))
}

@Test func alignedPlotsShareTheirCanvasColumns() {
  let xs = (0...20).map(Double.init)
  let f = LinePlot(series: [Series("f", x: xs, y: xs.map { $0 * 1000 })], width: 50, height: 5)
  let slope = LinePlot(
    series: [Series("|f'|", x: xs, y: xs.map { _ in 0.5 })], width: 50, height: 5,
    referenceLines: [ReferenceLine(y: 1, label: "1")])
  #expect(f.frame().leftMargin != slope.frame().leftMargin)
  let both = LinePlot.aligned([f, slope])
  let frames = both.map { $0.frame() }
  #expect(frames[0].leftMargin == frames[1].leftMargin && frames[0].columns == frames[1].columns)
  #expect(frames[0].width == 50 && frames[1].width == 50)
  for x in xs { #expect(frames[0].column(for: x) == frames[1].column(for: x)) }
  expectEqualWidths(vstack(both.map { $0.render() }), atMost: 50)
}

@Test(arguments: PlotStyle.allCases)
func criticPanelsLineUpColumnForColumn(style: PlotStyle) {
  // The layout of `plot c`: f(x) with the densities beneath, then |f'(x)| with the line at 1.
  let xs = (0...200).map { -4 + Double($0) * 0.04 }
  let fx = xs.map { 3 * tanh($0) }
  let dfx = xs.map { 3 / (cosh($0) * cosh($0)) }
  var f = LinePlot(title: "critic", width: 72, height: 10, style: style, xRange: -4...4)
  f.series = [Series("f(x)", x: xs, y: fx)]
  f.strips = [
    DensityStrip(label: "real", samples: xs.map { $0 / 4 + 2 }),
    DensityStrip(label: "fake", samples: xs.map { $0 / 2 - 2 }),
  ]
  var slope = LinePlot(title: "|f'(x)|", width: 72, height: 6, style: style, xRange: -4...4)
  slope.series = [Series("|f'(x)|", x: xs, y: dfx)]
  slope.referenceLines = [ReferenceLine(y: 1, label: "1")]
  slope.marks = XMarks(label: "> 1", x: xs, holds: dfx.map { $0 > 1 })
  let panels = LinePlot.aligned([f, slope])
  let lines = vstack(panels.map { $0.render() }, gap: 1)
  expectEqualWidths(lines, atMost: 72)
  let frame = panels[1].frame()
  #expect(panels[0].frame().leftMargin == frame.leftMargin)
  // 3/cosh²(x) > 1 ⇔ |x| < acosh(√3) ≈ 0.658: the marked columns are exactly those whose
  // x-interval meets the run of grid points inside (half-way to the first points outside).
  let markRow = lines.first { $0.hasPrefix(String(repeating: " ", count: frame.labelWidth - 3) + "> 1") }
  let glyph = style == .ascii ? Character("^") : "▲"
  let marked = Array(markRow ?? "").indices.filter { Array(markRow ?? "")[$0] == glyph }
    .map { $0 - frame.leftMargin }
  let boundary = acosh(3.0.squareRoot())
  let inside = xs.filter { abs($0) < boundary }
  let lo = (inside.first! + inside.first! - 0.04) / 2
  let hi = (inside.last! + inside.last! + 0.04) / 2
  let expected = (0..<frame.columns).filter {
    let span = frame.xInterval(ofColumn: $0)
    return span.lowerBound <= hi && span.upperBound >= lo
  }
  #expect(!marked.isEmpty && marked == expected)
  #expect(marked.allSatisfy { abs(frame.xCenter(ofColumn: $0)) < boundary + 0.2 })
}
