// Power iteration: the iterate's definition checked by hand with Matrix ops, convergence to the
// SVD's σ₁, the predicted error against the observed one, the ones-vector failure, the zero
// matrix, the stopping rule, typed errors and determinism.

import Testing
import DenseMatrix

@Suite struct PowerIterationTests {
  @Test(arguments: propertyShapes, propertySeeds)
  func convergesToTheSVDsSigma1(shape: (Int, Int), seed: UInt64) throws {
    let w = try gaussian(shape.0, shape.1, seed: seed)
    let sigma1 = try w.spectralNorm()
    var p = try PowerIteration(matrix: w, start: .random(seed: seed))
    let steps = p.run(tolerance: 1e-13, maxSteps: 5000)
    let last = try #require(steps.last)
    #expect(steps.count < 5000)
    #expect(relativeError(last.sigma, sigma1) < 1e-11)
    #expect(last.residualRight <= 1e-6 * sigma1)
    #expect(last.residualLeft <= 1e-13 * sigma1)
    #expect(last.sigma <= sigma1 * (1 + 1e-14))  // approaches from below
  }

  @Test func iterateIsNormalisedPowerOfGram() throws {
    let w = try gaussian(6, 4, seed: 12)
    let v0 = [1.0, 2, -1, 0.5]
    var p = try PowerIteration(matrix: w, start: .vector(v0))
    p.step()
    p.step()
    let third = p.step()
    // By hand: x = (WᵀW)³ v₀, v₃ = x/‖x‖, σ₃ = ‖W v₃‖, u₃ = W v₃/σ₃.
    let gram = try w.transposed() * w
    var x = Matrix(column: v0)
    for _ in 0 ..< 3 { x = try gram * x }
    let v3 = Vector.normalized(x.elements)
    let wv = try w.times(v3)
    let sigma = Vector.norm(wv)
    #expect(third.k == 3)
    for (a, b) in zip(third.v, v3) { #expect(abs(a - b) < 1e-13) }
    #expect(relativeError(third.sigma, sigma) < 1e-13)
    for (a, b) in zip(third.u, wv.map { $0 / sigma }) { #expect(abs(a - b) < 1e-13) }
    let wtu = try w.transposeTimes(third.u)
    let residual = Vector.norm(zip(wtu, third.v).map { $0 - sigma * $1 })
    #expect(abs(third.residualRight - residual) < 1e-12)
    #expect(p.history.count == 3)
    #expect(p.history[0].relativeChange == nil)
    let change = abs(p.history[2].sigma - p.history[1].sigma) / p.history[2].sigma
    #expect(p.history[2].relativeChange == change)
  }

  @Test func predictedErrorMatchesObservedAsymptotically() throws {
    var rng = RandomSource(seed: 21)
    let sv = [2.0, 1.8, 1.0, 0.6, 0.3, 0.1]
    let w = try Matrix.spectrum(30, 20, singularValues: sv, using: &rng)
    var p = try PowerIteration(matrix: w, start: .random(seed: 4), exactSingularValues: sv)
    #expect(p.rate == 0.9)
    var checked = 0
    for _ in 0 ..< 60 {
      let s = p.step()
      let error = try #require(s.error)
      let predicted = try #require(s.predicted)
      #expect(relativeError(error, abs(s.sigma - 2) / 2) < 1e-12)
      // Once small (but far above rounding), observed and first-order predicted agree.
      if error < 1e-4 && error > 1e-11 {
        #expect(abs(error / predicted - 1) < 0.02)
        checked += 1
      }
    }
    #expect(checked >= 10)
    // The slope of the prediction is the rate⁴ per step once the σ₂ term dominates.
    let h = p.history
    #expect(relativeError(h[40].predicted! / h[39].predicted!, 0.9 * 0.9 * 0.9 * 0.9) < 1e-3)
  }

  @Test func repeatedSigma1GivesTheRightSigma() throws {
    // σ₁ = σ₂: the direction is not unique but σ converges at the rate of σ₃/σ₁ = 0.5.
    var rng = RandomSource(seed: 30)
    let sv = [1.0, 1, 0.5]
    let w = try Matrix.spectrum(10, 8, singularValues: sv, using: &rng)
    var p = try PowerIteration(matrix: w, start: .random(seed: 1), exactSingularValues: sv)
    #expect(p.rate == 1)
    let steps = p.run(tolerance: 1e-14, maxSteps: 200)
    let last = try #require(steps.last)
    #expect(try #require(last.error) < 1e-14)
    // The prediction only has the σ = 0.5 term: it shrinks by 0.5⁴ per step.
    let h = p.history
    #expect(relativeError(h[5].predicted! / h[4].predicted!, 0.0625) < 1e-12)
    #expect(abs(try #require(h[3].error) / h[3].predicted! - 1) < 0.05)
  }

  @Test func onesStartOrthogonalToV1ConvergesToSigma2() throws {
    // WᵀW = [10 −8; −8 10]: v₁ ∝ (1, −1) with σ₁ = √18, v₂ ∝ (1, 1) with σ₂ = √2.
    let w = try Matrix([[3, -3], [1, 1]])
    var p = try PowerIteration(matrix: w, start: .ones, exactSingularValues: [Double(18).squareRoot(), Double(2).squareRoot()])
    let steps = p.run(tolerance: 1e-14, maxSteps: 50)
    let last = try #require(steps.last)
    #expect(abs(last.sigma - Double(2).squareRoot()) < 1e-15)
    #expect(relativeError(try #require(last.error), 1 - (2.0 / 18).squareRoot()) < 1e-12)
    #expect(last.predicted == nil)  // v₀ has no component along v₁
    #expect(last.sigma.isFinite && last.v.allSatisfy { $0.isFinite })
  }

  @Test func zeroMatrixNeverDividesByZero() throws {
    var p = try PowerIteration(matrix: try Matrix.zeros(3, 4), start: .ones, exactSingularValues: [0])
    let steps = p.run(tolerance: 1e-12, maxSteps: 10)
    #expect(steps.count == 2)
    for s in steps {
      #expect(s.sigma == 0)
      #expect(s.error == nil && s.predicted == nil)
    }
    #expect(steps[1].u == [0, 0, 0])
    #expect(steps[1].v.count == 4 && steps[1].v.allSatisfy { $0.isFinite })
    #expect(steps[1].relativeChange == 0)
    #expect(p.rate == nil)
  }

  @Test func runStopsByTheDocumentedRuleAndInterruption() throws {
    let w = try gaussian(8, 8, seed: 3)
    var p = try PowerIteration(matrix: w, start: .ones)
    let steps = p.run(tolerance: 1e-8, maxSteps: 10_000)
    let last = try #require(steps.last)
    #expect(try #require(last.relativeChange) <= 1e-8)
    #expect(max(last.residualLeft, last.residualRight) <= 1e-4 * last.sigma)
    for s in steps.dropLast() {
      let stopped = (s.relativeChange.map { $0 <= 1e-8 } ?? false)
        && max(s.residualLeft, s.residualRight) <= 1e-4 * s.sigma
      #expect(!stopped)
    }
    var q = try PowerIteration(matrix: w, start: .ones)
    #expect(q.run(tolerance: 1e-8, maxSteps: 3).count == 3)
    var calls = 0
    let interrupted = q.run(tolerance: 1e-8, maxSteps: 100) {
      calls += 1
      return calls > 4
    }
    #expect(interrupted.count == 4)
    #expect(q.history.count == 7)
    #expect(q.run(tolerance: 1e-8, maxSteps: 0).isEmpty)
  }

  @Test func onlyTheLastRecordCarriesVectors() throws {
    let w = try gaussian(5, 3, seed: 1)
    var p = try PowerIteration(matrix: w, start: .random(seed: 2))
    #expect(p.last == nil)
    let steps = p.run(tolerance: 0, maxSteps: 4)
    #expect(p.history.count == 4)
    #expect(p.history.allSatisfy { $0.u.isEmpty && $0.v.isEmpty })
    #expect(steps.dropLast().allSatisfy { $0.u.isEmpty && $0.v.isEmpty })
    let last = try #require(steps.last)
    #expect(p.last == last)
    #expect(p.history[1].sigma == steps[1].sigma)
    // The vectors of the last record are the iterate's: u = W v / σ with v a unit vector.
    #expect(abs(Vector.norm(last.v) - 1) < 1e-14)
    for (a, b) in zip(last.u, try w.times(last.v)) { #expect(abs(a - b / last.sigma) < 1e-14) }
    // step() returns a complete record, and stepping the same start by hand gives the same one.
    var q = try PowerIteration(matrix: w, start: .random(seed: 2))
    for _ in 0 ..< 3 { q.step() }
    #expect(q.step() == last)
  }

  @Test func sameInputSameRecords() throws {
    let w = try gaussian(9, 7, seed: 5)
    var a = try PowerIteration(matrix: w, start: .random(seed: 3), exactSingularValues: try w.singularValues())
    var b = try PowerIteration(matrix: w, start: .random(seed: 3), exactSingularValues: try w.singularValues())
    #expect(a.run(tolerance: 1e-12, maxSteps: 50) == b.run(tolerance: 1e-12, maxSteps: 50))
  }

  @Test func typedErrors() throws {
    let w = try Matrix.ones(2, 3)
    #expect(throws: MatrixError.shapeMismatch(op: "start", lhs: Shape(2, 3), rhs: Shape(2, 1))) {
      try PowerIteration(matrix: w, start: .vector([1, 2]))
    }
    #expect(throws: MatrixError.invalidArgument("the start vector must not be zero")) {
      try PowerIteration(matrix: w, start: .vector([0, 0, 0]))
    }
    #expect(throws: MatrixError.nonFinite(op: "power")) {
      try PowerIteration(matrix: w, start: .vector([1, .nan, 0]))
    }
    #expect(throws: MatrixError.nonFinite(op: "power")) {
      try PowerIteration(matrix: try Matrix([[1, .infinity]]), start: .ones)
    }
    #expect(throws: MatrixError.self) { try PowerIteration(matrix: try Matrix.zeros(0, 3), start: .ones) }
    #expect(throws: MatrixError.self) { try PowerIteration(matrix: w, start: .ones, exactSingularValues: [1, 2, 3]) }
    #expect(throws: MatrixError.self) { try PowerIteration(matrix: w, start: .ones, exactSingularValues: [-1]) }
    #expect(throws: MatrixError.self) { try PowerIteration(matrix: w, start: .ones, exactSingularValues: []) }
  }
}

@Suite struct ExtremeScaleTests {
  /// W = c·G for scales whose squares leave the double range: σ₁(W) = c·σ₁(G).
  @Test(arguments: [1e-250, 1e-160, 1e160, 1e250])
  func powerIterationAndLanczosWorkAtAnyScale(c: Double) throws {
    let g = try gaussian(7, 5, seed: 3)
    let sigma = try g.spectralNorm() * c
    let w = g * c
    var p = try PowerIteration(matrix: w, start: .random(seed: 1))
    let last = try #require(p.run(tolerance: 1e-14, maxSteps: 2000).last)
    #expect(relativeError(last.sigma, sigma) < 1e-12)
    #expect(last.residualRight <= 1e-6 * sigma)
    let lanczos = try w.largestSingularTriplet(tolerance: 1e-12)
    #expect(lanczos.converged)
    #expect(relativeError(lanczos.sigma, sigma) < 1e-12)
    #expect(lanczos.residual <= 1e-10 * sigma)
  }
}
