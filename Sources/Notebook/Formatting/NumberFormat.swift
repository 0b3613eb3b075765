// The one way liplab prints a value: a fixed number of significant digits (the `digits`
// setting), so transcripts are stable across runs and machines; the spelling is `NumberText`'s.

import NumberText

/// Formats numbers with a fixed number of significant digits (the `digits` setting).
///
/// Contract: the output depends only on the value and `digits`; trailing zeros are trimmed
/// (`4`, not `4.00000`), very large or small magnitudes switch to exponent form (`1.5e-12`),
/// `-0` prints as `0`, non-finite values print as `NaN`, `Inf`, `-Inf`.
public struct NumberFormat: Sendable, Equatable {
  /// Significant digits, 1…17.
  public var digits: Int

  /// A format with `digits` significant digits (clamped to 1…17).
  public init(digits: Int = 6) {
    self.digits = min(17, max(1, digits))
  }

  /// `x` rounded to `digits` significant digits, in its shortest form.
  ///
  /// The value is first rounded correctly (round-half-even on the binary value, as C's `printf`
  /// does); trailing zeros and a trailing point are then dropped. Exponent form is used when the
  /// decimal exponent X of the rounded value satisfies X < -4 or X ≥ `digits` (C's `%g` rule: a
  /// fixed threshold for a given setting, and no digit is ever shown that is not significant).
  /// The exponent has a sign and at least two digits: `1e-12`, `1.23457e+08`.
  /// Examples with 6 digits: 4 → `4`, 0.1 + 0.2 → `0.3`, 1e-12 → `1e-12`,
  /// 123456789 → `1.23457e+08`, 0.0001 → `0.0001`, 0.00001 → `1e-05`. Cost: O(digits).
  public func string(_ x: Double) -> String { NumberText.significant(x, digits: digits) }
}
