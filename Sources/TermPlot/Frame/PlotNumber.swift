// The default number formatting of tick and value labels: %g with 3 significant digits.
import Foundation

/// Formats a number for a tick or value label; callers pass their own to match their settings.
public typealias PlotFormatter = (Double) -> String

/// Default label formatting.
public enum PlotNumber {
  /// `%g`-style formatting with `digits` significant digits (clamped to 1...17): `0.3`, `1.25`,
  /// `1e-08`, `1.5e+03`; `-0` prints as `0`, NaN as `nan`, infinities as `inf` / `-inf`.
  /// Deterministic (POSIX formatting, independent of the locale).
  public static func significant(_ value: Double, digits: Int = 3) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let v = value == 0 ? 0 : value  // NOTE: folds -0 into 0 so ticks never read "-0".
    return String(format: "%.\(min(17, max(1, digits)))g", v)
  }

  /// The default formatter: `significant(value, digits: 3)`.
  public static func standard(_ value: Double) -> String { significant(value, digits: 3) }
}
