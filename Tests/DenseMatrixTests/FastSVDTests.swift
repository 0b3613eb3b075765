// The fast SVD route against the Jacobi reference: singular values on Gaussian, graded,
// rank-deficient, repeated and extreme-scale matrices of many shapes (block tails included),
// reconstruction and orthogonality with vectors, σ₁ against closed forms, thread-count
// independence and interruption.

import Foundation
import Testing

@testable import DenseMatrix

@Suite struct FastSVDTests {
  /// Runs `body` with an interruption requested after `polls` checks.
  func interrupted<T>(after polls: Int, _ body: () throws -> T) throws -> T {
    let counter = PollCounter(polls)
    return try Interruption.withCheck({ counter.poll() }) { try body() }
  }

  /// Shapes: square, tall (with and without the QR step), wide, vectors, odd sizes around the
  /// block size 32.
  static let shapes: [(Int, Int)] = [
    (1, 1), (2, 2), (3, 3), (1, 9), (9, 1), (7, 12), (12, 7), (31, 31), (33, 33), (45, 20),
    (20, 45), (70, 33), (64, 64), (100, 37), (37, 100), (65, 66),
  ]

  /// Every fast σᵢ is within 1e-14·σ₁ of Jacobi's.
  func expectClose(_ fast: [Double], _ jacobi: [Double], _ note: String = "") {
    #expect(fast.count == jacobi.count)
    let scale = jacobi.first ?? 0
    for (i, (a, b)) in zip(fast, jacobi).enumerated() {
      #expect(abs(a - b) <= 1e-14 * scale, "σ\(i + 1): \(a) vs \(b) \(note)")
    }
  }

  /// ‖U diag(σ) Vᵀ − W‖F / ‖W‖F by plain loops.
  func reconstructionError(_ w: Matrix, _ d: SingularValueDecomposition) -> Double {
    var us = d.u
    for i in 0 ..< us.rows { for j in 0 ..< us.columns { us[i, j] *= d.singularValues[j] } }
    let r = naiveProduct(us, d.v.transposed())
    let diff = plainFrobenius(try! r - w)
    let scale = plainFrobenius(w)
    return scale > 0 ? diff / scale : diff
  }

  @Test(arguments: shapes)
  func gaussianValuesMatchJacobi(shape: (Int, Int)) throws {
    let w = try gaussian(shape.0, shape.1, seed: 3)
    expectClose(try w.singularValues(), try w.singularValues(method: .jacobi), "\(shape)")
  }

  @Test(arguments: shapes)
  func vectorsReconstructAndAreOrthogonal(shape: (Int, Int)) throws {
    let w = try gaussian(shape.0, shape.1, seed: 5)
    let d = try w.svd()
    let k = min(shape.0, shape.1)
    #expect(d.u.shape == Shape(shape.0, k))
    #expect(d.v.shape == Shape(shape.1, k))
    #expect(zip(d.singularValues, d.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(reconstructionError(w, d) <= 1e-12)
    #expect(orthogonalityDefect(d.u) <= 1e-12)
    #expect(orthogonalityDefect(d.v) <= 1e-12)
    // The vector-free route gives the same values.
    expectClose(try w.singularValues(), d.singularValues)
  }

  @Test(arguments: [(40, 40), (60, 25), (25, 60), (33, 70)])
  func gradedRankDeficientAndRepeatedSpectra(shape: (Int, Int)) throws {
    let k = min(shape.0, shape.1)
    let graded = (0 ..< k).map { pow(10.0, -15 * Double($0) / Double(k - 1)) }
    let deficient = (0 ..< k).map { $0 < k / 3 ? Double($0 + 1) : 0 }
    let repeated = (0 ..< k).map { $0 < k / 2 ? 2.0 : ($0 % 2 == 0 ? 1.0 : 0.5) }
    for (name, s) in [("graded", graded), ("rank-deficient", deficient), ("repeated", repeated)] {
      var rng = RandomSource(seed: 11)
      let w = try Matrix.spectrum(shape.0, shape.1, singularValues: s, using: &rng)
      let fast = try w.singularValues()
      expectClose(fast, try w.singularValues(method: .jacobi), "\(name) \(shape)")
      let d = try w.svd()
      #expect(reconstructionError(w, d) <= 1e-12, "\(name)")
      #expect(orthogonalityDefect(d.u) <= 1e-12, "\(name)")
      #expect(orthogonalityDefect(d.v) <= 1e-12, "\(name)")
    }
  }

  @Test func rowsScaledFromOneToTinyKeepTheirOrder() throws {
    // A Gaussian with rows scaled 1 … 1e-15 (a graded matrix the other way up).
    var w = try gaussian(30, 30, seed: 2)
    for i in 0 ..< 30 {
      for j in 0 ..< 30 { w[i, j] *= pow(10.0, -15 * Double(29 - i) / 29) }
    }
    expectClose(try w.singularValues(), try w.singularValues(method: .jacobi))
    #expect(reconstructionError(w, try w.svd()) <= 1e-12)
  }

  @Test(arguments: [1e-200, 1e-170, 1.0, 1e200, 1e300])
  func extremeScales(scale: Double) throws {
    let w = try gaussian(23, 17, seed: 4) * scale
    let fast = try w.singularValues()
    let jacobi = try w.singularValues(method: .jacobi)
    expectClose(fast, jacobi, "scale \(scale)")
    #expect(fast.allSatisfy { $0.isFinite && $0 > 0 })
    let d = try w.svd()
    #expect(orthogonalityDefect(d.u) <= 1e-12)
    #expect(orthogonalityDefect(d.v) <= 1e-12)
    // Reconstruct at unit scale (the plain loops would overflow): σᵢ/scale against W/scale.
    let unit = SingularValueDecomposition(
      u: d.u, singularValues: d.singularValues.map { $0 / scale }, v: d.v)
    #expect(reconstructionError(w / scale, unit) <= 1e-12)
  }

