// Norms: the inequalities between them over seeded random matrices, closed forms (diagonal,
// orthogonal, rank-1, Hilbert), rank tolerance and condition numbers.

import Testing
import DenseMatrix

@Suite struct NormTests {
  @Test(arguments: propertyShapes, propertySeeds)
  func normInequalities(shape: (Int, Int), seed: UInt64) throws {
    let a = try gaussian(shape.0, shape.1, seed: seed)
    let two = try a.spectralNorm()
    let fro = a.frobeniusNorm
    let rank = try a.rank()
    let slack = 1 + 1e-13
    #expect(relativeError(fro, plainFrobenius(a)) < 1e-14)
    #expect(two <= fro * slack)
    #expect(fro <= (Double(rank)).squareRoot() * two * slack)
    #expect(relativeError(try a.transposed().spectralNorm(), two) < 1e-13)
    #expect(two <= a.geometricMeanBound * slack)
    #expect(two <= a.clippingBound * slack)
    // ‖A‖F² = Σσᵢ²
    let sumSquares = try a.singularValues().reduce(0) { $0 + $1 * $1 }
    #expect(relativeError(sumSquares.squareRoot(), fro) < 1e-13)
    #expect(rank == min(shape.0, shape.1))
  }

  @Test func entrywiseNorms() throws {
    let a = try Matrix([[1, -2, 3], [-4, 5, -6]])
    #expect(a.norm1 == 9)
    #expect(a.normInf == 15)
    #expect(a.maxAbs == 6)
    #expect(a.geometricMeanBound == (135.0).squareRoot())
    #expect(a.clippingBound == 6 * (6.0).squareRoot())
    #expect(a.frobeniusNorm == (91.0).squareRoot())
    let empty = try Matrix.zeros(0, 4)
    #expect(empty.norm1 == 0 && empty.normInf == 0 && empty.maxAbs == 0)
    #expect(try empty.spectralNorm() == 0)
    #expect(throws: MatrixError.self) { try empty.conditionNumber() }
  }

  @Test func diagonalClosedForm() throws {
    let d = Matrix.diag([3, -4, 0.5])
    #expect(try d.singularValues() == [4, 3, 0.5])
    #expect(try d.spectralNorm() == 4)
    #expect(d.frobeniusNorm == (25.25).squareRoot())
    #expect(try d.conditionNumber() == 8)
    // The example from the issue: norms [3 0; 0 4] gives ‖W‖₂ = 4 and ‖W‖F = 5.
    let w = try Matrix([[3, 0], [0, 4]])
    #expect(try w.spectralNorm() == 4)
    #expect(w.frobeniusNorm == 5)
  }

  @Test(arguments: [1, 3, 8, 25])
  func orthogonalClosedForm(n: Int) throws {
    var rng = RandomSource(seed: 77)
    let q = try Matrix.orth(n, using: &rng)
    for s in try q.singularValues() { #expect(abs(s - 1) < 1e-13) }
    #expect(abs(q.frobeniusNorm - Double(n).squareRoot()) < 1e-13)
    #expect(try q.rank() == n)
    #expect(abs(try q.conditionNumber() - 1) < 1e-12)
  }

  @Test(arguments: [(4, 3), (1, 6), (6, 1), (10, 10)])
  func rankOneClosedForm(m: Int, n: Int) throws {
    var rng = RandomSource(seed: 3)
    let u = (0 ..< m).map { _ in rng.normal() }
    let v = (0 ..< n).map { _ in rng.normal() }
    let w = naiveProduct(Matrix(column: u), Matrix(column: v).transposed())
    #expect(relativeError(try w.spectralNorm(), Vector.norm(u) * Vector.norm(v)) < 1e-14)
    #expect(try w.rank() == 1)
    // Rank 1: ‖W‖₂ = ‖W‖F.
    #expect(relativeError(try w.spectralNorm(), w.frobeniusNorm) < 1e-14)
    // σ_min is rounding noise: cond is huge (Inf only for an exact 0) and flagged as such.
    if min(m, n) > 1 {
      let c = try w.condition()
      #expect(c.isNumericallySingular)
      #expect(c.value > 1e14)
    }
  }

  // Reference values from 40-digit eigenvalues of the Hilbert matrices (mpmath).
  @Test func hilbertKnownValues() throws {
    #expect(relativeError(try Matrix.hilbert(3).spectralNorm(), 1.4083189271236539575) < 1e-15)
    #expect(relativeError(try Matrix.hilbert(4).spectralNorm(), 1.5002142800592428232) < 1e-15)
    #expect(relativeError(try Matrix.hilbert(4).conditionNumber(), 15513.738738932588223) < 1e-12)
    #expect(relativeError(try Matrix.hilbert(5).conditionNumber(), 476607.25024256080938) < 1e-10)
    let smallest = try Matrix.hilbert(5).singularValues().last!
    #expect(relativeError(smallest, 3.2879287721718629571e-6) < 1e-10)
    #expect(try Matrix.hilbert(5).rank() == 5)
  }

  @Test func rankTolerance() throws {
    let w = Matrix.diag([1, 1e-8, 1e-20, 0])
    #expect(try w.rank() == 2)  // default cut 4·ε ≈ 8.9e-16
    #expect(try w.rank(tolerance: 1e-7) == 1)
    #expect(try w.conditionNumber() == .infinity)
    #expect(try Matrix.diag([1, 1e-8]).conditionNumber() == 1e8)
    #expect(try w.rank(tolerance: 0) == 3)
    #expect(try w.rank(tolerance: 2) == 0)
    #expect(try Matrix.zeros(3, 4).rank() == 0)
    #expect(try Matrix.zeros(3, 4).conditionNumber() == .infinity)
    #expect(throws: MatrixError.self) { try w.rank(tolerance: -1) }
    #expect(throws: MatrixError.self) { try w.rank(tolerance: .nan) }
    var rng = RandomSource(seed: 8)
    let lowRank = try Matrix.spectrum(12, 9, singularValues: [5, 2, 1], using: &rng)
    #expect(try lowRank.rank() == 3)
  }
}

/// The norms at extreme scales: every quantity of 10ᵏ·[1 2; 3 4] is 10ᵏ times that of [1 2; 3 4]
/// (closed forms: ‖·‖F = sqrt(30), ‖·‖₁ = 6, ‖·‖∞ = 7, σ₁ = sqrt(15 + sqrt(221))), so every
/// bound stays above ‖W‖₂ wherever the values are representable.
@Suite struct NormScaleTests {
  static let scales = Array(-150 ... 150)

