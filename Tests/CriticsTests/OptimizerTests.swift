// The optimisers' first steps against the closed forms PyTorch's update rules give.

import Testing

@testable import Critics

@Suite("Optimisers")
struct OptimizerTests {
  /// Runs `steps` updates of one parameter from w = 1 with the gradients given.
  func run(_ optimizer: Optimizer, gradients: [Double]) -> Double {
    let w = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    let g = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    defer { w.deallocate(); g.deallocate() }
    w[0] = 1
    let state = OptimizerState(optimizer, parameters: [(w, g, 1)])
    for x in gradients {
      g[0] = x
      state.step()
    }
    return w[0]
  }

  @Test("Adam's first step is lr·sign(g) up to ε")
  func adam() {
    let w = run(.adam(learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 1e-8), gradients: [-3])
    #expect(abs(w - 1.1) < 1e-8)
  }

  @Test("RMSprop's first step is lr·g/(√(1−α)|g| + ε)")
  func rmsprop() {
    let w = run(.rmsprop(learningRate: 0.01, alpha: 0.99, epsilon: 1e-8), gradients: [2])
    #expect(abs(w - (1 - 0.01 * 2 / (0.1 * 2 + 1e-8))) < 1e-15)
  }

  @Test("SGD with momentum: b₁ = g₁, b₂ = μb₁ + g₂")
  func sgd() {
    let w = run(.sgd(learningRate: 0.1, momentum: 0.9), gradients: [1, 2])
    #expect(abs(w - (1 - 0.1 * 1 - 0.1 * (0.9 + 2))) < 1e-15)
  }
}
