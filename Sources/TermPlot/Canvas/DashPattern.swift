// Dash patterns: how series stay distinguishable on a braille canvas, where colour is not allowed
// and pixels of all series merge.

/// Which pixels of a line are drawn: `on` pixels, then `off` pixels, repeating. `off == 0` is solid.
public struct DashPattern: Equatable, Sendable {
  /// Pixels drawn per period (at least 1).
  public var on: Int
  /// Pixels skipped per period (0 for a solid line).
  public var off: Int

  /// A pattern of `on` drawn then `off` skipped pixels; values are clamped to on ≥ 1, off ≥ 0.
  public init(on: Int, off: Int) {
    self.on = max(1, on)
    self.off = max(0, off)
  }

  /// Every pixel drawn.
  public static let solid = DashPattern(on: 1, off: 0)

  /// The patterns series are drawn with on a braille canvas, by series index (cycling):
  /// solid, dashed, dotted, long-dashed — so series stay distinguishable without colour.
  public static let cycle: [DashPattern] = [
    .solid, DashPattern(on: 4, off: 2), DashPattern(on: 1, off: 1), DashPattern(on: 6, off: 3),
  ]

  /// Whether the pixel at position `step` along a line (counted from 0) is drawn.
  public func draws(step: Int) -> Bool {
    off == 0 || step % (on + off) < on
  }
}
