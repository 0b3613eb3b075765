// The Jacobi SVD's rotation angle and significance test (internal) against their definitions:
// the rotation must make the 2×2 Gram matrix [α γ; γ β] diagonal, in both formula branches.

import Testing
@testable import DenseMatrix

@Suite struct JacobiRotationTests {
  static let cases: [(Double, Double, Double)] = [
    (1, 2, 0.5), (2, 1, 0.5), (1, 1, 0.3), (1, 1, -0.3), (3, 1, -1e-3), (1, 3, 1e-12),
    (5, 5 + 1e-9, 2), (1e-200, 2e-200, 1e-200), (1e150, 3e150, -1e150), (4, 9, 5.9),
  ]

  @Test(arguments: cases)
  func diagonalisesTheGramMatrix(alpha: Double, beta: Double, gamma: Double) {
    let (c, s, t) = JacobiSVD.rotationAngle(alpha: alpha, beta: beta, gamma: gamma)
    #expect(abs(c * c + s * s - 1) < 1e-15)
    #expect(abs(t - s / c) <= 1e-15 * max(abs(t), 1e-300))
    // The smaller rotation: |t| ≤ 1, so c ≥ 1/√2.
    #expect(c >= 0.7071067811865 && abs(t) <= 1 + 1e-15)
    // x' = c x − s y, y' = s x + c y: x'ᵀy' = cs(α − β) + (c² − s²)γ = 0.
    let offDiagonal = c * s * (alpha - beta) + (c * c - s * s) * gamma
    #expect(abs(offDiagonal) <= 1e-14 * alpha.squareRoot() * beta.squareRoot())
    // The norm identities the sweep relies on.
    let newAlpha = c * c * alpha - 2 * c * s * gamma + s * s * beta
    #expect(abs(newAlpha - (alpha - t * gamma)) <= 1e-14 * max(alpha, beta))
  }

  @Test func significance() {
    let tolerance = 16 * Double.ulpOfOne
    #expect(JacobiSVD.isSignificant(1e-10, 1, 1, tolerance: tolerance))
    #expect(!JacobiSVD.isSignificant(1e-16, 1, 1, tolerance: tolerance))
    #expect(!JacobiSVD.isSignificant(-1e-16, 1, 1, tolerance: tolerance))
    #expect(JacobiSVD.isSignificant(1e-300, 1e-290, 1e-290, tolerance: tolerance))
    #expect(!JacobiSVD.isSignificant(1e-306, 1e-290, 1e-290, tolerance: tolerance))
  }
}
