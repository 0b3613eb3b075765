// The spectral normalization estimator against PyTorch's formulas computed by hand with Matrix
// operations: initialisation, one training update, evaluation without update, convergence over
// repeated updates, ε behaviour and shape errors.

import Testing
import DenseMatrix

@Suite struct SpectralNormEstimatorTests {
  /// normalize(x) = x / max(‖x‖, eps), written out.
  func normalize(_ x: [Double], _ eps: Double = 1e-12) -> [Double] {
    let d = max(x.reduce(0) { $0 + $1 * $1 }.squareRoot(), eps)
    return x.map { $0 / d }
  }

  @Test func initialisationFollowsPyTorch() {
    var rng = RandomSource(seed: 6)
    var same = RandomSource(seed: 6)
    let sn = SpectralNormEstimator(rows: 4, columns: 3, using: &rng)
    let u = normalize((0 ..< 4).map { _ in same.normal() })
    let v = normalize((0 ..< 3).map { _ in same.normal() })
    #expect(sn.u == u)
    #expect(sn.v == v)
    #expect(sn.epsilon == 1e-12)
  }

  @Test(arguments: [(5, 3), (3, 5), (1, 4), (4, 1)])
  func updateMatchesTheFormulaByHand(m: Int, n: Int) throws {
    let w = try gaussian(m, n, seed: 31)
    var rng = RandomSource(seed: 2)
    var sn = SpectralNormEstimator(rows: m, columns: n, using: &rng)
    for _ in 0 ..< 3 {
      let u0 = sn.u
      // v = normalize(Wᵀu), u = normalize(W v), σ = uᵀ W v, with Matrix products.
      let v = normalize((try w.transposed() * Matrix(column: u0)).elements)
      let wv = (try w * Matrix(column: v)).elements
      let u = normalize(wv)
      let sigma = (try Matrix(column: u).transposed() * Matrix(column: wv)).elements[0]
      let got = try sn.update(w)
      #expect(abs(got - sigma) <= 1e-14 * abs(sigma))
      for (a, b) in zip(sn.v, v) { #expect(abs(a - b) <= 1e-14) }
      for (a, b) in zip(sn.u, u) { #expect(abs(a - b) <= 1e-14) }
    }
  }

  @Test func evaluationDoesNotUpdate() throws {
    let w = try gaussian(6, 4, seed: 8)
    var rng = RandomSource(seed: 1)
    var sn = SpectralNormEstimator(rows: 6, columns: 4, using: &rng)
    _ = try sn.update(w)
    let (u, v) = (sn.u, sn.v)
    let sigma = try sn.sigma(w)
    #expect(sn.u == u && sn.v == v)
    let byHand = (try Matrix(column: u).transposed() * w * Matrix(column: v)).elements[0]
    #expect(abs(sigma - byHand) <= 1e-14 * abs(byHand))
    #expect(try sn.sigma(w) == sigma)
  }

  @Test func repeatedUpdatesConvergeToSigma1() throws {
    var rng = RandomSource(seed: 13)
    let w = try Matrix.spectrum(20, 15, singularValues: [3, 1.5, 1, 0.5], using: &rng)
    var sn = SpectralNormEstimator(rows: 20, columns: 15, using: &rng)
    var sigma = 0.0
    for _ in 0 ..< 60 { sigma = try sn.update(w) }
    #expect(relativeError(sigma, 3) < 1e-13)
    // W / σ then has spectral norm 1.
    #expect(abs(try (w / sigma).spectralNorm() - 1) < 1e-13)
  }

  @Test func givenUAndEpsilon() throws {
    let w = try Matrix([[3, 0], [0, 4], [0, 0]])
    let sn = SpectralNormEstimator(u: [0, 1, 0])
    #expect(sn.v.isEmpty)
    // Before any update, evaluation uses v = normalize(Wᵀu) = (0, 1): σ = 4.
    #expect(try sn.sigma(w) == 4)
    var trained = sn
    #expect(try trained.update(w) == 4)
    #expect(trained.v == [0, 1])
    // A zero matrix: ε keeps every vector finite and σ = 0.
    var zero = SpectralNormEstimator(u: [1, 0, 0])
    #expect(try zero.update(try Matrix.zeros(3, 2)) == 0)
    #expect(zero.u == [0, 0, 0] && zero.v == [0, 0])
  }

  @Test func shapeErrors() throws {
    var rng = RandomSource(seed: 0)
    var sn = SpectralNormEstimator(rows: 3, columns: 2, using: &rng)
    #expect(throws: MatrixError.shapeMismatch(op: "sn", lhs: Shape(2, 2), rhs: Shape(3, 2))) {
      try sn.update(try Matrix.zeros(2, 2))
    }
    #expect(throws: MatrixError.shapeMismatch(op: "sn", lhs: Shape(3, 4), rhs: Shape(3, 2))) {
      try sn.sigma(try Matrix.zeros(3, 4))
    }
  }
}
