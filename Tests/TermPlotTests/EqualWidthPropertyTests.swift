// The equal-width property over many seeded random inputs, hostile values included: every line
// of every plot has the same display width, never above the requested width (or the documented
// minimum), and nothing traps.
import Testing

@testable import TermPlot

/// Random values mixing ordinary numbers with the hostile ones.
private func randomValues(_ count: Int, _ rng: inout SplitMix64) -> [Double] {
  let specials: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1e308, -1e308, 1e-300, 5, 5]
  return (0..<count).map { _ in
    switch Int.random(in: 0..<10, using: &rng) {
    case 0: specials.randomElement(using: &rng)!
    case 1: Double.random(in: -1e6...1e6, using: &rng)
    case 2: Double.random(in: 1e-12...1e-6, using: &rng)
    default: Double.random(in: -3...3, using: &rng)
    }
  }
}

private func randomLabel(_ rng: inout SplitMix64) -> String {
  ["", "f", "|f'(x)|", "‖W‖₂", "e\u{301}t\u{301}e\u{301}", "幅", "a\nb\tc", "a long series name"]
    .randomElement(using: &rng)!
}

private func randomRange(_ rng: inout SplitMix64) -> ClosedRange<Double>? {
  switch Int.random(in: 0..<6, using: &rng) {
  case 0: -1...1
  case 1: 2...2
  case 2: 1e-9...1e3
  case 3: -.infinity...1
  default: nil
  }
}

@Test func linePlotLinesHaveEqualWidthForRandomInput() {
  var rng = SplitMix64(seed: 2026)
  for _ in 0..<300 {
    var plot = LinePlot(
      title: randomLabel(&rng), width: Int.random(in: -5...130, using: &rng),
      height: Int.random(in: -2...25, using: &rng), style: PlotStyle.allCases.randomElement(using: &rng)!)
    for _ in 0..<Int.random(in: 0...4, using: &rng) {
      let n = Int.random(in: 0...60, using: &rng)
      plot.series.append(
        Series(
          randomLabel(&rng), x: randomValues(n, &rng), y: randomValues(max(0, n + Int.random(in: -2...2, using: &rng)), &rng),
          marker: ([nil, "幅", "\n", "#", "e\u{301}"] as [Character?]).randomElement(using: &rng)!,
          connected: Bool.random(using: &rng)))
    }
    plot.xRange = randomRange(&rng)
    plot.yRange = randomRange(&rng)
    plot.xScale = Bool.random(using: &rng) ? .linear : .log10
    plot.yScale = Bool.random(using: &rng) ? .linear : .log10
    plot.referenceLines = randomValues(Int.random(in: 0...2, using: &rng), &rng).map {
      ReferenceLine(y: $0, label: randomLabel(&rng))
    }
    if Bool.random(using: &rng) {
      plot.marks = XMarks(label: randomLabel(&rng), x: randomValues(20, &rng).sorted(), holds: (0..<20).map { _ in Bool.random(using: &rng) })
    }
    if Bool.random(using: &rng) {
      plot.strips = [
        DensityStrip(label: randomLabel(&rng), samples: randomValues(30, &rng), height: Int.random(in: -1...4, using: &rng)),
        DensityStrip(label: "d", density: { $0 * $0 }, height: 2),
      ]
    }
    plot.xLabel = randomLabel(&rng)
    let lines = plot.render()
    expectEqualWidths(lines, atMost: max(plot.width, LinePlot.minimumWidth))
    #expect(lines.allSatisfy { displayColumns($0) == plot.frame().width })
    #expect(plot.render() == lines)  // deterministic
  }
}

@Test func barChartLinesHaveEqualWidthForRandomInput() {
  var rng = SplitMix64(seed: 17)
  for _ in 0..<300 {
    let values = randomValues(Int.random(in: 0...8, using: &rng), &rng)
    let chart = BarChart(
      title: randomLabel(&rng), bars: values.map { Bar(randomLabel(&rng), $0) },
      width: Int.random(in: 0...120, using: &rng), style: PlotStyle.allCases.randomElement(using: &rng)!,
      reference: Bool.random(using: &rng) ? randomValues(1, &rng)[0] : nil,
      maximum: Bool.random(using: &rng) ? randomValues(1, &rng)[0] : nil)
    let lines = chart.render()
    let expected = min(max(chart.width, BarChart.minimumWidth), BarChart.maximumWidth)
    expectEqualWidths(lines, atMost: expected)
    #expect(lines.allSatisfy { displayColumns($0) == expected })
  }
}

@Test func stacksOfRandomPlotsHaveEqualWidth() {
  var rng = SplitMix64(seed: 5)
  for _ in 0..<50 {
    let blocks = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
      LinePlot(
        title: randomLabel(&rng), series: [Series("s", y: randomValues(10, &rng))],
        width: Int.random(in: 20...40, using: &rng), height: Int.random(in: 2...8, using: &rng),
        style: PlotStyle.allCases.randomElement(using: &rng)!
      ).render()
    }
    expectEqualWidths(hstack(blocks, gap: Int.random(in: 0...3, using: &rng)))
    expectEqualWidths(vstack(blocks, gap: 1))
  }
}