  @Test(arguments: scales)
  func boundsHoldAtEveryScale(k: Int) throws {
    let t = Double("1e\(k)")!
    let w = try Matrix([[t, 2 * t], [3 * t, 4 * t]])
    let sigma = try w.spectralNorm()
    #expect(relativeError(sigma, (15 + 221.0.squareRoot()).squareRoot() * t) < 1e-14)
    #expect(relativeError(w.frobeniusNorm, 30.0.squareRoot() * t) < 1e-14)
    #expect(relativeError(w.geometricMeanBound, 42.0.squareRoot() * t) < 1e-14)
    #expect(sigma <= w.geometricMeanBound)
    #expect(sigma <= w.frobeniusNorm)
    #expect(sigma <= w.clippingBound)
  }

  @Test func theIssuesExamples() throws {
    // sqrt(‖W‖₁‖W‖∞) of diag(1e300, 1e300) is 1e300; ‖W‖F of 1e200·ones(2, 2) is 2e200.
    #expect(Matrix.diag([1e300, 1e300]).geometricMeanBound == 1e300)
    let big = try Matrix([[1e200, 1e200], [1e200, 1e200]])
    #expect(relativeError(big.frobeniusNorm, 2e200) < 1e-15)
    #expect(relativeError(Vector.norm(try big.singularValues()), 2e200) < 1e-15)
    let tiny = try Matrix([[1e-170, 2e-170], [3e-170, 4e-170]])
    #expect(tiny.geometricMeanBound > 0 && tiny.frobeniusNorm > 0)
  }

  @Test func conditionNumberIgnoresTheRankTolerance() throws {
    // NumPy: cond(hilbert(11)) = 5.22e14. σ_min is at rounding level there, so only the order
    // of magnitude is meaningful; the point is that it is finite.
    let c11 = try Matrix.hilbert(11).conditionNumber()
    #expect(c11 > 2.5e14 && c11 < 1e15)
    var rng = RandomSource(seed: 3)
    let w = try Matrix.spectrum(16, 16, singularValues: [1] + Array(repeating: 0.5, count: 14) + [1e-15], using: &rng)
    let c = try w.condition()
    #expect(c.value.isFinite && c.value > 1e14)
    #expect(c.isNumericallySingular)
    #expect(relativeError(try Matrix.diag([1, 1e-15]).conditionNumber(), 1e15) < 1e-15)
  }
}

/// A rank-1 matrix stored in float32 (every entry rounded to Float) has full numerical rank at
/// the double ε, as the issue saw, and rank 1 at float32's ε = 2⁻²³, NumPy's matrix_rank choice
/// for a float32 array — the tolerance `rank()` uses when the matrix's `precision` is `.single`
/// (ElementPrecisionTests).
@Test func float32RoundingNeedsFloat32Epsilon() throws {
  var rng = RandomSource(seed: 11)
  let u = (0 ..< 10).map { _ in rng.normal() }, v = (0 ..< 10).map { _ in rng.normal() }
  var w = Matrix(rows: 10, columns: 10)
  for i in 0 ..< 10 { for j in 0 ..< 10 { w[i, j] = Double(Float(u[i] * v[j])) } }
  #expect(try w.rank() == 10)
  let sigma1 = try w.singularValues(method: .jacobi)[0]
  #expect(try w.rank(tolerance: 10 * Double(Float.ulpOfOne) * sigma1) == 1)
  #expect(Double(Float.ulpOfOne) == 0x1p-23 && abs(Double(Float.ulpOfOne) - 1.19e-7) < 0.01e-7)
}
