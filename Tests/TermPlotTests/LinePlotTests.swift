// LinePlot: positions of known points and reference lines, log axes, skipped values, degenerate
// input, clamped sizes, marks and the legend.
import Foundation
import Testing

@testable import TermPlot

/// A 0...20 × 0...10 ASCII plot whose canvas is 21 × 11 cells: pixel = value on x, 10 − value on y.
private func gridPlot(_ series: [Series], style: PlotStyle = .ascii) -> LinePlot {
  LinePlot(
    series: series, width: 2 + 3 + 21, height: 11, style: style, xRange: 0...20, yRange: 0...10)
}

@Test func aKnownPointLandsInItsCell() {
  let plot = gridPlot([Series("p", x: [5], y: [7])])
  let frame = plot.frame()
  #expect(frame.columns == 21 && frame.rows == 11 && frame.labelWidth == 2)
  let lines = plot.render()
  // Line 0 is the top border; canvas row r is line 1 + r; column c is display column 4 + c.
  #expect(character(lines[1 + 3], at: frame.leftMargin + 5) == "*")
  #expect(lines.joined().filter { $0 == "*" }.count == 2)  // the point and its legend entry
}

@Test func aKnownPointLandsInItsBrailleDot() {
  let plot = gridPlot([Series("", x: [0, 20], y: [10, 0], connected: false)], style: .unicode)
  let frame = plot.frame()
  let lines = plot.render()
  #expect(character(lines[1], at: frame.leftMargin) == "⠁")  // top-left pixel: dot 1
  #expect(character(lines[frame.rows], at: frame.leftMargin + 20) == "⢀")  // bottom-right: dot 8
}

@Test func referenceLineSitsOnItsRowWithItsLabel() {
  var plot = gridPlot([Series("s", x: [3], y: [4])])
  plot.width += 4
  plot.referenceLines = [ReferenceLine(y: 4, label: "y=4")]
  let frame = plot.frame()
  #expect(frame.rightWidth == 4 && frame.columns == 21)
  let line = plot.render()[1 + 6]  // 10 − 4 = pixel row 6
  let cells = Array(line)[frame.leftMargin..<(frame.leftMargin + frame.columns)]
  #expect(cells.filter { $0 == "-" }.count == 20)  // every cell but the one the data crosses
  #expect(cells.filter { $0 == "*" }.count == 1)
  #expect(line.hasSuffix("| y=4"))
}

@Test func logAxisSkipsNonPositiveValuesAndLabelsDecades() {
  let plot = LinePlot(
    series: [Series("err", y: [1, 1e-2, 0, -3, 1e-4, 1e-6])], width: 40, height: 7, yScale: .log10)
  let lines = plot.render()
  expectEqualWidths(lines, atMost: 40)
  let frame = plot.frame()
  // Six decades, about three tick intervals: every second decade.
  #expect(frame.y.lower == 1e-6 && frame.y.upper == 1 && frame.y.ticks == [1e-6, 1e-4, 1e-2, 1])
  // Six decades over seven rows: a row per decade, 1 on top.
  #expect(lines[1].hasPrefix("     1 +") && lines[3].hasPrefix("  0.01 +"))
  #expect(lines[5].hasPrefix("0.0001 +") && lines[7].hasPrefix(" 1e-06 +"))
  #expect(frame.row(for: 1e-2) == 2)
  #expect(words(lines.suffix(2)).contains("(2 points <= 0 skipped on the log axis)"))
}

@Test func nonFiniteValuesAreSkippedCountedAndBreakTheLine() {
  let plot = LinePlot(
    series: [Series("s", x: [0, 1, 2, 3, 4], y: [0, .nan, 2, .infinity, 4])], width: 30, height: 5)
  let lines = plot.render()
  expectEqualWidths(lines, atMost: 30)
  #expect(words(lines.suffix(2)).contains("(2 non-finite points skipped)"))
  // The three finite points are isolated, so exactly three pixels are drawn.
  #expect(lines.dropLast(3).joined().filter { $0 == "*" }.count == 3)
}

