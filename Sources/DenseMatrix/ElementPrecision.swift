// The precision a matrix's entries were rounded to before liplab held them as doubles: the unit
// roundoff that rounding-level tolerances (rank, the rounding level of cond and svd) must use.

/// The floating-point format a matrix's entries came from; every entry is held as a `Double`.
///
/// A matrix read from a float32 file holds float32 values exactly, but those values carry
/// float32's rounding (relative error up to 2⁻²⁴), so the level below which a singular value is
/// rounding noise is max(m, n)·ε·σ₁ with float32's ε = 2⁻²³, not double's 2⁻⁵², as NumPy's
/// `matrix_rank` does for a float32 array.
public enum ElementPrecision: Sendable, Hashable {
  /// IEEE double (float64): every matrix liplab computes.
  case double
  /// IEEE single (float32): entries read from single-precision data.
  case single

  /// Machine epsilon of the format: 2⁻⁵² for double, 2⁻²³ for single.
  public var epsilon: Double {
    switch self {
    case .double: Double.ulpOfOne
    case .single: Double(Float.ulpOfOne)
    }
  }

  /// NumPy's name of the format: `float64` or `float32`.
  public var name: String {
    switch self {
    case .double: "float64"
    case .single: "float32"
    }
  }
}
