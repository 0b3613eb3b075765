// The line that says which ε a rounding level used, printed by rank, cond, norms and svd when a
// matrix's entries came from a format coarser than double (a float32 .npy file).

import DenseMatrix

extension ElementPrecision {
  /// ε as the notes print it: `2⁻⁵² ≈ 2.22e-16`, `2⁻²³ ≈ 1.19e-7`.
  var epsilonText: String {
    switch self {
    case .double: "2⁻⁵² ≈ 2.22e-16"
    case .single: "2⁻²³ ≈ 1.19e-7"
    }
  }

  /// `W came from float32: rounding level max(m, n)·ε·σ₁ uses ε = 2⁻²³ ≈ 1.19e-7`, without
  /// the `note: ` prefix; nil for double, whose ε every other output assumes.
  func roundingNote(for name: String) -> String? {
    guard self != .double else { return nil }
    return "\(name) came from \(self.name): rounding level max(m, n)·ε·σ₁ uses ε = \(epsilonText)"
  }
}