  @Test func zeroEmptyAndNonFinite() throws {
    for (m, n) in [(3, 3), (4, 2), (2, 5), (1, 1)] {
      let z = try Matrix.zeros(m, n)
      #expect(try z.singularValues() == [Double](repeating: 0, count: min(m, n)))
      let d = try z.svd()
      #expect(orthogonalityDefect(d.u) <= 1e-15)
      #expect(orthogonalityDefect(d.v) <= 1e-15)
    }
    #expect(try Matrix.zeros(0, 3).singularValues().isEmpty)
    #expect(try Matrix.zeros(3, 0).svd().singularValues.isEmpty)
    var w = try gaussian(5, 4, seed: 1)
    w[2, 1] = .nan
    #expect(throws: MatrixError.nonFinite(op: "svd")) { try w.singularValues() }
    w[2, 1] = .infinity
    #expect(throws: MatrixError.nonFinite(op: "svd")) { try w.svd() }
  }

  @Test func largestValueMatchesClosedForms() throws {
    // ones(64, 64)·0.01 has σ₁ = 64·0.01 = 0.64 (0.01 is inexact: compare with 64·fl(0.01)).
    // NOTE: the bidiagonal's σ₁ is 6ε off here (every entry of the constant matrix rounds the
    // same way in the reduction, so nothing averages out); norm2 and Jacobi finish with ‖Wv‖.
    let ones = try Matrix.ones(64, 64) * 0.01
    for (method, bound) in [(SVDMethod.fast, 8.0), (.jacobi, 4)] {
      let top = try ones.singularValues(method: method)[0]
      #expect(relativeError(top, 64 * 0.01) <= bound * Double.ulpOfOne, "\(method) \(top)")
    }
    #expect(relativeError(try ones.spectralNorm(), 64 * 0.01) <= 4 * Double.ulpOfOne)
    // Prescribed spectra Q₁·diag(s)·Q₂ (the factors are orthogonal to rounding).
    for (m, n, top) in [(50, 50, 3.0), (80, 30, 1.0), (30, 80, 7.5), (200, 150, 2.0)] {
      var rng = RandomSource(seed: 21)
      let s = [top] + (1 ..< min(m, n)).map { top * 0.9 / Double($0) }
      let w = try Matrix.spectrum(m, n, singularValues: s, using: &rng)
      for method in SVDMethod.allCases {
        let got = try w.singularValues(method: method)[0]
        #expect(relativeError(got, top) <= 4 * Double.ulpOfOne, "\(m)×\(n) \(method) \(relativeError(got, top) / Double.ulpOfOne)ε")
      }
      #expect(relativeError(try w.spectralNorm(), top) <= 4 * Double.ulpOfOne, "\(m)×\(n) norm2")
    }
  }

  @Test func hilbertConditionNumberIsFiniteAndFlagged() throws {
    // cond(hilbert(12)) of the rounded matrix is 1.6818635e16 (80-digit mpmath SVD of the
    // Double entries; NumPy's numpy.linalg.cond(scipy.linalg.hilbert(12)) gives 1.6426e16).
    // σ_min ≈ 1.07e-16 sits below the rounding level 12·ε·σ₁ ≈ 4.8e-15, so every backward
    // stable SVD returns it with an error comparable to itself: finite, flagged, right order.
    let c = try Matrix.hilbert(12).condition()
    #expect(c.value.isFinite)
    #expect(c.isNumericallySingular)
    #expect(relativeError(c.value, 1.6818635041535032e16) <= 0.3, "\(c.value)")
    let jacobi = try Matrix.hilbert(12).singularValues(method: .jacobi)
    #expect(relativeError(jacobi[0] / jacobi[11], 1.6818635041535032e16) <= 0.3)
    // A well-conditioned case is not flagged: cond(hilbert(5)).
    #expect(try !Matrix.hilbert(5).condition().isNumericallySingular)
    #expect(try Matrix.zeros(3, 3).conditionNumber() == .infinity)
  }

  @Test func threadsGiveBitIdenticalResults() throws {
    for (m, n) in [(300, 300), (700, 200), (200, 520)] {
      let w = try gaussian(m, n, seed: 8)
      let one = try FastSVD.decompose(w, wantVectors: true, threads: 1)
      let two = try FastSVD.decompose(w, wantVectors: true, threads: 2)
      #expect(one.singularValues == two.singularValues)
      #expect(one.u == two.u)
      #expect(one.v == two.v)
    }
  }

  @Test func interruptionStopsWithNothingPartial() throws {
    let w = try gaussian(120, 90, seed: 1)
    for polls in [0, 5, 50] {
      #expect(throws: MatrixError.interrupted) { try interrupted(after: polls) { try w.svd() } }
      #expect(throws: MatrixError.interrupted) { try interrupted(after: polls) { try w.singularValues() } }
    }
    let w2 = try gaussian(300, 120, seed: 1)
    #expect(throws: MatrixError.interrupted) { try interrupted(after: 20) { try w2.singularValues() } }
  }
}

/// A flag that turns true after a number of polls.
private final class PollCounter: @unchecked Sendable {
  private var remaining: Int
  init(_ polls: Int) { remaining = polls }
  func poll() -> Bool {
    if remaining == 0 { return true }
    remaining -= 1
    return false
  }
}
