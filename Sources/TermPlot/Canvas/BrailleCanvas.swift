// The Unicode canvas: 2×4 pixels per character cell, rendered with the braille block U+2800–U+28FF.

/// A canvas with 2 × 4 pixels per cell, each cell drawn as the braille pattern of its pixels.
///
/// Pixels of all series combine (logical or); series are told apart by their `DashPattern`.
public struct BrailleCanvas: Canvas, Sendable {
  /// Number of cells across (pixel width is twice this).
  public let columns: Int
  /// Number of cells down (pixel height is four times this).
  public let rows: Int
  private var bits: [UInt8]
  /// Whole-cell marks by cell index (`setMark`), shown instead of the braille pattern.
  private var marks: [Int: Character] = [:]

  /// A blank canvas of `columns` × `rows` cells (negative sizes count as 0). O(columns·rows).
  public init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    bits = Array(repeating: 0, count: self.columns * self.rows)
  }

  /// Pixels across (`2 * columns`).
  public var pixelWidth: Int { 2 * columns }
  /// Pixels down (`4 * rows`).
  public var pixelHeight: Int { 4 * rows }

  /// Braille dot bits by [pixel row within the cell][pixel column within the cell]: dots 1-2-3-7
  /// run down the left column, 4-5-6-8 down the right.
  private static let dot: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

  /// Turns on pixel (x, y); ignored off the grid. O(1).
  public mutating func setPixel(x: Int, y: Int, marker: Character) {
    guard x >= 0, x < pixelWidth, y >= 0, y < pixelHeight else { return }
    bits[(y / 4) * columns + x / 2] |= Self.dot[y % 4][x % 2]
  }

  /// Shows `mark` in the cell of pixel (x, y) instead of its braille pattern; ignored off the
  /// grid. O(1).
  public mutating func setMark(x: Int, y: Int, mark: Character) {
    guard x >= 0, x < pixelWidth, y >= 0, y < pixelHeight else { return }
    marks[(y / 4) * columns + x / 2] = mark
  }

  /// The character of cell (column, row): its mark, else its braille pattern; nil when it is
  /// blank or off the grid.
  public func cell(column: Int, row: Int) -> Character? {
    guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
    if let mark = marks[row * columns + column] { return mark }
    let b = bits[row * columns + column]
    guard b != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(b)) else { return nil }
    return Character(scalar)
  }
}
