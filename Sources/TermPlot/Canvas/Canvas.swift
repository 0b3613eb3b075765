// The pixel layer of a plot: a grid of character cells, each holding a fixed block of pixels, with
// deterministic point and line rasterisation shared by every canvas kind.

/// A grid of `columns` × `rows` character cells addressed by pixels, (0, 0) at the top left.
///
/// Writes outside the grid are ignored, never trapped. Rendering a cell gives `nil` when nothing
/// was drawn in it.
public protocol Canvas {
  /// Number of character cells across.
  var columns: Int { get }
  /// Number of character cells down.
  var rows: Int { get }
  /// Pixels across: `columns × pixels per cell`.
  var pixelWidth: Int { get }
  /// Pixels down: `rows × pixels per cell`.
  var pixelHeight: Int { get }
  /// Turns on the pixel (x, y); `marker` is the character an ASCII canvas shows for it (a braille
  /// canvas ignores it). O(1).
  mutating func setPixel(x: Int, y: Int, marker: Character)
  /// What cell (column, row) shows, or `nil` when no pixel in it is on (or it is off the grid).
  func cell(column: Int, row: Int) -> Character?
  /// Shows `mark` in the whole cell holding pixel (x, y), over whatever is drawn there (an ASCII
  /// canvas, one pixel per cell, sets that pixel with `mark` as its marker). O(1).
  mutating func setMark(x: Int, y: Int, mark: Character)
}

extension Canvas {
  /// One pixel per cell: the mark is the pixel's marker.
  public mutating func setMark(x: Int, y: Int, mark: Character) { setPixel(x: x, y: y, marker: mark) }
}

extension Canvas {
  /// Draws the segment from pixel (x0, y0) to (x1, y1) with Bresenham's algorithm.
  ///
  /// Deterministic: the pixels depend only on the endpoints (both included) and `pattern`.
  /// `phase` counts pixels along consecutive segments of one polyline so a dash pattern continues
  /// across short segments; it is advanced by the number of pixels stepped. O(max(|Δx|, |Δy|)).
  public mutating func drawLine(
    from p0: (x: Int, y: Int), to p1: (x: Int, y: Int), marker: Character,
    pattern: DashPattern = .solid, phase: inout Int
  ) {
    var x = p0.x
    var y = p0.y
    let dx = abs(p1.x - p0.x)
    let dy = -abs(p1.y - p0.y)
    let sx = p0.x < p1.x ? 1 : -1
    let sy = p0.y < p1.y ? 1 : -1
    var error = dx + dy
    while true {
      if pattern.draws(step: phase) { setPixel(x: x, y: y, marker: marker) }
      if x == p1.x && y == p1.y { break }
      phase += 1
      let e2 = 2 * error
      if e2 >= dy {
        error += dy
        x += sx
      }
      if e2 <= dx {
        error += dx
        y += sy
      }
    }
  }

  /// The cells of `row` as a string of exactly `columns` characters; `blank` where nothing is drawn.
  public func rowString(_ row: Int, blank: Character = " ") -> String {
    var s = ""
    for column in 0..<columns { s.append(cell(column: column, row: row) ?? blank) }
    return s
  }
}
