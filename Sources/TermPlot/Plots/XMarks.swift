// Marked x-intervals of a line plot: a row of marks under the x axis where a condition holds
// (e.g. where a critic's slope exceeds 1).

/// x-intervals marked on a row under the x axis (e.g. where a critic's slope exceeds 1).
///
/// A canvas column gets the mark (`^` in ASCII, `▲` in Unicode) when the x values it stands for
/// (`PlotFrame.xInterval(ofColumn:)`) meet one of the intervals.
public struct XMarks: Sendable {
  /// Name shown in the left margin of the marks row.
  public var label: String
  /// The marked x-intervals; non-finite bounds never match.
  public var intervals: [ClosedRange<Double>]

  /// Marks for the given intervals.
  public init(label: String, intervals: [ClosedRange<Double>]) {
    self.label = label
    self.intervals = intervals
  }

  /// Marks for the runs of a grid where a condition holds.
  ///
  /// Each maximal run of consecutive indices with `holds[i]` true (and x[i] finite) becomes an
  /// interval reaching half-way to the grid points on either side where the condition fails —
  /// the midpoint being the best estimate of the crossing — or to the run's own end point at the
  /// end of the grid or next to a non-finite x. Uses the first `min(x.count, holds.count)`
  /// entries; x is expected ascending. O(n).
  public init(label: String, x: [Double], holds: [Bool]) {
    let n = min(x.count, holds.count)
    func inRun(_ i: Int) -> Bool { holds[i] && x[i].isFinite }
    var intervals: [ClosedRange<Double>] = []
    var i = 0
    while i < n {
      guard inRun(i) else {
        i += 1
        continue
      }
      let first = i
      while i + 1 < n && inRun(i + 1) { i += 1 }
      let last = i
      var lower = x[first]
      var upper = x[last]
      if first > 0, x[first - 1].isFinite { lower = x[first - 1] / 2 + x[first] / 2 }
      if last + 1 < n, x[last + 1].isFinite { upper = x[last] / 2 + x[last + 1] / 2 }
      intervals.append(min(lower, upper)...max(lower, upper))
      i += 1
    }
    self.init(label: label, intervals: intervals)
  }

  /// Whether column `column` of `frame` is marked.
  func marks(column: Int, in frame: PlotFrame) -> Bool {
    let span = frame.xInterval(ofColumn: column)
    return intervals.contains { $0.lowerBound <= span.upperBound && $0.upperBound >= span.lowerBound }
  }

  /// The marks row laid out in `frame`.
  func render(in frame: PlotFrame) -> String {
    let mark = frame.style.glyphs.intervalMark
    var cells = ""
    for c in 0..<frame.columns { cells.append(marks(column: c, in: frame) ? mark : " ") }
    return frame.panelLine(label: label, cells: cells, borders: false)
  }
}
