// RMSprop and Adam update eight entries at a time: the result must be the plain scalar loop's,
// bit for bit, over sizes that exercise the tail.

import DenseMatrix
import Testing

@testable import Critics

@Suite("Optimisers, eight lanes")
struct OptimizerVectorTests {
  /// The scalar update rules, written out as PyTorch states them.
  static func reference(_ optimizer: Optimizer, w: inout [Double], gradients: [[Double]]) {
    var m = [Double](repeating: 0, count: w.count), v = m
    for (t, g) in gradients.enumerated() {
      for i in w.indices {
        switch optimizer {
        case .rmsprop(let lr, let alpha, let eps):
          v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
          w[i] -= lr * g[i] / (v[i].squareRoot() + eps)
        case .adam(let lr, let b1, let b2, let eps):
          let stepSize = lr / (1 - Double.pow(b1, Double(t + 1)))
          let correction = 1 / (1 - Double.pow(b2, Double(t + 1))).squareRoot()
          m[i] = b1 * m[i] + (1 - b1) * g[i]
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
          w[i] -= stepSize * m[i] / (v[i].squareRoot() * correction + eps)
        case .sgd: break
        }
      }
    }
  }

  @Test(
    "every lane is the scalar update",
    arguments: [
      Optimizer.adam(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
      .rmsprop(learningRate: 5e-5, alpha: 0.99, epsilon: 1e-8),
    ], [1, 7, 8, 9, 23, 64])
  func lanes(_ optimizer: Optimizer, _ n: Int) {
    var rng = RandomSource(seed: UInt64(n))
    let start = (0 ..< n).map { _ in rng.normal() }
    let gradients = (0 ..< 5).map { _ in (0 ..< n).map { _ in rng.normal() } }
    var expected = start
    Self.reference(optimizer, w: &expected, gradients: gradients)
    let w = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let g = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer { w.deallocate(); g.deallocate() }
    w.initialize(from: start, count: n)
    let state = OptimizerState(optimizer, parameters: [(w, g, n)])
    for step in gradients {
      g.initialize(from: step, count: n)
      state.step()
    }
    #expect(Array(UnsafeBufferPointer(start: w, count: n)) == expected)
  }
}
