// A fixed-width line of terminal cells that labels can be written into at a column: the building
// block that keeps every rendered line of a plot exactly as wide as the frame.

/// A line of `width` terminal cells, each holding the text drawn in it.
///
/// A wide character occupies its cell and leaves the next cell empty (`""`), so `string` always
/// has display width `width`. Writes that would fall outside the line are cut off, never trapped.
public struct TextLine: Equatable, Sendable {
  /// The cells, left to right; `" "` where nothing has been drawn.
  public private(set) var cells: [String]

  /// A blank line of `width` cells (negative widths give an empty line).
  public init(width: Int) {
    cells = Array(repeating: " ", count: max(0, width))
  }

  /// Number of cells (the display width of `string`).
  public var width: Int { cells.count }

  /// Writes `text` starting at cell `column`; returns the column after the last cell written.
  /// Characters that do not fit (or start left of cell 0) are skipped. O(length of `text`).
  @discardableResult
  public mutating func put(_ text: String, at column: Int) -> Int {
    var c = column
    for character in TextWidth.sanitized(text) {
      let w = TextWidth.width(of: character)
      if c >= 0 && c + w <= cells.count {
        cells[c] = String(character)
        if w == 2 { cells[c + 1] = "" }
      }
      c += w
    }
    return c
  }

  /// Writes one character into cell `column` if it is inside the line.
  public mutating func put(_ character: Character, at column: Int) {
    put(String(character), at: column)
  }

  /// The line as a string of display width `width`.
  public var string: String { cells.joined() }
}
