// The shared layout of a framed plot: where the canvas sits between the tick labels on the left,
// the borders, and the annotations on the right. Every panel drawn under a plot (interval marks,
// density strips) is laid out by the same `PlotFrame`, which is what keeps them aligned.
//
//                title          ← centred over the box
//        +-----------------+     ← top border; canvas column c is display column leftMargin + c
//     10 +   *             |     ← label (right-aligned in labelWidth), space, border (tick `+`),
//        |-----*-----------| y=1    `columns` cells, border, rightWidth columns of annotations
//      0 +       *         |
//        ++-------+-------++     ← bottom border with the labelled x ticks
//         0       5      10      ← x tick labels centred on their columns
//    f>1     ^^^                 ← panels (marks, density strips) in the same columns

/// The geometry of one framed plot: label margin, canvas size, right margin and both axes.
///
/// Column `c` of the canvas is display column `leftMargin + c` of every line; any panel rendered
/// with the same frame puts the same x value in the same display column.
public struct PlotFrame: Equatable, Sendable {
  /// Drawing style (decides pixels per cell and the frame characters).
  public let style: PlotStyle
  /// Display columns reserved for left labels (y ticks, panel names).
  public let labelWidth: Int
  /// Canvas cells across.
  public let columns: Int
  /// Canvas cells down.
  public let rows: Int
  /// Display columns right of the right border (reference-line labels); 0 when none.
  public let rightWidth: Int
  /// The horizontal axis.
  public let x: PlotAxis
  /// The vertical axis.
  public let y: PlotAxis

  /// A frame; negative sizes count as 0, and `columns` and `rows` as at least 1.
  public init(
    style: PlotStyle, labelWidth: Int, columns: Int, rows: Int, rightWidth: Int = 0,
    x: PlotAxis, y: PlotAxis
  ) {
    self.style = style
    self.labelWidth = max(0, labelWidth)
    self.columns = max(1, columns)
    self.rows = max(1, rows)
    self.rightWidth = max(0, rightWidth)
    self.x = x
    self.y = y
  }

  /// Display column of canvas column 0: labels, one space, the left border.
  public var leftMargin: Int { labelWidth + 2 }
  /// Display width of every line of the plot.
  public var width: Int { leftMargin + columns + 1 + rightWidth }
  /// Canvas pixels across.
  public var pixelWidth: Int { columns * style.pixelsPerColumn }
  /// Canvas pixels down.
  public var pixelHeight: Int { rows * style.pixelsPerRow }

  /// Pixel column of a position `u` along the x axis (0...1, a small tolerance allowed), or nil.
  func pixelX(normalized u: Double) -> Int? { Self.pixel(u, count: pixelWidth) }
  /// Pixel row (0 at the top) of a position `v` along the y axis (0...1), or nil.
  func pixelY(normalized v: Double) -> Int? {
    Self.pixel(v, count: pixelHeight).map { pixelHeight - 1 - $0 }
  }

  private static func pixel(_ u: Double, count: Int) -> Int? {
    guard u >= -1e-9, u <= 1 + 1e-9 else { return nil }
    return Int((min(max(u, 0), 1) * Double(count - 1)).rounded())
  }

  /// Canvas column showing x value `value`, or nil when it is outside the x range or invalid.
  public func column(for value: Double) -> Int? {
    x.normalized(value).flatMap(pixelX(normalized:)).map { $0 / style.pixelsPerColumn }
  }

  /// Canvas row (0 at the top) showing y value `value`, or nil when outside the y range or invalid.
  public func row(for value: Double) -> Int? {
    y.normalized(value).flatMap(pixelY(normalized:)).map { $0 / style.pixelsPerRow }
  }

  /// The x values that canvas column `column` stands for: those whose nearest pixel lies in it.
  public func xInterval(ofColumn column: Int) -> ClosedRange<Double> {
    let ppc = Double(style.pixelsPerColumn)
    let span = Double(max(1, pixelWidth - 1))
    let a = min(max((Double(column) * ppc - 0.5) / span, 0), 1)
    let b = min(max((Double(column) * ppc + ppc - 0.5) / span, 0), 1)
    let va = x.value(atNormalized: a)
    let vb = x.value(atNormalized: b)
    guard va <= vb || vb <= va else { return x.lower...x.lower }  // unreachable for finite axes
    return min(va, vb)...max(va, vb)
  }

  /// The x value at the centre of canvas column `column`.
  public func xCenter(ofColumn column: Int) -> Double {
    let ppc = Double(style.pixelsPerColumn)
    let span = Double(max(1, pixelWidth - 1))
    let u = (Double(column) * ppc + (ppc - 1) / 2) / span
    return x.value(atNormalized: min(max(u, 0), 1))
  }

  // MARK: Lines of the frame

