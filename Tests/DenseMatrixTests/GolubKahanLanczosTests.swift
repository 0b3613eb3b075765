// Golub–Kahan–Lanczos σ₁ against the exact SVD over many shapes, far fewer products than power
// iteration on a hard spectrum, thick restarts (bounded bases, little lost), degenerate matrices
// (rank 1, zero, 1×1), clean stops and errors.

import Testing
import DenseMatrix

@Suite struct GolubKahanLanczosTests {
  func checkTriplet(_ w: Matrix, _ r: LanczosResult) throws {
    #expect(abs(Vector.norm(r.u) - 1) < 1e-13)
    #expect(abs(Vector.norm(r.v) - 1) < 1e-13)
    let wv = try w.times(r.v)
    #expect(Vector.norm(zip(wv, r.u).map { $0 - r.sigma * $1 }) <= 1e-12 * max(r.sigma, 1e-300) + 1e-300)
    let wtu = try w.transposeTimes(r.u)
    let residual = Vector.norm(zip(wtu, r.v).map { $0 - r.sigma * $1 })
    #expect(abs(residual - r.residual) <= 1e-14 * max(r.sigma, 1))
  }

  @Test(arguments: propertyShapes, propertySeeds)
  func matchesTheSVDsSigma1(shape: (Int, Int), seed: UInt64) throws {
    let w = try gaussian(shape.0, shape.1, seed: seed)
    let exact = try w.spectralNorm()
    let r = try w.largestSingularTriplet(seed: seed)
    #expect(relativeError(r.sigma, exact) < 1e-10)
    #expect(r.converged)
    #expect(r.residual <= 1e-10 * r.sigma)
    #expect(r.iterations <= min(shape.0, shape.1) + 1)
    try checkTriplet(w, r)
  }

  @Test func farFewerProductsThanPowerIterationOnAHardSpectrum() throws {
    var rng = RandomSource(seed: 17)
    var sv = [1.0, 0.99]
    for i in 0 ..< 60 { sv.append(0.9 * (1 - Double(i) / 60)) }
    let w = try Matrix.spectrum(100, 80, singularValues: sv, using: &rng)
    let lanczos = try w.largestSingularTriplet(tolerance: 1e-10)
    #expect(relativeError(lanczos.sigma, 1) < 1e-10)
    #expect(lanczos.converged)
    try checkTriplet(w, lanczos)
    // Power iteration to the same accuracy in σ: two products per step.
    var p = try PowerIteration(matrix: w, start: .random(seed: 0), exactSingularValues: sv)
    var steps = 0
    while try #require(p.step().error) > 1e-10 && steps < 5000 { steps += 1 }
    let powerProducts = 2 * (steps + 1)
    #expect(powerProducts > 10 * lanczos.matrixVectorProducts)
  }

  // Bases smaller than the Krylov dimension needed force thick restarts: σ₁ is still exact,
  // and keeping the best half costs few products over never restarting.
  @Test(arguments: [3, 4, 8, 24])
  func thickRestartsKeepTheAnswer(basisSize: Int) throws {
    var rng = RandomSource(seed: 31)
    var sv = [1.0, 0.995]
    for i in 0 ..< 150 { sv.append(0.99 * (1 - Double(i) / 150)) }
    let w = try Matrix.spectrum(240, 160, singularValues: sv, using: &rng)
    let unrestarted = try w.largestSingularTriplet(tolerance: 1e-10, basisSize: 1000)
    #expect(unrestarted.restarts == 0 && unrestarted.converged)
    let r = try w.largestSingularTriplet(tolerance: 1e-10, maxIterations: 5000, basisSize: basisSize)
    #expect(r.converged)
    // A restart when the basis first fills, then one per basisSize − basisSize/2 further steps.
    #expect(r.iterations > basisSize)
    #expect(r.restarts == (r.iterations - basisSize - 1) / (basisSize - basisSize / 2) + 1)
    // A few ε through any number of restarts (the Ritz values are recomputed from B).
    #expect(relativeError(r.sigma, 1) < 1e-14)
    try checkTriplet(w, r)
    if basisSize >= 8 {
      #expect(Double(r.matrixVectorProducts) <= 1.5 * Double(unrestarted.matrixVectorProducts))
    }
  }

