// The line plot: named series on a canvas with tick labels, reference lines, marked x-intervals,
// density strips aligned beneath it, a legend and notes. This file holds the configuration and the
// layout; `LinePlot+Drawing.swift` rasterises the data.

/// A framed plot of one or more series of (x, y) points, rendered to lines of text.
///
/// Layout, top to bottom: title, the framed canvas (`height` rows, y tick labels on the left,
/// reference-line labels on the right), x tick labels, `xLabel`, the `marks` row, each of
/// `strips`, the legend, and a note line when points were skipped or there is no data.
///
/// Sizes: `width` is the display width of every line, clamped to `minimumWidth...maximumWidth`
/// (below the minimum the plot is wider than asked); `height` is the number of canvas rows,
/// clamped to `minimumHeight...maximumHeight`.
///
/// Skipped points (counted in the note): points with a non-finite coordinate, and points with a
/// coordinate ≤ 0 on a log10 axis. A skipped point breaks a connected series' line. Points outside
/// a requested range are clipped silently (segments are cut at the frame).
public struct LinePlot {
  /// Title line, centred over the plot (none when empty).
  public var title: String
  /// The series, drawn in order (on an ASCII canvas a later series overwrites an earlier one).
  public var series: [Series]
  /// Display width of every line (see the clamping above).
  public var width: Int
  /// Rows of the canvas (see the clamping above).
  public var height: Int
  /// ASCII or Unicode (braille canvas).
  public var style: PlotStyle
  /// x range, or `nil` to fit the data (and the samples of `strips`).
  public var xRange: ClosedRange<Double>?
  /// y range, or `nil` to fit the data and the reference lines.
  public var yRange: ClosedRange<Double>?
  /// Scale of the x axis.
  public var xScale: AxisScale
  /// Scale of the y axis.
  public var yScale: AxisScale
  /// Horizontal reference lines, drawn under the data.
  public var referenceLines: [ReferenceLine]
  /// x-intervals to mark on a row under the x axis.
  public var marks: XMarks?
  /// Density strips drawn under the plot, sharing its x axis.
  public var strips: [DensityStrip]
  /// Name of the x axis, centred under the tick labels (none when empty).
  public var xLabel: String
  /// Formats tick labels.
  public var format: PlotFormatter
  /// Whether the legend line(s) are drawn (named series only).
  public var showsLegend = true
  /// Least width of the left label column (see `aligned(_:)`); 0 lets the labels decide.
  public var minimumLabelWidth = 0
  /// Least width right of the frame (see `aligned(_:)`); 0 lets the reference labels decide.
  public var minimumRightWidth = 0

  /// Smallest accepted `width`.
  public static let minimumWidth = 20
  /// Largest accepted `width`.
  public static let maximumWidth = 1000
  /// Smallest accepted `height`.
  public static let minimumHeight = 2
  /// Largest accepted `height`.
  public static let maximumHeight = 200
  /// Fewest canvas columns a plot keeps, whatever the labels need.
  static let minimumColumns = 8

  /// A line plot; every property can also be set afterwards.
  public init(
    title: String = "", series: [Series] = [], width: Int = 60, height: Int = 12,
    style: PlotStyle = .ascii, xRange: ClosedRange<Double>? = nil,
    yRange: ClosedRange<Double>? = nil, xScale: AxisScale = .linear, yScale: AxisScale = .linear,
    referenceLines: [ReferenceLine] = [], marks: XMarks? = nil, strips: [DensityStrip] = [],
    xLabel: String = "", format: @escaping PlotFormatter = PlotNumber.standard
  ) {
    self.title = title
    self.series = series
    self.width = width
    self.height = height
    self.style = style
    self.xRange = xRange
    self.yRange = yRange
    self.xScale = xScale
    self.yScale = yScale
    self.referenceLines = referenceLines
    self.marks = marks
    self.strips = strips
    self.xLabel = xLabel
    self.format = format
  }

  /// The layout this plot is drawn in: panels rendered in it line up with the plot's x axis.
  /// O(number of points).
  public func frame() -> PlotFrame {
    let totalWidth = min(max(width, Self.minimumWidth), Self.maximumWidth)
    let rows = min(max(height, Self.minimumHeight), Self.maximumHeight)
    let yData = series.flatMap { Array($0.y.prefix($0.x.count)) } + referenceLines.map(\.y)
    // NOTE: decades are sparser than nice linear steps (which may reach 2.5× the target), so a
    // log axis asks for more of them.
    let yTarget = max(2, yScale == .log10 ? rows / 2 : rows / 3)
    let yAxis = PlotAxis.resolve(requested: yRange, data: yData, scale: yScale, tickTarget: yTarget)

    var rightWidth = 0
    for line in referenceLines where !line.label.isEmpty && yAxis.normalized(line.y) != nil {
      rightWidth = max(rightWidth, 1 + TextWidth.of(TextWidth.sanitized(line.label)))
    }
    rightWidth = min(max(rightWidth, minimumRightWidth), totalWidth / 4)

    // NOTE: the y ticks depend only on the rows, so the label width is known before the columns.
    let probe = PlotFrame(
      style: style, labelWidth: 0, columns: 1, rows: rows, x: yAxis, y: yAxis)
    var labelWidth = probe.yTickLabels(format: format).values.map(TextWidth.of).max() ?? 0
    if let marks { labelWidth = max(labelWidth, TextWidth.of(marks.label)) }
    for strip in strips { labelWidth = max(labelWidth, TextWidth.of(strip.label)) }
    labelWidth = max(labelWidth, minimumLabelWidth)
    labelWidth = max(0, min(labelWidth, totalWidth - 3 - rightWidth - Self.minimumColumns))
    let columns = totalWidth - labelWidth - 3 - rightWidth

    let xData = series.flatMap { Array($0.x.prefix($0.y.count)) } + strips.flatMap(\.samples)
    let xAxis = PlotAxis.resolve(
      requested: xRange, data: xData, scale: xScale, tickTarget: max(2, columns / 10))
    return PlotFrame(
      style: style, labelWidth: labelWidth, columns: columns, rows: rows,
      rightWidth: rightWidth, x: xAxis, y: yAxis)
  }

