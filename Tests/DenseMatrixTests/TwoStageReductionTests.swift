// The two-stage route to the singular values: the band reduction leaves an exact band with A's
// singular values, the bulge chase leaves an exact bidiagonal with the band's, and the whole
// route matches the Jacobi reference on every test family, forced onto small matrices and narrow
// bands so that every panel edge and chase step runs.

import Foundation
import Testing

@testable import DenseMatrix

@Suite struct TwoStageReductionTests {
  /// Shapes m×n, square, tall below the QR step's ratio and (through the driver) wide.
  static let shapes: [(Int, Int)] = [
    (1, 1), (2, 2), (3, 3), (5, 4), (9, 7), (12, 12), (17, 13), (31, 31), (40, 33), (64, 64),
  ]
  static let bandwidths = [1, 2, 3, 5, 8, 32]

  /// Every σᵢ within 1e-14·σ₁ of the reference.
  func expectClose(_ got: [Double], _ reference: [Double], _ note: String) {
    #expect(got.count == reference.count, "\(note)")
    let scale = reference.first ?? 0
    for (i, (a, b)) in zip(got, reference).enumerated() {
      #expect(abs(a - b) <= 1e-14 * scale, "σ\(i + 1): \(a) vs \(b) \(note)")
    }
  }

  /// The first stage on `w`'s entries with bandwidth `bw`: the top n×n block.
  func band(_ w: Matrix, _ bw: Int) throws -> [Double] {
    var a = w.elements
    try a.withUnsafeMutableBufferPointer { p in
      try BandReduction.reduce(
        p.baseAddress!, rows: w.rows, columns: w.columns, bandwidth: bw, threads: 1,
        checkpoint: { _ in })
    }
    let n = w.columns
    for i in 0 ..< w.rows {
      for j in 0 ..< n where i >= n || j < i || j > i + bw {
        #expect(a[i * n + j] == 0, "entry (\(i), \(j)) outside the band of \(bw)")
      }
    }
    return Array(a[0 ..< n * n])
  }

  @Test(arguments: shapes)
  func bandKeepsTheSingularValues(shape: (Int, Int)) throws {
    let w = try gaussian(shape.0, shape.1, seed: 21)
    let reference = try w.singularValues(method: .jacobi)
    for bw in Self.bandwidths {
      let top = try Matrix(rows: shape.1, columns: shape.1, elements: try band(w, bw))
      expectClose(try top.singularValues(method: .jacobi), reference, "\(shape) band \(bw)")
    }
  }

  @Test(arguments: shapes)
  func chaseLeavesAnExactBidiagonalWithTheBandsValues(shape: (Int, Int)) throws {
    let w = try gaussian(shape.0, shape.1, seed: 22)
    let n = shape.1
    let reference = try w.singularValues(method: .jacobi)
    for bw in Self.bandwidths {
      var a = try band(w, bw)
      let (d, e) = try a.withUnsafeMutableBufferPointer { p in
        try BandBidiagonalization.reduce(p.baseAddress!, n: n, ld: n, bandwidth: bw, checkpoint: { _ in })
      }
      for i in 0 ..< n {
        for j in 0 ..< n where j != i && j != i + 1 {
          #expect(a[i * n + j] == 0, "entry (\(i), \(j)) left by the chase, band \(bw) \(shape)")
        }
      }
      #expect(d == (0 ..< n).map { a[$0 * n + $0] })
      var bidiagonal = try Matrix.zeros(n, n)
      for i in 0 ..< n { bidiagonal[i, i] = d[i] }
      for i in 0 ..< max(n - 1, 0) { bidiagonal[i, i + 1] = e[i] }
      expectClose(try bidiagonal.singularValues(method: .jacobi), reference, "\(shape) band \(bw)")
    }
  }

  /// The driver's two-stage route on small matrices, every family of FastSVDTests.
  func twoStage(_ w: Matrix, bandwidth: Int = 5, threads: Int = 1) throws -> [Double] {
    try FastSVD.decompose(
      w, wantVectors: false, threads: threads, twoStageFrom: 1, bandwidth: bandwidth
    ).singularValues
  }

  @Test(arguments: [(40, 40), (60, 25), (25, 60), (33, 70), (100, 37), (7, 12)])
  func routeMatchesJacobiOnEveryFamily(shape: (Int, Int)) throws {
    let k = min(shape.0, shape.1)
    let gaussianValues = try gaussian(shape.0, shape.1, seed: 3)
    expectClose(
      try twoStage(gaussianValues), try gaussianValues.singularValues(method: .jacobi),
      "gaussian \(shape)")
    let graded = (0 ..< k).map { pow(10.0, -15 * Double($0) / Double(max(k - 1, 1))) }
    let deficient = (0 ..< k).map { $0 < k / 3 ? Double($0 + 1) : 0 }
    let repeated = (0 ..< k).map { $0 < k / 2 ? 2.0 : ($0 % 2 == 0 ? 1.0 : 0.5) }
    for (name, s) in [("graded", graded), ("rank-deficient", deficient), ("repeated", repeated)] {
      var rng = RandomSource(seed: 11)
      let w = try Matrix.spectrum(shape.0, shape.1, singularValues: s, using: &rng)
      for bw in [1, 4, 32] {
        expectClose(try twoStage(w, bandwidth: bw), try w.singularValues(method: .jacobi), "\(name) \(shape) band \(bw)")
      }
    }
  }

  @Test(arguments: [1e-200, 1e-170, 1.0, 1e200, 1e300])
  func extremeScales(scale: Double) throws {
    let w = try gaussian(23, 17, seed: 4) * scale
    let values = try twoStage(w)
    expectClose(values, try w.singularValues(method: .jacobi), "scale \(scale)")
    #expect(values.allSatisfy { $0.isFinite && $0 > 0 })
  }

  @Test func largeMatricesTakeTheRouteAndThreadsAgreeBitForBit() throws {
    // 300 columns: past `twoStageColumns`, so the default singularValues() runs it.
    #expect(FastSVD.twoStageColumns <= 300)
    let w = try gaussian(300, 300, seed: 9)
    let one = try w.singularValues(threads: 1)
    #expect(one == (try w.singularValues(threads: 2)))
    let oneStage = try FastSVD.decompose(w, wantVectors: false, twoStageFrom: .max).singularValues
    expectClose(one, oneStage, "300² two-stage against one-stage")
    #expect(abs(one[0] - 2 * sqrt(300.0)) / one[0] < 0.1)  // Marchenko–Pastur edge: 2√n
  }

  @Test func largestValueOfAPrescribedSpectrumToFourUlps() throws {
    // Q₁·diag(s)·Q₂ with σ₁ = top (the factors orthogonal to rounding), through the band.
    for (m, n, top, bw) in [(60, 60, 3.0, 5), (90, 70, 1.0, 8), (70, 90, 7.5, 32)] {
      var rng = RandomSource(seed: 21)
      let s = [top] + (1 ..< min(m, n)).map { top * 0.9 / Double($0) }
      let w = try Matrix.spectrum(m, n, singularValues: s, using: &rng)
      let got = try twoStage(w, bandwidth: bw)[0]
      #expect(relativeError(got, top) <= 4 * Double.ulpOfOne, "\(m)×\(n) band \(bw): \(relativeError(got, top) / Double.ulpOfOne)ε")
    }
  }
}
