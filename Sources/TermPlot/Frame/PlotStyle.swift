// The two looks of every TermPlot plot: plain ASCII (transcripts, any terminal) and Unicode
// (braille canvas, box-drawing frame, block-element bars).

/// How a plot is drawn: pure 7-bit ASCII, or Unicode braille, box drawing and block elements.
public enum PlotStyle: String, Sendable, CaseIterable {
  /// 7-bit ASCII only: an `AsciiCanvas` (one pixel per cell), `+-|` frame, `#` bars.
  case ascii
  /// A `BrailleCanvas` (2×4 pixels per cell), `┌─┐│┤┬` frame, `█▏▎▍▌▋▊▉` bars.
  case unicode

  /// A blank canvas of `columns` × `rows` cells in this style.
  public func makeCanvas(columns: Int, rows: Int) -> any Canvas {
    switch self {
    case .ascii: AsciiCanvas(columns: columns, rows: rows)
    case .unicode: BrailleCanvas(columns: columns, rows: rows)
    }
  }

  /// Canvas pixels per character cell, horizontally.
  public var pixelsPerColumn: Int { self == .ascii ? 1 : 2 }
  /// Canvas pixels per character cell, vertically.
  public var pixelsPerRow: Int { self == .ascii ? 1 : 4 }

  /// The characters of the frame and its decorations in this style.
  var glyphs: Glyphs { self == .ascii ? .ascii : .unicode }
}

/// The characters a style draws frames, ticks, reference lines and marks with.
struct Glyphs: Sendable {
  var topLeft, topRight, bottomLeft, bottomRight: Character
  var horizontal, vertical: Character
  /// Left border at a labelled y tick; bottom border at a labelled x tick.
  var yTick, xTick: Character
  /// Horizontal reference line; the mark under x-intervals; the bar-chart reference mark.
  var reference, intervalMark, barMark: Character

  static let ascii = Glyphs(
    topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
    horizontal: "-", vertical: "|", yTick: "+", xTick: "+",
    reference: "-", intervalMark: "^", barMark: "|")
  static let unicode = Glyphs(
    topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
    horizontal: "─", vertical: "│", yTick: "┤", xTick: "┬",
    reference: "─", intervalMark: "▲", barMark: "│")
}