  // The graded spectra below with restarts, where the one-pass Wᵀu update meets small α's
  // after the arrow-shaped B of a restart.
  @Test(arguments: gradedSpectra)
  func gradedSpectraWithRestarts(sv: [Double]) throws {
    var rng = RandomSource(seed: 29)
    let w = try Matrix.spectrum(40, 30, singularValues: sv, using: &rng)
    for basis in [3, 5] {
      let r = try w.largestSingularTriplet(tolerance: 1e-11, maxIterations: 3000, basisSize: basis)
      #expect(relativeError(r.sigma, sv[0]) < 1e-12)
      #expect(r.converged)
      try checkTriplet(w, r)
    }
  }

  @Test func degenerateMatrices() throws {
    // Rank 1: σ₁ = ‖a‖‖b‖, found in two steps.
    let a = [1.0, -2, 2]
    let b = [3.0, 4, 0, 0]
    let rankOne = try Matrix(column: a) * Matrix(column: b).transposed()
    let r1 = try rankOne.largestSingularTriplet()
    #expect(relativeError(r1.sigma, 15) < 1e-14)
    #expect(r1.converged && r1.iterations <= 2)
    try checkTriplet(rankOne, r1)
    // Zero matrix: σ = 0, unit vectors, no division by zero.
    let zero = try Matrix.zeros(4, 3).largestSingularTriplet()
    #expect(zero.sigma == 0 && zero.converged && zero.residual == 0)
    #expect(Vector.norm(zero.u) == 1 && abs(Vector.norm(zero.v) - 1) < 1e-15)
    // 1×1.
    let one = try Matrix([[-2.5]]).largestSingularTriplet()
    #expect(one.sigma == 2.5 && one.converged)
    #expect(one.u[0] * one.v[0] == -1)
    // A row and a column: σ₁ = the vector's norm.
    let row = try Matrix([[3, 0, 4]]).largestSingularTriplet()
    #expect(relativeError(row.sigma, 5) < 1e-15 && row.converged)
    let column = try Matrix([[3], [0], [4]]).largestSingularTriplet()
    #expect(relativeError(column.sigma, 5) < 1e-15 && column.converged)
    // Repeated σ₁ and an orthogonal matrix.
    var rng = RandomSource(seed: 2)
    let q = try Matrix.orth(12, using: &rng)
    let rq = try q.largestSingularTriplet()
    #expect(abs(rq.sigma - 1) < 1e-14 && rq.converged)
    #expect(abs(try Matrix.hilbert(5).largestSingularTriplet().sigma - 1.5670506910982307955) < 1e-14)
  }

  // Graded and low-rank spectra make some αⱼ, βⱼ small, where the one-pass recurrence for Wᵀuⱼ
  // divides by them; σ₁ and the explicitly computed residual must not suffer.
  static let gradedSpectra: [[Double]] = [
    [1.0, 1e-3, 1e-6, 1e-9, 1e-12], [5.0, 4.9, 1e-8], [2.0, 1, 1, 1, 0.5, 1e-14],
    [1.0, 0.999, 0.998, 0.997, 0.996, 0.5, 0.25],
    (0 ..< 30).map { (i: Int) -> Double in 1 / Double(1 << i) },
    (0 ..< 30).map { (i: Int) -> Double in 1 - Double(i) / 40 },
  ]

  @Test(arguments: gradedSpectra)
  func gradedAndLowRankSpectra(sv: [Double]) throws {
    var rng = RandomSource(seed: 23)
    let w = try Matrix.spectrum(40, 30, singularValues: sv, using: &rng)
    let r = try w.largestSingularTriplet()
    #expect(relativeError(r.sigma, sv[0]) < 1e-12)
    #expect(r.converged)
    try checkTriplet(w, r)
    let wide = try w.transposed().largestSingularTriplet(seed: 4)
    #expect(relativeError(wide.sigma, sv[0]) < 1e-12)
    #expect(wide.converged)
    try checkTriplet(w.transposed(), wide)
  }