@Test(arguments: PlotStyle.allCases)
func emptyDataRendersAFramedPlotWithANote(style: PlotStyle) {
  for series in [[], [Series("none", y: [])], [Series("nan", y: [.nan, .nan])]] {
    let lines = LinePlot(title: "t", series: series, width: 30, height: 5, style: style).render()
    expectEqualWidths(lines, atMost: 30)
    #expect(lines.contains { $0.contains("no data") })
  }
}

@Test(arguments: PlotStyle.allCases)
func degenerateDataStillDraws(style: PlotStyle) {
  for series in [Series("flat", y: [3, 3, 3, 3]), Series("one", x: [2], y: [5])] {
    let plot = LinePlot(series: [series], width: 30, height: 5, style: style)
    let lines = plot.render()
    expectEqualWidths(lines, atMost: 30)
    let frame = plot.frame()
    #expect(frame.x.lower < frame.x.upper && frame.y.lower < frame.y.upper)
    let canvas = lines[1...frame.rows].joined()
    #expect(canvas.contains { style == .ascii ? $0 == "*" : ("⠁"..."⣿").contains($0) })
  }
}

@Test func sizesBelowTheMinimumAreClamped() {
  let plot = LinePlot(series: [Series("s", y: [1, 2, 3])], width: 3, height: -5)
  let lines = plot.render()
  expectEqualWidths(lines, atMost: LinePlot.minimumWidth)
  #expect(displayColumns(lines[0]) == LinePlot.minimumWidth)
  #expect(plot.frame().rows == LinePlot.minimumHeight)
  let huge = LinePlot(series: [Series("s", y: [1, 2])], width: Int.max, height: Int.max).frame()
  #expect(huge.width == LinePlot.maximumWidth && huge.rows == LinePlot.maximumHeight)
}

@Test func marksCoverTheColumnsOfTheirIntervals() {
  var plot = gridPlot([Series("s", x: [0, 20], y: [0, 10])])
  plot.marks = XMarks(label: "m", intervals: [4...6.2, 15...15])
  let frame = plot.frame()
  let row = plot.render().first { $0.hasPrefix(" m  ") }
  #expect(row != nil)
  let cells = Array(row ?? "")[frame.leftMargin..<(frame.leftMargin + frame.columns)]
  let marked = cells.indices.filter { cells[$0] == "^" }.map { $0 - frame.leftMargin }
  // Columns stand for x ± 0.5; 6.2 lies in column 6 and 15 in column 15.
  #expect(marked == [4, 5, 6, 15])
}

@Test func marksFromAGridJoinConsecutiveRuns() {
  let marks = XMarks(
    label: "", x: [0, 1, 2, 3, 4, 5, .nan], holds: [false, true, true, false, true, true, true])
  // Runs reach half-way to the failing neighbours; a non-finite neighbour stops the extension.
  #expect(marks.intervals == [0.5...2.5, 3.5...5])
  #expect(XMarks(label: "", x: [1, 2], holds: [true, true]).intervals == [1...2])
  #expect(XMarks(label: "", x: [1, 2, 3], holds: [true]).intervals == [1...1])
}

@Test func legendShowsMarkersInAsciiAndDashSamplesInUnicode() {
  let series = [Series("a", y: [1, 2]), Series("b", y: [2, 1]), Series("", y: [1, 1])]
  let ascii = LinePlot(series: series, width: 40, height: 4).render()
  #expect(ascii.last?.trimmingCharacters(in: .whitespaces) == "* a   o b")
  let unicode = LinePlot(series: series, width: 40, height: 4, style: .unicode).render()
  #expect(unicode.last?.trimmingCharacters(in: .whitespaces) == "⠤⠤⠤⠤ a   ⠤⠤ ⠤ b")
  var quiet = LinePlot(series: series, width: 40, height: 4)
  quiet.showsLegend = false
  #expect(quiet.render() == Array(ascii.dropLast()))
}

@Test func callerFormatterLabelsTheTicks() {
  let plot = LinePlot(
    series: [Series("s", x: [0, 1], y: [0, 1])], width: 40, height: 4,
    format: { String(format: "<%.1f>", $0) })
  let lines = plot.render()
  #expect(lines.contains { $0.hasPrefix("<1.0> +") })
  #expect(lines.contains { $0.contains("<0.0>") && $0.contains("<1.0>") && !$0.contains("+") })
}

