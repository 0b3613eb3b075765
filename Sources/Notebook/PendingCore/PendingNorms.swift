// TEMPORARY stand-in, deleted when the DenseMatrix core lands on main (same contract, internal,
// shadowed names): norms, a one-sided Jacobi SVD, power iteration and the SN estimator, written
// plainly so the notebook builds and its tests run meanwhile.

import DenseMatrix

extension Matrix {
  func largestSingularTriplet(
    tolerance: Double = 1e-10, maxIterations: Int = 300, seed: UInt64 = 0,
    isInterrupted: () -> Bool = { false }
  ) throws -> LanczosResult {
    let d = try svd()
    return LanczosResult(
      sigma: d.singularValues.first ?? 0, u: d.u.column(0), v: d.v.column(0), iterations: 0,
      matrixVectorProducts: 0, residual: 0, converged: true)
  }
}

struct LanczosResult: Sendable {
  let sigma: Double
  let u: [Double]
  let v: [Double]
  let iterations: Int
  let matrixVectorProducts: Int
  let residual: Double
  let converged: Bool
}

enum PowerStart: Sendable {
  case ones
  case random(seed: UInt64)
  case vector([Double])
}

struct PowerStep: Sendable {
  let k: Int
  let sigma: Double
  let u: [Double]
  let v: [Double]
  let residualLeft: Double
  let residualRight: Double
  let relativeChange: Double?
  let error: Double?
  let predicted: Double?
}

struct PowerIteration {
  let matrix: Matrix
  private(set) var history: [PowerStep] = []
  private var v: [Double]
  private let exact: [Double]?
  var last: PowerStep? { history.last }
  var rate: Double? {
    guard let e = exact, e.count > 1, e[0] > 0 else { return nil }
    return e[1] / e[0]
  }

  init(matrix: Matrix, start: PowerStart, exactSingularValues: [Double]? = nil) throws {
    self.matrix = matrix
    self.exact = exactSingularValues
    switch start {
    case .ones: v = [Double](repeating: 1, count: matrix.columns)
    case .random(let seed):
      var rng = RandomSource(seed: seed)
      v = (0..<matrix.columns).map { _ in rng.normal() }
    case .vector(let x):
      guard x.count == matrix.columns else {
        throw MatrixError.shapeMismatch(
          op: "Wv", lhs: matrix.shape, rhs: Shape(x.count, 1))
      }
      v = x
    }
    guard Vector.norm(v) > 0 else { throw MatrixError.invalidArgument("start vector is zero") }
    v = Vector.normalized(v)
  }

  mutating func step() -> PowerStep {
    let u = Vector.normalized((try? matrix.times(v)) ?? [])
    let w = (try? matrix.transposeTimes(u)) ?? []
    let sigma = Vector.norm(w)
    let newV = Vector.normalized(w)
    let wv = (try? matrix.times(newV)) ?? []
    let left = Vector.norm(zip(wv, u).map { $0 - sigma * $1 })
    let wtu = (try? matrix.transposeTimes(u)) ?? []
    let right = Vector.norm(zip(wtu, newV).map { $0 - sigma * $1 })
    let k = history.count + 1
    let change = history.last.map { abs(sigma - $0.sigma) / sigma }
    let error = exact.flatMap { $0.first }.map { abs(sigma - $0) / $0 }
    let predicted = rate.map { r -> Double in var p = 1.0; for _ in 0..<(4 * k) { p *= r }; return p }
    v = newV
    let record = PowerStep(
      k: k, sigma: sigma, u: u, v: newV, residualLeft: left, residualRight: right,
      relativeChange: change, error: error, predicted: predicted)
    history.append(record)
    return record
  }

  mutating func run(tolerance: Double, maxSteps: Int, isInterrupted: () -> Bool = { false })
    -> [PowerStep]
  {
    var steps: [PowerStep] = []
    for _ in 0..<maxSteps {
      if isInterrupted() { break }
      let s = step()
      steps.append(s)
      if let c = s.relativeChange, c < tolerance { break }
    }
    return steps
  }
}

struct SpectralNormEstimator: Sendable {
  private(set) var u: [Double]
  private(set) var v: [Double] = []
  let epsilon: Double

  init(rows: Int, columns: Int, using rng: inout RandomSource, epsilon: Double = 1e-12) {
    u = Vector.normalized((0..<rows).map { _ in rng.normal() }, epsilon: epsilon)
    v = [Double](repeating: 0, count: columns)
    self.epsilon = epsilon
  }

  init(u: [Double], epsilon: Double = 1e-12) {
    self.u = Vector.normalized(u, epsilon: epsilon)
    self.epsilon = epsilon
  }

  mutating func update(_ w: Matrix) throws -> Double {
    v = Vector.normalized(try w.transposeTimes(u), epsilon: epsilon)
    u = Vector.normalized(try w.times(v), epsilon: epsilon)
    return try sigma(w)
  }

  func sigma(_ w: Matrix) throws -> Double {
    guard v.count == w.columns else {
      throw MatrixError.shapeMismatch(op: "Wv", lhs: w.shape, rhs: Shape(v.count, 1))
    }
    return Vector.dot(u, try w.times(v))
  }
}
