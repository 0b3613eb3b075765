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

  /// Marks for the runs of a grid where a condition holds: each maximal run of consecutive
  /// indices with `holds[i]` true (and x[i] finite) becomes the interval from its first to its
  /// last x. Uses the first `min(x.count, holds.count)` entries; x is expected ascending. O(n).
  public init(label: String, x: [Double], holds: [Bool]) {
    var intervals: [ClosedRange<Double>] = []
    var start: Double?
    var last = 0.0
    for i in 0..<min(x.count, holds.count) {
      if holds[i] && x[i].isFinite {
        if start == nil { start = x[i] }
        last = x[i]
      } else if let s = start {
        intervals.append(min(s, last)...max(s, last))
        start = nil
      }
    }
    if let s = start { intervals.append(min(s, last)...max(s, last)) }
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
