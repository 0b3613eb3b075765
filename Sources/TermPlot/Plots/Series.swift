// The data of a line plot: one named series of (x, y) points with how it is drawn.

/// One named series of (x, y) points of a `LinePlot`.
public struct Series {
  /// Name shown in the legend (no legend entry when empty).
  public var name: String
  /// x coordinates; only the first `min(x.count, y.count)` points are used.
  public var x: [Double]
  /// y coordinates.
  public var y: [Double]
  /// Character drawn for this series on an ASCII canvas; `nil` (or a character that is not one
  /// column wide, or a control character) picks `Series.markers[index]`.
  public var marker: Character?
  /// Whether consecutive points are joined by line segments (a non-finite or skipped point
  /// breaks the line); `false` draws the points only.
  public var connected: Bool
  /// On a braille canvas, where markers are not shown and the pixels of all series merge, a
  /// character drawn over the cell of every point (one column wide), so that a series can be
  /// told from one drawn on top of it without colour; nil draws none.
  public var pointMark: Character? = nil

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