  @Test func stopsCleanly() throws {
    var rng = RandomSource(seed: 5)
    let w = try Matrix.spectrum(60, 60, singularValues: [1, 0.999, 0.998, 0.5], using: &rng)
    let short = try w.largestSingularTriplet(tolerance: 1e-14, maxIterations: 3)
    #expect(short.iterations == 3)
    #expect(!short.converged)
    #expect(short.sigma > 0.9 && short.sigma <= 1 + 1e-14)
    try checkTriplet(w, short)
    var calls = 0
    let interrupted = try w.largestSingularTriplet(tolerance: 1e-14) {
      calls += 1
      return calls >= 2
    }
    #expect(interrupted.iterations == 2 && !interrupted.converged)
    #expect(try w.largestSingularTriplet(seed: 9) == w.largestSingularTriplet(seed: 9))
  }

  // Convergence is tested after every step: one step fewer does not reach the tolerance.
  @Test(arguments: [(60, 40), (40, 60), (120, 120)])
  func stopsAtTheFirstConvergedStep(shape: (Int, Int)) throws {
    var rng = RandomSource(seed: 8)
    let sv = (0 ..< min(shape.0, shape.1)).map { 1 - 0.5 * Double($0) / Double(min(shape.0, shape.1)) }
    let w = try Matrix.spectrum(shape.0, shape.1, singularValues: sv, using: &rng)
    let r = try w.largestSingularTriplet(tolerance: 1e-10)
    #expect(r.converged && relativeError(r.sigma, 1) < 1e-12)
    try checkTriplet(w, r)
    let shorter = try w.largestSingularTriplet(tolerance: 1e-10, maxIterations: r.iterations - 1)
    #expect(!shorter.converged && shorter.residual > 1e-10 * shorter.sigma)
    try checkTriplet(w, shorter)
  }

  @Test func typedErrors() throws {
    let w = try Matrix.ones(2, 2)
    #expect(throws: MatrixError.nonFinite(op: "lanczos")) {
      try Matrix([[1, .nan]]).largestSingularTriplet()
    }
    #expect(throws: MatrixError.self) { try Matrix.zeros(0, 2).largestSingularTriplet() }
    #expect(throws: MatrixError.self) { try w.largestSingularTriplet(tolerance: 0) }
    #expect(throws: MatrixError.self) { try w.largestSingularTriplet(tolerance: .nan) }
    #expect(throws: MatrixError.self) { try w.largestSingularTriplet(maxIterations: 0) }
    #expect(throws: MatrixError.self) { try w.largestSingularTriplet(basisSize: 2) }
  }
}

/// Why a run that did not converge stopped: rounding (the residual cannot fall further) or the
/// step cap. The residual is checked against Wᵀu − σv computed here.
@Suite struct LanczosStopReasonTests {
  @Test(arguments: [(40, 30), (300, 200)])
  func aToleranceBelowRoundingStopsAtRoundingLevel(m: Int, n: Int) throws {
    let w = try gaussian(m, n, seed: 1)
    let r = try w.largestSingularTriplet(tolerance: 1e-16, maxIterations: 100_000)
    #expect(!r.converged)
    #expect(r.reachedRoundingLevel)
    #expect(r.iterations < 1000)
    let residual = Vector.norm(zip(try w.transposeTimes(r.u), r.v).map { $0 - r.sigma * $1 })
    #expect(residual > 1e-16 * r.sigma && residual < 1e-13 * r.sigma)
    #expect(relativeError(r.sigma, try w.singularValues(method: .jacobi)[0]) < 1e-14)
  }

  @Test func theStepCapIsNotRounding() throws {
    let w = try gaussian(60, 50, seed: 2)
    let r = try w.largestSingularTriplet(tolerance: 1e-10, maxIterations: 3)
    #expect(!r.converged && !r.reachedRoundingLevel && r.iterations == 3)
    let ok = try w.largestSingularTriplet(tolerance: 1e-10)
    #expect(ok.converged && !ok.reachedRoundingLevel)
  }
}
