// The data of a line plot and the decorations drawn with it: named series, horizontal reference
// lines, and marked x-intervals.

/// One named series of (x, y) points of a `LinePlot`.
public struct Series {
  /// Name shown in the legend (no legend entry when empty).
  public var name: String
  /// x coordinates; only the first `min(x.count, y.count)` points are used.
  public var x: [Double]
  /// y coordinates.
  public var y: [Double]
  /// Character drawn for this series on an ASCII canvas; `nil` picks `Series.markers[index]`.
  public var marker: Character?
  /// Whether consecutive points are joined by line segments (a non-finite or skipped point
  /// breaks the line); `false` draws the points only.
  public var connected: Bool

  /// A series of points (x[i], y[i]).
  public init(
    _ name: String, x: [Double], y: [Double], marker: Character? = nil, connected: Bool = true
  ) {
    self.name = name
    self.x = x
    self.y = y
    self.marker = marker
    self.connected = connected
  }

  /// A series of points (i, y[i]) for i = 1, 2, …, y.count (an iteration count on the x axis).
  public init(_ name: String, y: [Double], marker: Character? = nil, connected: Bool = true) {
    self.init(name, x: y.indices.map { Double($0 + 1) }, y: y, marker: marker, connected: connected)
  }

  /// Default ASCII markers by series index (cycling).
  public static let markers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]
}

/// A horizontal line across the canvas at `y` (drawn under the data), labelled right of the frame.
public struct ReferenceLine: Sendable {
  /// The y value of the line; a line outside the y range (or ≤ 0 on a log axis) is not drawn.
  public var y: Double
  /// Label printed right of the frame on the line's row (may be empty).
  public var label: String

  /// A reference line at `y` with an optional label.
  public init(y: Double, label: String = "") {
    self.y = y
    self.label = label
  }
}

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
