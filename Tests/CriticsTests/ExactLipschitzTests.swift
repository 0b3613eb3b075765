// The exact Lipschitz constant of relu/leaky critics against independent computations: the
// pieces reproduce f exactly, no grid finds a steeper difference quotient, and a dense grid
// comes close.

import DenseMatrix
import Testing

@testable import Critics

@Suite("Exact Lipschitz constant")
struct ExactLipschitzTests {
  static let nets: [(hidden: [Int], act: Activation, seed: UInt64)] = [
    ([8], .relu, 1), ([16, 16], .relu, 2), ([32, 32], .leakyDefault, 3),
    ([12, 12, 12], .leaky(slope: 0.05), 4), ([24, 24], .leakyDefault, 5),
  ]

  @Test(
    "pieces reproduce f: linear between breakpoints, with the tangent's slope",
    arguments: 0 ..< nets.count)
  func piecesAreExact(_ k: Int) throws {
    let (hidden, act, seed) = Self.nets[k]
    let critic = try MLPCritic(hidden: hidden, activation: act, seed: seed)
    let f = try #require(try ExactLipschitz.pieces(of: critic, on: -4 ... 4))
    #expect(f.breakpoints.first == -4 && f.breakpoints.last == 4)
    #expect(zip(f.breakpoints, f.breakpoints.dropFirst()).allSatisfy { $0 < $1 })
    // At the middle and at random interior points of every piece, the network's value equals the
    // piece's affine form and its forward-mode slope equals the piece's slope.
    var rng = RandomSource(seed: seed)
    var points: [Double] = [], expectedValue: [Double] = [], expectedSlope: [Double] = []
    for p in f.slopes.indices {
      let (a, b) = (f.breakpoints[p], f.breakpoints[p + 1])
      for t in [0.5, 0.1 + 0.8 * rng.uniform()] {
        let x = a + t * (b - a)
        points.append(x)
        expectedValue.append(f.slopes[p] * x + f.intercepts[p])
        expectedSlope.append(f.slopes[p])
      }
    }
    let samples = critic.evaluate(at: points)
    for i in points.indices {
      #expect(abs(samples.value[i] - expectedValue[i]) <= 1e-11 * max(1, abs(expectedValue[i])))
      #expect(abs(samples.slope[i] - expectedSlope[i]) <= 1e-11 * max(1, abs(expectedSlope[i])))
    }
  }

  @Test(
    "the exact constant bounds every grid's difference quotients and a dense grid reaches it",
    arguments: 0 ..< nets.count)
  func againstDenseGrid(_ k: Int) throws {
    let (hidden, act, seed) = Self.nets[k]
    let critic = try MLPCritic(hidden: hidden, activation: act, seed: seed)
    let report = try ExactLipschitz.of(critic, on: -3 ... 3, gridPoints: 10_001)
    #expect(report.isExact)
    #expect(report.gridEstimate <= report.value * (1 + 1e-9))
    #expect(report.gridEstimate >= report.value * (1 - 1e-3))
    #expect(report.value <= report.spectralBound * (1 + 1e-9))
    #expect(report.spectralBound <= report.frobeniusBound * (1 + 1e-12))
  }

  @Test("a one-unit relu net has the closed-form constant |w₂ w₁|")
  func closedForm() throws {
    var critic = try MLPCritic(hidden: [1], activation: .relu, seed: 0)
    critic.layers[0] = DenseLayer(weight: try Matrix([[2]]), bias: [-1])  // kink at x = 0.5
    critic.layers[1] = DenseLayer(weight: try Matrix([[-3]]), bias: [0.25])
    let f = try #require(try ExactLipschitz.pieces(of: critic, on: -1 ... 1))
    #expect(f.breakpoints == [-1, 0.5, 1])
    #expect(f.slopes == [0, -6])
    #expect(try ExactLipschitz.of(critic, on: -1 ... 1).value == 6)
    #expect(try ExactLipschitz.of(critic, on: -1 ... 0.4).value == 0)
    #expect(f.steepIntervals() == [0.5 ... 1])
    #expect(f.steepIntervals(above: 6).isEmpty)
    let merged = PiecewiseLinear(
      breakpoints: [0, 1, 2, 3, 4], slopes: [2, -3, 0.5, 4], intercepts: [0, 0, 0, 0])
    #expect(merged.steepIntervals() == [0 ... 2, 3 ... 4])
  }

