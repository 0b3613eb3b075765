// Axis ranges and ticks: nice linear steps, decades on log axes, degenerate and hostile ranges.
import Foundation
import Testing

@testable import TermPlot

@Test func automaticLinearRangeWidensToNiceTicks() {
  let axis = PlotAxis.resolve(requested: nil, data: [0.3, 9.2], scale: .linear, tickTarget: 4)
  // span 8.9 / 4 = 2.225 → step 5; floor(0.3/5)·5 = 0, ceil(9.2/5)·5 = 10.
  #expect(axis.lower == 0 && axis.upper == 10)
  #expect(axis.ticks == [0, 5, 10])
}

@Test func requestedRangeIsKeptAndTicksStayInside() {
  let axis = PlotAxis.resolve(requested: -0.35...0.9, data: [], scale: .linear, tickTarget: 5)
  #expect(axis.lower == -0.35 && axis.upper == 0.9)
  // span 1.25 / 5 = 0.25 → step 0.5: multiples of 0.5 inside the range.
  #expect(axis.ticks == [0, 0.5])
  let reversed = PlotAxis.resolve(requested: 3...3, data: [], scale: .linear, tickTarget: 2)
  #expect(reversed.lower == 1.5 && reversed.upper == 4.5)
}

@Test func logAxisTicksAreWholeDecadesThinnedToTheTarget() {
  let axis = PlotAxis.resolve(requested: nil, data: [2e-7, 0.5, -1, 0], scale: .log10, tickTarget: 4)
  #expect(axis.lower == 1e-7 && axis.upper == 1)
  // 8 decades, target 4 → every 2nd decade (k ≡ 0 mod 2).
  #expect(axis.ticks == [1e-6, 1e-4, 1e-2, 1])
  for t in axis.ticks {
    #expect(log10(t) == log10(t).rounded())
  }
  #expect(axis.normalized(1e-7) == 0 && axis.normalized(1) == 1)
  #expect(abs(axis.normalized(1e-4)! - 3.0 / 7) < 1e-15)
  #expect(axis.normalized(0) == nil && axis.normalized(-3) == nil)
}

@Test func logAxisOfOneValueSpansADecadeEachWay() {
  let axis = PlotAxis.resolve(requested: nil, data: [1e-3, 1e-3], scale: .log10, tickTarget: 3)
  #expect(axis.lower == 1e-4 && axis.upper == 1e-2)
  #expect(axis.ticks == [1e-4, 1e-3, 1e-2])
}

@Test(arguments: [
  [Double](), [.nan, .infinity], [5, 5, 5], [0], [-2.5], [1e308, -1e308], [1e-300, 2e-300],
  [1e16, 1e16 + 2], [1e300, 1e300 * (1 + 1e-15)], [-1e18, -1e18 + 256],
])
func hostileDataStillGivesAValidAxis(data: [Double]) {
  for scale in [AxisScale.linear, .log10] {
    let axis = PlotAxis.resolve(requested: nil, data: data, scale: scale, tickTarget: 4)
    #expect(axis.lower.isFinite && axis.upper.isFinite && axis.lower < axis.upper)
    #expect(!axis.ticks.isEmpty && axis.ticks.allSatisfy { $0 >= axis.lower && $0 <= axis.upper })
    for value in data where value.isFinite && (scale == .linear || value > 0) {
      let u = axis.normalized(value)
      #expect(u != nil && u! >= -1e-9 && u! <= 1 + 1e-9)
    }
  }
}

@Test func invalidRequestedRangesFallBackToAutomatic() {
  let nanRange = PlotAxis.resolve(requested: -.infinity...1, data: [2, 4], scale: .linear, tickTarget: 2)
  #expect(nanRange.lower == 2 && nanRange.upper == 4)
  let logRange = PlotAxis.resolve(requested: -1...10, data: [5], scale: .log10, tickTarget: 2)
  #expect(logRange.lower == 0.1 && logRange.upper == 100)  // 5 ± a decade, out to decades
}

@Test func defaultFormatterIsPercentGWithThreeDigits() {
  #expect(PlotNumber.standard(0.30000000000000004) == "0.3")
  #expect(PlotNumber.standard(1e-8) == "1e-08")
  #expect(PlotNumber.standard(1234.5) == "1.23e+03")
  #expect(PlotNumber.standard(-0.0) == "0")
  #expect(PlotNumber.standard(.nan) == "NaN")
  #expect(PlotNumber.standard(-.infinity) == "-Inf")
  #expect(PlotNumber.significant(3.14159, digits: 5) == "3.1416")
}

@Test func automaticTicksKeepTheStepTheRangeWasWidenedWith() {
  // ±3 with three intervals: step 2 widens to ±4; the ticks stay on that step (not 5).
  let axis = PlotAxis.resolve(requested: nil, data: [-3, 3], scale: .linear, tickTarget: 3)
  #expect(axis.lower == -4 && axis.upper == 4)
  #expect(axis.ticks == [-4, -2, 0, 2, 4])
}

@Test func tickLabelsOfANarrowRangeFarFromZeroStayDistinct() {
  // A critic that grew to −1.14e9 and barely moves: three digits would print one label four times.
  let ticks = [-1.1406e9, -1.1404e9, -1.1402e9, -1.14e9]
  #expect(Set(ticks.map(PlotNumber.standard)).count == 1)
  let labels = PlotNumber.distinctLabels(ticks, format: PlotNumber.standard)
  #expect(labels == ["-1.1406e+09", "-1.1404e+09", "-1.1402e+09", "-1.14e+09"])
  // Labels that already differ are kept as the formatter wrote them.
  #expect(PlotNumber.distinctLabels([0, 5, 10], format: { "<\($0)>" }) == ["<0.0>", "<5.0>", "<10.0>"])
  // The rendered plot carries the distinct labels too.
  let y = (0 ... 20).map { -1.14e9 - 6e5 * Double($0) / 20 }
  let plot = LinePlot(
    title: "f", series: [Series("f", x: (0 ... 20).map(Double.init), y: y, marker: "*")],
    width: 40, height: 7, style: .ascii)
  let left = plot.render().compactMap { line -> String? in
    let label = line.prefix { $0 != "+" && $0 != "|" }.trimmingCharacters(in: .whitespaces)
    return label.isEmpty ? nil : label
  }
  #expect(left.count >= 2 && Set(left).count == left.count, "\(left)")
}
