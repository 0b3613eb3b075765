// Horizontal bar charts for labelled values, with an optional reference mark — the "× ‖W‖₂"
// bars of `norms`: a bar of 1.25 with the mark at 1.0 is `|##########|##`.

/// One bar: a label on the left, a value drawn as the bar, and the text printed after it.
public struct Bar: Sendable {
  /// Label left of the bar.
  public var label: String
  /// The value; non-finite and negative values draw an empty bar.
  public var value: Double
  /// Text after the bar; `nil` prints the chart's `format(value)`.
  public var text: String?

  /// A bar for `value` labelled `label`.
  public init(_ label: String, _ value: Double, text: String? = nil) {
    self.label = label
    self.value = value
    self.text = text
  }
}

/// Horizontal bars scaled to the available width, rendered to lines of equal display width.
///
/// Each line is: the label (right-padded to the widest), a space, the bar, a space, the value
/// text. A bar is the axis (`|` / `│`), `columns` cells of fill (`#`, or `█` with a partial
/// block `▏▎▍▌▋▊▉` in eighths in Unicode), and — with a `reference` — one extra column holding
/// the mark (`|` / `│`) inserted after the cells that the reference value fills, so the fill
/// before the mark reads as "up to the reference" and the fill after it as the excess.
///
/// Scale: `maximum` when given (positive, finite), else the largest of the finite positive values
/// and the reference. A value above the scale fills the bar and ends in `>`. Lengths round to the
/// nearest cell (eighth in Unicode), ties to even; with a reference, each side of the mark is
/// scaled on its own (see `bar(value:scale:columns:reference:style:)`). Non-finite values draw an empty bar and are
/// counted in a note line. `width` is clamped to `minimumWidth...maximumWidth` and every line is
/// exactly that wide: value texts are cut to a third of it, then labels to what leaves the bar at
/// least 4 cells.
public struct BarChart {
  /// Title line (none when empty).
  public var title: String
  /// The bars, top to bottom.
  public var bars: [Bar]
  /// Display width of every line (see the clamping above).
  public var width: Int
  /// ASCII `#` bars or Unicode blocks.
  public var style: PlotStyle
  /// Value at which the reference mark is drawn on every bar, or `nil` for none.
  public var reference: Double?
  /// Value that fills a whole bar, or `nil` to fit the largest value.
  public var maximum: Double?
  /// Formats value texts.
  public var format: PlotFormatter

  /// Smallest accepted `width`.
  public static let minimumWidth = 12
  /// Largest accepted `width`.
  public static let maximumWidth = 1000
  /// Fewest bar cells a chart keeps, whatever the labels need.
  static let minimumColumns = 4

  /// A bar chart; every property can also be set afterwards.
  public init(
    title: String = "", bars: [Bar], width: Int = 60, style: PlotStyle = .ascii,
    reference: Double? = nil, maximum: Double? = nil,
    format: @escaping PlotFormatter = PlotNumber.standard
  ) {
    self.title = title
    self.bars = bars
    self.width = width
    self.style = style
    self.reference = reference
    self.maximum = maximum
    self.format = format
  }

  /// The value that fills a whole bar (see the type's documentation).
  public var scale: Double {
    if let maximum, maximum.isFinite, maximum > 0 { return maximum }
    let candidates = bars.map(\.value) + [reference ?? 0]
    return candidates.filter { $0.isFinite && $0 > 0 }.max() ?? 1
  }

