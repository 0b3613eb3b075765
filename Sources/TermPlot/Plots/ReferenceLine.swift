// Horizontal reference lines of a line plot (e.g. the slope bound y = 1 under |f'(x)|).

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