  @Test("tanh critics get a labelled estimate bounded by the layer-wise bound")
  func tanhEstimate() throws {
    let critic = try MLPCritic(hidden: [16, 16], activation: .tanh, seed: 9)
    let report = try ExactLipschitz.of(critic, on: -2 ... 2, finePoints: 20_001)
    #expect(!report.isExact)
    #expect(report.pieceCount == nil)
    #expect(try ExactLipschitz.pieces(of: critic, on: -2 ... 2) == nil)
    #expect(report.value >= report.gridEstimate * (1 - 1e-6))
    #expect(report.value <= report.spectralBound)
  }

  @Test("empty and non-finite intervals are refused")
  func badIntervals() throws {
    let critic = try MLPCritic(hidden: [4], seed: 0)
    #expect(throws: CriticError.self) { try ExactLipschitz.of(critic, on: 1 ... 1) }
    #expect(throws: CriticError.self) { try ExactLipschitz.of(critic, on: 0 ... .infinity) }
  }
}

/// The judgement of a run completes after Ctrl-C: compare printed Π‖W‖₂ = NaN when the check
/// that stopped training also stopped the layers' spectral norms.
@Test func layerBoundsSurviveAPendingInterruption() throws {
  let critic = try MLPCritic(hidden: [32, 32], seed: 4)
  let quiet = try ExactLipschitz.of(critic, on: -4 ... 4)
  let interrupted = try Interruption.withCheck({ true }) { try ExactLipschitz.of(critic, on: -4 ... 4) }
  #expect(interrupted.spectralBound.isFinite)
  #expect(interrupted == quiet)
  // Π‖W_l‖₂ from the Jacobi SVD, the independent route.
  let product = try critic.layers.reduce(1.0) { $0 * (try $1.weight.singularValues(method: .jacobi)[0]) }
  #expect(abs(quiet.spectralBound - product) <= 1e-13 * product)
  #expect(quiet.spectralBound >= quiet.value)
}

/// A clipped critic with every weight at c = 0.01 (1→64→64→1) is linear where its units are
/// active, with slope 64²c³ = Π‖W_l‖₂ = 0.004096: the two quantities compare's footer orders
/// ("Π‖W‖₂ ≥ ‖f‖_L, to rounding, 1e-12 relative") agree to that tolerance.
@Test func theLayerBoundMeetsTheConstantToRoundingOnASaturatedClippedCritic() throws {
  let c = 0.01
  let layers = [(64, 1), (64, 64), (1, 64)].map { shape in
    DenseLayer(weight: Matrix(rows: shape.0, columns: shape.1, repeating: c), bias: [Double](repeating: c, count: shape.0))
  }
  let critic = MLPCritic(hidden: [64, 64], activation: .leakyDefault, layers: layers, normalization: nil)
  let r = try ExactLipschitz.of(critic, on: -4 ... 4)
  #expect(abs(r.value - 0.004096) <= 1e-15)
  #expect(abs(r.spectralBound - 0.004096) <= 1e-15)
  #expect(r.spectralBound >= r.value * (1 - 1e-12))
}

/// lip prints the grid estimate as "≤ ‖f‖_L to rounding": max |Δf/Δx| over the grid never
/// exceeds the exact constant by more than the rounding of the differences (here 1e-10
/// relative), over seeded critics of both piecewise-linear activations.
@Test(arguments: [Activation.relu, .leakyDefault], Array(UInt64(0) ..< 8))
func theGridEstimateStaysBelowTheConstantToRounding(activation: Activation, seed: UInt64) throws {
  let critic = try MLPCritic(hidden: [16, 16], activation: activation, seed: seed)
  let r = try ExactLipschitz.of(critic, on: -4 ... 4)
  #expect(r.gridEstimate <= r.value * (1 + 1e-10))
  #expect(r.gridEstimate >= 0.5 * r.value)
}