  /// The chart as lines of equal display width, without trailing newlines.
  public func render() -> [String] {
    let totalWidth = min(max(width, Self.minimumWidth), Self.maximumWidth)
    let labels = bars.map { TextWidth.sanitized($0.label) }
    let texts = bars.map { TextWidth.sanitized($0.text ?? format($0.value)) }
    let markWidth = reference == nil ? 0 : 1
    let valueWidth = min(texts.map(TextWidth.of).max() ?? 0, totalWidth / 3)
    // The bar keeps at least `minimumColumns` cells: labels are cut to what is left.
    let barPart = 1 + Self.minimumColumns + markWidth + 1
    let labelWidth = min(labels.map(TextWidth.of).max() ?? 0, totalWidth - barPart - valueWidth - 1)
    let labelPart = labelWidth > 0 ? labelWidth + 1 : 0
    let columns = totalWidth - labelPart - 1 - markWidth - 1 - valueWidth
    let lineWidth = labelPart + 1 + columns + markWidth + 1 + valueWidth

    var lines: [String] = []
    if !title.isEmpty { lines.append(TextWidth.padded(TextWidth.sanitized(title), to: lineWidth)) }
    for (index, bar) in bars.enumerated() {
      let drawn = Self.bar(
        value: bar.value, scale: scale, columns: columns, reference: reference, style: style)
      let label = labelPart > 0 ? TextWidth.padded(labels[index], to: labelWidth) + " " : ""
      lines.append(label + drawn + " " + TextWidth.padded(texts[index], to: valueWidth))
    }
    let nonFinite = bars.count { !$0.value.isFinite }
    if bars.isEmpty { lines.append(TextWidth.padded("(no data)", to: lineWidth)) }
    if nonFinite > 0 {
      let note = "(\(nonFinite) non-finite value\(nonFinite == 1 ? "" : "s") not drawn)"
      let words = note.split(separator: " ").map(String.init)
      lines += TextWidth.wrapped(words, width: lineWidth).map { TextWidth.padded($0, to: lineWidth) }
    }
    return lines
  }

  /// One bar as text: the axis, `columns` cells (clamped to 1...1000), and the reference mark
  /// column when `reference` is given (a space when the reference is not positive and finite).
  /// Display width: `1 + columns + (reference == nil ? 0 : 1)`. O(columns).
  ///
  /// Without a reference the fill is proportional to `value / scale`. With one, the mark sits at
  /// the cell boundary nearest the reference, and each side of it is scaled on its own (0…reference
  /// before the mark, reference…scale after it), so a value equal to the reference ends exactly at
  /// the mark and only values above it cross it.
  public static func bar(
    value: Double, scale: Double, columns: Int, reference: Double? = nil, style: PlotStyle
  ) -> String {
    let columns = min(max(columns, 1), 1000)
    let glyphs = style.glyphs
    let unit = style == .ascii ? 1 : 8  // sub-cell resolution
    let full = Double(columns * unit)
    let validScale = scale.isFinite && scale > 0
    var markCell: Int?
    var refExact = 0.0
    if let reference, reference.isFinite, reference > 0, validScale {
      refExact = min(reference / scale, 1) * full
      markCell = roundedToCells(refExact / Double(unit))
    }
    var cells = Array(repeating: Character(" "), count: columns)
    if value.isFinite, value > 0, validScale {
      let exact = min(value / scale, 1) * full
      var units = exact
      if let markCell {
        let refUnits = Double(markCell * unit)
        if exact <= refExact {
          units = exact / refExact * refUnits
        } else if full > refExact {
          units = refUnits + (exact - refExact) / (full - refExact) * (full - refUnits)
        }
      }
      let filled = roundedToCells(units)
      let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
      for c in 0..<columns {
        let here = min(max(filled - c * unit, 0), unit)
        if here == unit {
          cells[c] = style == .ascii ? "#" : "█"
        } else if here > 0 {
          cells[c] = partials[here - 1]
        }
      }
      if value > scale { cells[columns - 1] = ">" }
    }
    guard reference != nil else { return String(glyphs.barMark) + String(cells) }
    let position = markCell ?? columns
    let mark = markCell == nil ? " " : String(glyphs.barMark)
    return String(glyphs.barMark) + String(cells[0..<position]) + mark + String(cells[position...])
  }

  /// x rounded to the nearest integer, halves to even, where x within 1e-9 of a half counts
  /// as that half.
  ///
  /// NOTE: a value that is a tie on paper (σ₂/σ₁ = 0.5 on 63 cells) lands a few ulps either
  /// side of it depending on the build's rounding; snapping it to the tie makes every build
  /// draw the same bar.
  static func roundedToCells(_ x: Double) -> Int {
    let twice = (2 * x).rounded()
    let snapped = Swift.abs(2 * x - twice) < 2e-9 ? twice / 2 : x
    return Int(snapped.rounded(.toNearestOrEven))
  }
}