  /// The top border line.
  func topBorder() -> String {
    let g = style.glyphs
    var line = TextLine(width: width)
    line.put(g.topLeft, at: leftMargin - 1)
    for c in 0..<columns { line.put(g.horizontal, at: leftMargin + c) }
    line.put(g.topRight, at: leftMargin + columns)
    return line.string
  }

  /// The bottom border line, with a tick mark at each of `tickColumns` (canvas columns).
  func bottomBorder(tickColumns: [Int]) -> String {
    let g = style.glyphs
    var line = TextLine(width: width)
    line.put(g.bottomLeft, at: leftMargin - 1)
    for c in 0..<columns { line.put(g.horizontal, at: leftMargin + c) }
    for c in tickColumns where c >= 0 && c < columns { line.put(g.xTick, at: leftMargin + c) }
    line.put(g.bottomRight, at: leftMargin + columns)
    return line.string
  }

  /// One line of the canvas area: right-aligned `label`, the left border (a tick mark when
  /// `tick`), exactly `columns` cells, the right border, then `annotation` after one space.
  func canvasLine(label: String, tick: Bool, cells: String, annotation: String = "") -> String {
    let g = style.glyphs
    var line = TextLine(width: width)
    line.put(TextWidth.rightAligned(label, to: labelWidth), at: 0)
    line.put(tick ? g.yTick : g.vertical, at: leftMargin - 1)
    line.put(TextWidth.padded(cells, to: columns), at: leftMargin)
    line.put(g.vertical, at: leftMargin + columns)
    if !annotation.isEmpty { line.put(annotation, at: leftMargin + columns + 2) }
    return line.string
  }

  /// A line under the plot aligned with the canvas: right-aligned `label`, `cells` in the canvas
  /// columns, and the side borders when `borders` (spaces otherwise).
  func panelLine(label: String, cells: String, borders: Bool) -> String {
    let g = style.glyphs
    var line = TextLine(width: width)
    line.put(TextWidth.rightAligned(label, to: labelWidth), at: 0)
    if borders {
      line.put(g.vertical, at: leftMargin - 1)
      line.put(g.vertical, at: leftMargin + columns)
    }
    line.put(TextWidth.padded(cells, to: columns), at: leftMargin)
    return line.string
  }

  /// `text` centred over the plot box (shifted left, then truncated, when it does not fit).
  func centredLine(_ text: String) -> String {
    let clean = TextWidth.truncated(TextWidth.sanitized(text), to: width)
    let w = TextWidth.of(clean)
    let boxStart = leftMargin - 1
    let start = min(max(0, boxStart + (columns + 2 - w) / 2), width - w)
    var line = TextLine(width: width)
    line.put(clean, at: start)
    return line.string
  }

  /// The labels of the y ticks by canvas row (the lowest tick wins a shared row).
  func yTickLabels(format: PlotFormatter) -> [Int: String] {
    var labels: [Int: String] = [:]
    let texts = PlotNumber.distinctLabels(y.ticks, format: format)
    for (tick, text) in zip(y.ticks, texts) {
      guard let row = row(for: tick), labels[row] == nil else { continue }
      labels[row] = TextWidth.sanitized(text)
    }
    return labels
  }

  /// The x tick label line and the canvas columns of the ticks labelled on it.
  ///
  /// Each label is centred on its tick's column (shifted inward at the edges); a label that would
  /// touch the previous one is left out, together with its tick mark.
  func xTickLabels(format: PlotFormatter) -> (line: String, columns: [Int]) {
    var line = TextLine(width: width)
    var columns: [Int] = []
    var free = 0
    let texts = PlotNumber.distinctLabels(x.ticks, format: format)
    for (tick, text) in zip(x.ticks, texts) {
      guard let column = column(for: tick) else { continue }
      let label = TextWidth.truncated(TextWidth.sanitized(text), to: width)
      let w = TextWidth.of(label)
      let start = min(max(0, leftMargin + column - (w - 1) / 2), width - w)
      guard start >= free else { continue }
      line.put(label, at: start)
      columns.append(column)
      free = start + w + 1
    }
    return (line.string, columns)
  }

  /// `tokens` wrapped greedily to the frame width, joined by `separator` within a line (a token
  /// wider than the frame is truncated). The lines are indented to the canvas when every token
  /// fits there; each returned line has width `width`.
  func wrappedLines(_ tokens: [String], separator: String) -> [String] {
    let clean = tokens.map { TextWidth.truncated(TextWidth.sanitized($0), to: width) }
    let fitsIndented = clean.allSatisfy { TextWidth.of($0) <= width - leftMargin }
    let indent = fitsIndented ? leftMargin : 0
    let lines = TextWidth.wrapped(clean, separator: separator, width: width - indent)
    return lines.map { TextWidth.padded(String(repeating: " ", count: indent) + $0, to: width) }
  }
}
