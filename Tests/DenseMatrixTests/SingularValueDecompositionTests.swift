// The Jacobi SVD: reconstruction and orthogonality over seeded random matrices of many shapes,
// prescribed spectra recovered, rank-deficient and zero matrices, extreme scales, NaN input.

import Testing
import DenseMatrix

@Suite struct SingularValueDecompositionTests {
  /// ‖U diag(σ) Vᵀ − W‖F / ‖W‖F by plain loops (0 for W = 0 reconstructed exactly).
  func reconstructionError(_ w: Matrix, _ d: SingularValueDecomposition) -> Double {
    var us = d.u
    for i in 0 ..< us.rows { for j in 0 ..< us.columns { us[i, j] *= d.singularValues[j] } }
    let r = naiveProduct(us, d.v.transposed())
    let diff = plainFrobenius(try! r - w)
    let scale = plainFrobenius(w)
    return scale > 0 ? diff / scale : diff
  }

  @Test(arguments: propertyShapes, propertySeeds)
  func reconstructsAndIsOrthogonal(shape: (Int, Int), seed: UInt64) throws {
    let w = try gaussian(shape.0, shape.1, seed: seed)
    let d = try w.svd()
    let k = min(shape.0, shape.1)
    #expect(d.u.shape == Shape(shape.0, k))
    #expect(d.v.shape == Shape(shape.1, k))
    #expect(d.singularValues.count == k)
    #expect(zip(d.singularValues, d.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(reconstructionError(w, d) <= 1e-12)
    #expect(orthogonalityDefect(d.u) <= 1e-12)
    #expect(orthogonalityDefect(d.v) <= 1e-12)
    // The vector-free path gives the same values.
    let sigma = try w.singularValues()
    for (a, b) in zip(sigma, d.singularValues) { #expect(abs(a - b) <= 1e-13 * d.singularValues[0]) }
  }

  @Test(arguments: [
    (8, 5, [3.0, 2, 1, 0.5, 0.25]), (5, 8, [1.0, 0.99, 0.5]), (20, 20, [1e3, 1, 1e-3, 1e-6]),
    (6, 6, [2.0, 2, 2, 1, 1, 0]), (1, 7, [4.0]), (7, 1, [0.0]),
  ])
  func recoversPrescribedSpectrum(m: Int, n: Int, sv: [Double]) throws {
    var rng = RandomSource(seed: 9)
    let w = try Matrix.spectrum(m, n, singularValues: sv, using: &rng)
    let expected = (sv + [Double](repeating: 0, count: min(m, n) - sv.count)).sorted(by: >)
    let got = try w.singularValues()
    for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-13 * expected[0] + 1e-300) }
    let d = try w.svd()
    #expect(reconstructionError(w, d) <= 1e-12)
    #expect(orthogonalityDefect(d.u) <= 1e-12)
    #expect(orthogonalityDefect(d.v) <= 1e-12)
  }

  @Test func rankDeficientAndZeroMatrices() throws {
    // Rank 1: u vᵀ; the zero columns of U are completed to an orthonormal set.
    let u = [1.0, 2, 3, 4]
    let v = [2.0, -1, 0.5]
    let w = naiveProduct(Matrix(column: u), Matrix(column: v).transposed())
    let d = try w.svd()
    #expect(relativeError(d.singularValues[0], Vector.norm(u) * Vector.norm(v)) < 1e-14)
    #expect(d.singularValues.dropFirst().allSatisfy { $0 <= 1e-14 * d.singularValues[0] })
    #expect(reconstructionError(w, d) <= 1e-12)
    #expect(orthogonalityDefect(d.u) <= 1e-12)
    #expect(orthogonalityDefect(d.v) <= 1e-12)

    for (m, n) in [(3, 3), (4, 2), (2, 5), (1, 1)] {
      let z = try Matrix.zeros(m, n)
      let dz = try z.svd()
      #expect(dz.singularValues == [Double](repeating: 0, count: min(m, n)))
      #expect(orthogonalityDefect(dz.u) <= 1e-15)
      #expect(orthogonalityDefect(dz.v) <= 1e-15)
    }
    let empty = try Matrix.zeros(0, 3).svd()
    #expect(empty.singularValues.isEmpty)
  }

  @Test func diagonalGivesSortedAbsoluteValues() throws {
    let d = try Matrix.diag([3, -7, 0, 0.5]).svd()
    #expect(d.singularValues == [7, 3, 0.5, 0])
  }

  @Test(arguments: [1e-200, 1e-150, 1.0, 1e150, 1e300])
  func extremeScalesDoNotOverflow(scale: Double) throws {
    let w = try gaussian(6, 4, seed: 5)
    let reference = try w.singularValues()
    let scaled = try (w * scale).singularValues()
    for (a, b) in zip(scaled, reference) { #expect(relativeError(a, b * scale) < 1e-13) }
  }

  @Test func nonFiniteInputThrows() throws {
    for bad in [Double.nan, .infinity, -.infinity] {
      let w = try Matrix([[1, 2], [bad, 4]])
      #expect(throws: MatrixError.nonFinite(op: "svd")) { try w.svd() }
      #expect(throws: MatrixError.nonFinite(op: "svd")) { try w.spectralNorm() }
    }
  }

  @Test func hundredByHundredAndIllConditioned() throws {
    let w = try gaussian(100, 100, seed: 2)
    let d = try w.svd()
    #expect(reconstructionError(w, d) <= 1e-12)
    #expect(orthogonalityDefect(d.u) <= 1e-12)
    let h = try Matrix.hilbert(8)
    let dh = try h.svd()
    #expect(reconstructionError(h, dh) <= 1e-13)
    #expect(orthogonalityDefect(dh.v) <= 1e-12)
  }
}

@Suite struct SingularValueDecompositionScaleTests {
  @Test func subnormalAndHugeEntries() throws {
    // Entries near the bottom of the subnormal range and near the top of the finite range.
    let tiny = try Matrix([[3e-322, 0], [0, 4e-322]])
    #expect(try tiny.singularValues() == [4e-322, 3e-322])
    let huge = try Matrix([[1.5e308, 0], [0, -1e308]])
    #expect(try huge.singularValues() == [1.5e308, 1e308])
    let mixed = try Matrix([[1e308, 1e308], [1e308, -1e308]])
    for s in try mixed.singularValues() { #expect(relativeError(s, Double(2).squareRoot() * 1e308) < 1e-15) }
  }
}
