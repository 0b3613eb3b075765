// The ASCII canvas: one pixel per character cell, each pixel showing its series' marker.

/// A canvas with one pixel per cell; a pixel shows the marker of the last series that set it.
///
/// Chosen over 1×2 schemes (`'`, `.`, `:`) because with several series in one plot the marker
/// (`*`, `o`, `+`, …) is the only thing that tells them apart without colour.
public struct AsciiCanvas: Canvas, Sendable {
  /// Number of cells (= pixels) across.
  public let columns: Int
  /// Number of cells (= pixels) down.
  public let rows: Int
  private var grid: [Character?]

  /// A blank canvas of `columns` × `rows` cells (negative sizes count as 0). O(columns·rows).
  public init(columns: Int, rows: Int) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    grid = Array(repeating: nil, count: self.columns * self.rows)
  }

  /// Pixels across (`columns`).
  public var pixelWidth: Int { columns }
  /// Pixels down (`rows`).
  public var pixelHeight: Int { rows }

  /// Turns on pixel (x, y); ignored off the grid. O(1).
  public mutating func setPixel(x: Int, y: Int, marker: Character) {
    guard x >= 0, x < columns, y >= 0, y < rows else { return }
    grid[y * columns + x] = marker
  }

  /// The character of cell (column, row), or nil when it is blank or off the grid.
  public func cell(column: Int, row: Int) -> Character? {
    guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
    return grid[row * columns + column]
  }
}