@Test func pointsOutsideARequestedRangeAreClippedNotCounted() {
  let plot = LinePlot(
    series: [Series("s", x: [-100, 100], y: [-100, 100])], width: 26, height: 11,
    xRange: 0...20, yRange: 0...10)
  let lines = plot.render()
  expectEqualWidths(lines, atMost: 26)
  #expect(!lines.contains { $0.contains("skipped") })
  // y = x crosses the window from (0, 0) to (10, 10): the bottom-left cell is drawn.
  #expect(character(lines[11], at: plot.frame().leftMargin) == "*")
}

@Test func logXAxisPlacesDecadesEvenly() {
  // 31 columns over three decades: 1, 10, 100, 1000 at columns 0, 10, 20, 30.
  let plot = LinePlot(
    series: [Series("s", x: [1, 10, 100, 1000], y: [0, 1, 2, 3], connected: false)],
    width: 1 + 3 + 31, height: 4, xScale: .log10)
  let frame = plot.frame()
  #expect(frame.columns == 31 && frame.x.ticks == [1, 10, 100, 1000])
  #expect([1.0, 10, 100, 1000].map { frame.column(for: $0) } == [0, 10, 20, 30])
  let lines = plot.render()
  // Labels centre on their columns (display column 3 + c); the last is pushed inside the width.
  #expect(lines[frame.rows + 2] == "   1         10       100     1e+03")
}

@Test func referenceLineOnALogAxis() {
  let plot = LinePlot(
    series: [Series("s", y: [0.01, 100])], width: 30, height: 5, yScale: .log10,
    referenceLines: [ReferenceLine(y: 1, label: "1"), ReferenceLine(y: -1, label: "never")])
  let frame = plot.frame()
  // Four decades over five rows: 1 sits in the middle row; y = −1 has no place and no label.
  #expect(frame.row(for: 1) == 2 && frame.rightWidth == 2)
  let lines = plot.render()
  #expect(lines[3].hasSuffix("| 1") && lines[3].contains("----"))
  #expect(!lines.joined().contains("never"))
}

@Test func markersThatDoNotFitACellFallBackToTheDefaults() {
  let series = [Series("wide", x: [0], y: [0], marker: "幅"), Series("ctl", x: [1], y: [1], marker: "\n")]
  let lines = LinePlot(series: series, width: 30, height: 4).render()
  expectEqualWidths(lines, atMost: 30)
  #expect(words(lines.suffix(1)) == "* wide o ctl")
  let strip = DensityStrip(label: "s", samples: [0.5], height: 1, fill: "幅")
  let withStrip = LinePlot(series: [], width: 30, height: 2, xRange: 0...1, strips: [strip]).render()
  expectEqualWidths(withStrip, atMost: 30)
  #expect(withStrip.contains { $0.contains("#") } && !withStrip.contains { $0.contains("no data") })
}

/// On a braille canvas two coinciding series merge; a point mark tells the marked one apart
/// without colour, in the plot and in the legend, and ASCII plots are unchanged by it.
@Test func pointMarksTellCoincidingSeriesApartOnBraille() {
  let x = [1.0, 2, 3, 4, 5, 6]
  let y = x.map { 1 / $0 }
  var observed = Series("observed", x: x, y: y, marker: "*")
  observed.pointMark = "•"
  let predicted = Series("predicted", x: x, y: y, marker: ".")
  let unicode = LinePlot(series: [predicted, observed], width: 50, height: 10, style: .unicode).render()
  let text = unicode.joined(separator: "\n")
  #expect(text.filter { $0 == "•" }.count == x.count + 1)  // one per point, one in the legend
  #expect(unicode.last!.contains("•⠤ observed"))
  let marked = LinePlot(series: [predicted, observed], width: 50, height: 10, style: .ascii).render()
  observed.pointMark = nil
  let plain = LinePlot(series: [predicted, observed], width: 50, height: 10, style: .ascii).render()
  #expect(marked == plain)
  #expect(!marked.joined().contains("•"))
}
