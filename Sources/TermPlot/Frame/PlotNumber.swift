// The default number formatting of tick and value labels: %g with 3 significant digits.
//
// C's formatting is used directly (not Foundation's), so that TermPlot, and liplab with it, starts
// without loading Foundation and its ICU data.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
    return withVaList([Int32(min(17, max(1, digits))), v]) { arguments in
      var buffer = [CChar](repeating: 0, count: 64)
      _ = vsnprintf(&buffer, buffer.count, "%.*g", arguments)
      return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }

  /// The default formatter: `significant(value, digits: 3)`.
  public static func standard(_ value: Double) -> String { significant(value, digits: 3) }
}
