// The one way liplab prints a number: a fixed number of significant digits, so transcripts are
// stable across runs and machines.

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
}
