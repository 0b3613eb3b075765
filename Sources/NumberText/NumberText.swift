// The one spelling of numbers in liplab's text: values with a fixed number of significant digits
// (tables, plots' labels, transcripts) and numbers inside messages, with NaN, Inf and -Inf
// spelled the same way everywhere. The lowest target, so the core's errors, the plots and the
// notebook all print through it.
//
// C's formatting is used directly (not Foundation's), so liplab starts without loading
// Foundation and its ICU data.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers as text.
public enum NumberText {
  /// `x` rounded to `digits` significant digits (clamped to 1…17), in its shortest form: C's
  /// `%g` (round-half-even on the binary value; exponent form when the decimal exponent X of the
  /// rounded value has X < -4 or X ≥ digits, with a sign and at least two digits), trailing
  /// zeros dropped; `-0` prints as `0`, non-finite values as `NaN`, `Inf`, `-Inf`.
  /// Examples with 6 digits: 4 → `4`, 0.1 + 0.2 → `0.3`, 1e-12 → `1e-12`, 123456789 →
  /// `1.23457e+08`, 0.00001 → `1e-05`. Deterministic: independent of the locale. Cost: O(digits).
  public static func significant(_ x: Double, digits: Int) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
    if x == 0 { return "0" }
    var buffer = [CChar](repeating: 0, count: 64)
    let count = withVaList([Int32(min(17, max(1, digits))), x]) { arguments in
      buffer.withUnsafeMutableBufferPointer { pointer in
        vsnprintf(pointer.baseAddress, pointer.count, "%.*g", arguments)
      }
    }
    guard count > 0 else { return x.description }
    // NOTE: the C library formats in the "C" locale unless the program changed it; a decimal
    // comma from another locale is turned back into a point so transcripts never depend on it.
    let bytes = buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }.map { byte -> UInt8 in
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "e"), UInt8(ascii: "+"),
        UInt8(ascii: "-"): return byte
      default: return UInt8(ascii: ".")
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A number inside a message: whole numbers without a trailing ".0", `Inf`, `-Inf` and `NaN`
  /// as values print, anything else in Swift's shortest round-trip form (every digit, so a
  /// message never hides the value that caused it).
  public static func message(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }
}
