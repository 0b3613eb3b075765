// The supervised fit: every method's loss is the MSE plus its term as MATH.md §9 writes it, its
// gradient matches central differences, and the report's numbers match independent
// computations (plain-loop forward passes, a dense grid, explicit norms).

import DenseMatrix
import Testing

@testable import Critics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Regression")
struct RegressionTests {
  static let activations: [Activation] = [.relu, .leakyDefault, .tanh]

  /// Seven noisy points of sin(3x) on [−1, 1], and a noise-free test curve of 41 points.
  static let data: RegressionData = {
    let x = (0 ..< 7).map { -1 + Double($0) / 3 }
    let noise = [0.05, -0.1, 0.02, 0.08, -0.04, 0.11, -0.07]
    let testX = (0 ..< 41).map { -1 + Double($0) / 20 }
    return RegressionData(
      x: x, y: x.indices.map { sin(3 * x[$0]) + noise[$0] }, testX: testX, testY: testX.map { sin(3 * $0) })
  }()

  /// f(x) by a plain forward pass over the applied layers, independent of the library's
  /// evaluator and of the tape.
  static func value(_ network: MLPCritic, _ x: Double) -> Double {
    var a = [x]
    let layers = network.effectiveLayers
    for (l, layer) in layers.enumerated() {
      var h = layer.bias
      for i in 0 ..< layer.weight.rows {
        for j in 0 ..< layer.weight.columns { h[i] += layer.weight[i, j] * a[j] }
      }
      if l < layers.count - 1 {
        h = h.map { v in
          switch network.activation {
          case .relu: max(v, 0)
          case .leaky(let s): v > 0 ? v : s * v
          case .tanh: tanh(v)
          }
        }
      }
      a = h
    }
    return a[0]
  }

  static func mse(_ network: MLPCritic, _ x: [Double], _ y: [Double]) -> Double {
    x.indices.reduce(0) { $0 + pow(value(network, x[$1]) - y[$1], 2) } / Double(x.count)
  }

  static func configuration(_ method: FitMethod, lambda: Double? = nil, bound: Double? = nil) throws -> FitConfiguration {
    var options = FitOptions(method: method)
    options.lambda = lambda
    options.bound = bound
    return try options.resolved()
  }