  /// Copies of `plots` sharing one label width and one right margin, so that plots of the same
  /// `width`, style and x range put each x value in the same display column (e.g. f(x) above
  /// |f'(x)|, joined with `vstack`). O(number of points).
  public static func aligned(_ plots: [LinePlot]) -> [LinePlot] {
    let frames = plots.map { $0.frame() }
    let labelWidth = frames.map(\.labelWidth).max() ?? 0
    let rightWidth = frames.map(\.rightWidth).max() ?? 0
    return plots.map { plot in
      var copy = plot
      copy.minimumLabelWidth = labelWidth
      copy.minimumRightWidth = rightWidth
      return copy
    }
  }

  /// The plot as lines of equal display width (`frame().width`), without trailing newlines.
  /// O(number of points × segment length + width × height).
  public func render() -> [String] {
    let frame = frame()
    let drawing = draw(in: frame)
    var lines: [String] = []
    if !title.isEmpty { lines.append(frame.centredLine(title)) }
    lines.append(frame.topBorder())

    let yLabels = frame.yTickLabels(format: format)
    var annotations: [Int: String] = [:]
    var referenceRows: Set<Int> = []
    for line in referenceLines {
      guard let row = frame.row(for: line.y) else { continue }
      referenceRows.insert(row)
      if annotations[row] == nil { annotations[row] = TextWidth.sanitized(line.label) }
    }
    // A plot of strips alone (no series) is not empty; one whose series have no points is.
    let emptyNote = drawing.pointCount == 0 && !(series.isEmpty && !strips.isEmpty) ? "no data" : nil
    for row in 0..<frame.rows {
      var cells = TextLine(width: frame.columns)
      for column in 0..<frame.columns {
        if let c = drawing.canvas.cell(column: column, row: row) {
          cells.put(c, at: column)
        } else if referenceRows.contains(row) {
          cells.put(frame.style.glyphs.reference, at: column)
        }
      }
      if let note = emptyNote, row == frame.rows / 2 {
        cells.put(note, at: max(0, (frame.columns - TextWidth.of(note)) / 2))
      }
      lines.append(
        frame.canvasLine(
          label: yLabels[row] ?? "", tick: yLabels[row] != nil, cells: cells.string,
          annotation: annotations[row] ?? ""))
    }

    let xTicks = frame.xTickLabels(format: format)
    lines.append(frame.bottomBorder(tickColumns: xTicks.columns))
    lines.append(xTicks.line)
    if !xLabel.isEmpty { lines.append(frame.centredLine(xLabel)) }
    if let marks { lines.append(marks.render(in: frame)) }
    for strip in strips { lines += strip.render(in: frame) }
    if showsLegend { lines += frame.wrappedLines(legendItems(), separator: "   ") }
    let words = drawing.notes.joined(separator: " ").split(separator: " ").map(String.init)
    lines += frame.wrappedLines(words, separator: " ")
    return lines
  }

  /// Legend entries: marker (ASCII) or a sample of the dash pattern (Unicode), then the name.
  private func legendItems() -> [String] {
    series.enumerated().compactMap { index, s in
      guard !s.name.isEmpty else { return nil }
      switch style {
      case .ascii:
        return "\(marker(of: index)) \(s.name)"
      case .unicode:
        var sample = BrailleCanvas(columns: 4, rows: 1)
        var phase = 0
        sample.drawLine(
          from: (0, 2), to: (7, 2), marker: " ", pattern: pattern(of: index), phase: &phase)
        if let mark = s.pointMark, TextWidth.isCellCharacter(mark) {
          sample.setMark(x: 4, y: 2, mark: mark)
        }
        return "\(sample.rowString(0)) \(s.name)"
      }
    }
  }

  /// The ASCII marker of series `index`: its own when it fits one cell, else the default.
  func marker(of index: Int) -> Character {
    if let own = series[index].marker, TextWidth.isCellCharacter(own) { return own }
    return Series.markers[index % Series.markers.count]
  }

  /// The braille dash pattern of series `index`.
  func pattern(of index: Int) -> DashPattern {
    style == .unicode ? DashPattern.cycle[index % DashPattern.cycle.count] : .solid
  }
}
