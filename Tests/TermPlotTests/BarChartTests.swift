// BarChart: lengths proportional to values (counted), the reference mark, partial blocks,
// non-finite, negative and overflowing values, equal widths.
import Testing

@testable import TermPlot

@Test func theNormsExampleFromTheVision() {
  // Ratios to ‖W‖₂ for W = diag(3, 4), scaled so 2.0 fills 20 cells: the mark sits at 1.0.
  let bar = { (v: Double) in BarChart.bar(value: v, scale: 2, columns: 20, reference: 1, style: .ascii) }
  #expect(bar(1.25) == "|##########|##" + String(repeating: " ", count: 8))  // 12.5 → 12 (ties to even)
  #expect(bar(1.4142135623730951) == "|##########|####" + String(repeating: " ", count: 6))
  #expect(bar(1) == "|##########|" + String(repeating: " ", count: 10))
  #expect(bar(2) == "|##########|##########")
}

@Test func asciiBarLengthsAreProportionalToValues() {
  var rng = SplitMix64(seed: 42)
  for _ in 0..<50 {
    let values = (0..<Int.random(in: 1...8, using: &rng)).map { _ in Double.random(in: 0.01...10, using: &rng) }
    let chart = BarChart(
      bars: values.enumerated().map { Bar("b\($0.offset)", $0.element) },
      width: Int.random(in: 30...120, using: &rng))
    let lines = chart.render()
    expectEqualWidths(lines, atMost: chart.width)
    let columnsAvailable = lines[values.indices.max { values[$0] < values[$1] }!].filter { $0 == "#" }.count
    for (i, v) in values.enumerated() {
      let count = lines[i].filter { $0 == "#" }.count
      #expect(abs(Double(count) - v / chart.scale * Double(columnsAvailable)) <= 0.5 + 1e-9)
    }
  }
}

@Test func unicodeBarsResolveEighthsOfACell() {
  let eighths: [Character: Int] = [
    "▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7, "█": 8,
  ]
  var rng = SplitMix64(seed: 7)
  for _ in 0..<50 {
    let value = Double.random(in: 0...3, using: &rng)
    let columns = Int.random(in: 4...40, using: &rng)
    let bar = BarChart.bar(value: value, scale: 3, columns: columns, style: .unicode)
    #expect(displayColumns(bar) == 1 + columns)
    let units = bar.reduce(0) { $0 + (eighths[$1] ?? 0) }
    #expect(abs(Double(units) - value / 3 * Double(columns * 8)) <= 0.5 + 1e-9)
  }
}

@Test func referenceMarkIsAnExtraColumnAtTheReferenceValue() {
  let bar = BarChart.bar(value: 0.5, scale: 4, columns: 16, reference: 3, style: .ascii)
  #expect(bar == "|##" + String(repeating: " ", count: 10) + "|" + String(repeating: " ", count: 4))
  let unicode = BarChart.bar(value: 4, scale: 4, columns: 8, reference: 1, style: .unicode)
  #expect(unicode == "│██│██████")
  // With the mark between cells 10 and 11 of 21 (reference 1 of 2 → 10.5 cells, ties to even),
  // a value equal to the reference ends exactly at the mark and a larger one crosses it.
  let atMark = BarChart.bar(value: 1, scale: 2, columns: 21, reference: 1, style: .unicode)
  #expect(atMark == "│" + String(repeating: "█", count: 10) + "│" + String(repeating: " ", count: 11))
  let below = BarChart.bar(value: 0.999, scale: 2, columns: 21, reference: 1, style: .ascii)
  #expect(below == "|" + String(repeating: "#", count: 10) + "|" + String(repeating: " ", count: 11))
  let above = BarChart.bar(value: 1.5, scale: 2, columns: 21, reference: 1, style: .ascii)
  #expect(above.split(separator: "|", omittingEmptySubsequences: false).map { $0.filter { $0 == "#" }.count } == [0, 10, 6])
  // An unusable reference keeps the width with a blank mark column.
  #expect(BarChart.bar(value: 1, scale: 1, columns: 4, reference: .nan, style: .ascii) == "|#### ")
}

@Test func nonFiniteNegativeAndOverflowingValues() {
  let chart = BarChart(
    bars: [Bar("nan", .nan), Bar("neg", -2), Bar("inf", .infinity), Bar("big", 5), Bar("ok", 1)],
    width: 30, maximum: 2)
  let lines = chart.render()
  expectEqualWidths(lines, atMost: 30)
  #expect(!lines[0].contains("#") && lines[0].hasSuffix("NaN"))
  #expect(!lines[1].contains("#") && lines[1].contains("-2"))
  #expect(!lines[2].contains("#") && lines[2].hasSuffix("Inf"))
  #expect(lines[3].contains("#>"))
  #expect(words(lines.suffix(2)) == "(2 non-finite values not drawn)")
}

@Test(arguments: PlotStyle.allCases)
func emptyAndTinyCharts(style: PlotStyle) {
  let empty = BarChart(title: "nothing", bars: [], width: 20, style: style).render()
  expectEqualWidths(empty, atMost: 20)
  #expect(empty.contains { $0.hasPrefix("(no data)") })
  let tiny = BarChart(bars: [Bar("a very long label indeed", 1, text: "one")], width: 1, style: style)
  let lines = tiny.render()
  expectEqualWidths(lines)
  #expect(displayColumns(lines[0]) == BarChart.minimumWidth)
  #expect(lines[0].filter { $0 == "#" || $0 == "█" }.count == 4)
}

@Test func customTextsAndTitle() {
  let chart = BarChart(
    title: "‖W‖F / ‖W‖₂", bars: [Bar("ratio", 1.25, text: "1.25 × ‖W‖₂")], width: 40, reference: 1)
  let lines = chart.render()
  expectEqualWidths(lines, atMost: 40)
  #expect(lines[0].hasPrefix("‖W‖F / ‖W‖₂"))
  #expect(lines[1].hasPrefix("ratio |") && lines[1].hasSuffix(" 1.25 × ‖W‖₂"))
}

@Test func aTieOnPaperDrawsTheSameBarWhicheverSideRoundingPutsIt() {
  // σ₂/σ₁ = 0.5 of 63 cells is 31.5 cells; builds compute 0.5 or 0.49999999999999933.
  for style in [PlotStyle.ascii, .unicode] {
    let exact = BarChart.bar(value: 0.5, scale: 1, columns: 63, style: style)
    #expect(BarChart.bar(value: 0.49999999999999933, scale: 1, columns: 63, style: style) == exact)
    #expect(BarChart.bar(value: 0.5000000000000007, scale: 1, columns: 63, style: style) == exact)
  }
  // Halves round to even: 31.5 cells draw 32 in ASCII.
  #expect(BarChart.bar(value: 0.5, scale: 1, columns: 63, style: .ascii).filter { $0 == "#" }.count == 32)
}