  @Test("each method's loss is the MSE plus its term, and its gradient matches central differences",
    arguments: FitMethod.allCases, [0, 1, 2])
  func lossAndGradient(_ method: FitMethod, _ act: Int) throws {
    let network = try MLPCritic(hidden: [6, 5], activation: Self.activations[act], seed: 7)
    // gp with k = 0.1 so that the penalty is active at most points; a λ that makes each term
    // comparable to the MSE.
    let lambda: Double? = method == .l2 ? 0.05 : method == .specreg ? 0.3 : method == .gp ? 0.7 : nil
    let c = try Self.configuration(method, lambda: lambda, bound: method == .gp ? 0.1 : nil)
    var rng = RandomSource(seed: 3)
    let start = method == .sn ? network : network.withoutNormalization
    let objective = try RegressionObjective(
      network: start, x: Self.data.x, y: Self.data.y, configuration: c, rng: &rng)
    objective.drawPenaltyPoints(using: &rng)
    objective.powerStep()
    let t = objective.tape
    t.forward()
    let loss = t.value(objective.loss).elements[0]

    // The loss, recomputed: the MSE of the network as the tape holds it (W/σ for sn), plus the term.
    var held = objective.network(shapedLike: start)
    if method == .specreg { held.normalization = nil }
    let mse = Self.mse(held, Self.data.x, Self.data.y)
    var term = 0.0
    switch method {
    case .none, .sn: term = 0
    case .l2: term = 0.05 * network.layers.reduce(0) { $0 + $1.weight.elements.reduce(0) { $0 + $1 * $1 } }
    case .specreg:
      for l in network.layers.indices {
        let (u, v) = (t.value(objective.graph.u[l]).elements, t.value(objective.graph.v[l]).elements)
        let w = network.layers[l].weight
        var sigma = 0.0
        for i in 0 ..< w.rows { for j in 0 ..< w.columns { sigma += u[i] * w[i, j] * v[j] } }
        term += 0.3 / 2 * sigma * sigma
      }
    case .gp:
      let points = t.value(objective.penaltyPoints!).elements
      #expect(points.allSatisfy { $0 >= -1 && $0 <= 1 })
      let h = 1e-6
      term = 0.7 * points.reduce(0) { total, p in
        let slope = (Self.value(network, p + h) - Self.value(network, p - h)) / (2 * h)
        return total + pow(max(abs(slope) - 0.1, 0), 2)
      } / Double(points.count)
      #expect(term > 1e-3, "the penalty is active")
    }
    #expect(abs(loss - (mse + term)) <= 1e-7 * max(1, abs(loss)), "\(method): \(loss) vs \(mse) + \(term)")

    let graph = objective.graph
    let checks = try GradientCheck.check(
      t, loss: objective.loss, parameters: graph.weights + graph.biases,
      names: ["W1", "W2", "W3", "b1", "b2", "b3"], entriesPerParameter: 40, step: 1e-5, seed: 3)
    for p in checks {
      if p.name.hasPrefix("W") { #expect(p.largestGradient > 1e-3, "\(method) \(p.name): a zero gradient checks nothing") }
      #expect(p.relativeError <= 1e-6, "\(method) \(Self.activations[act]) \(p.name): \(p.relativeError)")
    }
  }

  @Test("the report's errors, ‖f‖_L, Π‖W_l‖₂ and sensitivity match independent computations",
    arguments: FitMethod.allCases)
  func report(_ method: FitMethod) throws {
    let network = try MLPCritic(hidden: [16, 16], activation: .relu, seed: 1)
    var options = FitOptions(method: method)
    options.steps = 300
    options.learningRate = 1e-2
    let report = try Regression.fit(network, data: Self.data, options: options)
    #expect(report.status == .completed && report.stepsDone == 300)
    let model = report.model
    let j = report.judgement
    let trainMSE = Self.mse(model, Self.data.x, Self.data.y)
    let testMSE = Self.mse(model, Self.data.testX, Self.data.testY)
    #expect(abs(j.trainError - trainMSE) <= 1e-12 * trainMSE)
    #expect(abs(j.testError! - testMSE) <= 1e-12 * testMSE)
    // ‖f‖_L on [−1 − δ, 1 + δ] against a dense grid of plain forward passes.
    let (lower, upper) = (j.lipschitz.interval.lowerBound, j.lipschitz.interval.upperBound)
    #expect(abs(lower + 1.01) < 1e-15 && abs(upper - 1.01) < 1e-15)
    let n = 100_001
    let h = (upper - lower) / Double(n - 1)
    var grid = 0.0
    var previous = Self.value(model, lower)
    for k in 1 ..< n {
      let next = Self.value(model, lower + Double(k) * h)
      grid = max(grid, abs(next - previous) / h)
      previous = next
    }
    #expect(j.lipschitz.isExact)
    #expect(grid <= j.lipschitz.value * (1 + 1e-9) && grid >= j.lipschitz.value * 0.99, "\(grid) vs \(j.lipschitz.value)")
    // The sensitivity, recomputed, never above ‖f‖_L.
    var sensitivity = 0.0
    for x in Self.data.testX {
      for d in [0.01, -0.01] { sensitivity = max(sensitivity, abs(Self.value(model, x + d) - Self.value(model, x)) / 0.01) }
    }
    #expect(abs(j.sensitivity - sensitivity) <= 1e-9 * sensitivity)
    #expect(j.sensitivity <= j.lipschitz.value * (1 + 1e-12))
    // Π‖W_l‖₂ from the exact SVD of each applied layer.
    let product = try model.effectiveLayers.reduce(1.0) { $0 * (try $1.weight.singularValues(method: .jacobi)[0]) }
    #expect(abs(j.lipschitz.spectralBound - product) <= 1e-10 * product)
    #expect(j.lipschitz.value <= product * (1 + 1e-12))
    if method == .sn { #expect(product <= 1.05 && j.lipschitz.value <= 1.05) }
    if method == .none { #expect(trainMSE < 0.05, "300 steps fit seven points") }
  }

  @Test("a fit is deterministic, continues where an interruption stopped, and keeps sn's u")
  func determinismAndInterruption() throws {
    let network = try MLPCritic(hidden: [8, 8], activation: .relu, seed: 2)
    var options = FitOptions(method: .specreg)
    options.steps = 40
    let a = try Regression.fit(network, data: Self.data, options: options)
    let b = try Regression.fit(network, data: Self.data, options: options)
    #expect(a == b)
    var polls = 0
    let stopped = try Regression.fit(
      network, data: Self.data, options: options, isInterrupted: {
        polls += 1
        return polls > 10
      })
    #expect(stopped.status == .interrupted && stopped.stepsDone == 10)
    #expect(stopped.losses == Array(a.losses.prefix(10)))
    options.method = .sn
    let sn = try Regression.fit(network, data: Self.data, options: options)
    #expect(sn.model.normalization != nil)
    #expect(a.model.normalization == nil)
  }

  @Test("bad options and data are refused before anything is fitted")
  func refusals() throws {
    let network = try MLPCritic(hidden: [4], activation: .relu, seed: 2)
    func refusal(_ options: FitOptions, _ data: RegressionData = Self.data) -> CriticError? {
      do {
        _ = try Regression.fit(network, data: data, options: options)
        return nil
      } catch { return error as? CriticError }
    }
    var o = FitOptions(method: .none)
    o.lambda = 1
    #expect(refusal(o) == .invalidOption(option: "lambda", reason: "does not apply to none, which has no λ"))
    o = FitOptions(method: .l2)
    o.bound = 1
    #expect(refusal(o) == .invalidOption(option: "bound", reason: "applies only to gp"))
    o = FitOptions(method: .gp)
    o.delta = 0
    #expect(refusal(o) == .invalidOption(option: "delta", reason: "must be a positive number"))
    o = FitOptions(method: .none)
    #expect(refusal(o, RegressionData(x: [1, 2], y: [1])) == .invalidOption(option: "y", reason: "has 1 values for 2 points"))
    #expect(refusal(o, RegressionData(x: [1, .nan], y: [1, 2])) == .invalidOption(option: "x", reason: "has NaN or Inf entries"))
    #expect(refusal(o, RegressionData(x: [], y: [])) == .invalidOption(option: "x", reason: "needs at least one point"))
    let wide = try MLPCritic(hidden: [65536], activation: .relu, seed: 2)
    #expect(throws: CriticError.self) {
      _ = try Regression.fit(wide, data: RegressionData(x: Array(repeating: 0, count: 100), y: Array(repeating: 0, count: 100)), options: o)
    }
  }
}
