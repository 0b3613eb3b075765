// The optimisers a critic trains with, with PyTorch's update rules (torch.optim.SGD, RMSprop,
// Adam, no weight decay: l2 is a loss term here), applied in place to a tape's parameter buffers.

import RealModule

/// An optimiser and its hyper-parameters.
public enum Optimizer: Sendable, Equatable, CustomStringConvertible {
  /// p ← p − lr·b with b ← μ·b + g (b = g on the first step); plain SGD when μ = 0.
  case sgd(learningRate: Double, momentum: Double)
  /// s ← α·s + (1 − α)·g², p ← p − lr·g / (√s + ε). PyTorch defaults α = 0.99, ε = 1e-8.
  case rmsprop(learningRate: Double, alpha: Double, epsilon: Double)
  /// Adam with bias correction, PyTorch's form: p ← p − (lr/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε).
  case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)

  /// The learning rate.
  public var learningRate: Double {
    switch self {
    case .sgd(let lr, _), .rmsprop(let lr, _, _), .adam(let lr, _, _, _): lr
    }
  }

  /// `adam(lr=0.0001, β=(0.5, 0.9))` and similar.
  public var description: String {
    switch self {
    case .sgd(let lr, let m): m == 0 ? "sgd(lr=\(lr))" : "sgd(lr=\(lr), momentum=\(m))"
    case .rmsprop(let lr, let a, _): "rmsprop(lr=\(lr), α=\(a))"
    case .adam(let lr, let b1, let b2, _): "adam(lr=\(lr), β=(\(b1), \(b2)))"
    }
  }
}

/// A parameter's value and gradient buffers on a tape, and their length.
typealias ParameterBuffer = (
  value: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>, count: Int
)

/// The optimiser's state for a set of parameter buffers (allocated once; `step` never allocates).
final class OptimizerState {
  let optimizer: Optimizer
  let parameters: [ParameterBuffer]
  private var first: [UnsafeMutablePointer<Double>] = []   // momentum buffer / Adam's m
  private var second: [UnsafeMutablePointer<Double>] = []  // RMSprop's s / Adam's v
  private(set) var steps = 0

  init(
    _ optimizer: Optimizer,
    parameters: [ParameterBuffer]
  ) {
    self.optimizer = optimizer
    self.parameters = parameters
    for p in parameters {
      let m = UnsafeMutablePointer<Double>.allocate(capacity: max(p.count, 1))
      m.initialize(repeating: 0, count: max(p.count, 1))
      let v = UnsafeMutablePointer<Double>.allocate(capacity: max(p.count, 1))
      v.initialize(repeating: 0, count: max(p.count, 1))
      first.append(m)
      second.append(v)
    }
  }

  deinit {
    for p in first + second { p.deallocate() }
  }

  /// One update of every parameter from its current gradient. RMSprop and Adam go eight
  /// entries at a time.
  // NOTE: each lane computes the scalar expression in the same order with no fused operation
  // (sqrt and division are correctly rounded), so the result is the scalar loop's, bit for bit.
  func step() {
    steps += 1
    for (k, p) in parameters.enumerated() {
      let (w, g, n, m, v) = (p.value, p.gradient, p.count, first[k], second[k])
      switch optimizer {
      case .sgd(let lr, let mu):
        if mu == 0 {
          for i in 0 ..< n { w[i] -= lr * g[i] }
        } else {
          let keep = steps == 1 ? 0 : mu
          for i in 0 ..< n {
            m[i] = keep * m[i] + g[i]
            w[i] -= lr * m[i]
          }
        }
      case .rmsprop(let lr, let alpha, let eps):
        var i = 0
        while i + 8 <= n {
          let gi = load(g, i)
          let vi = alpha * load(v, i) + (1 - alpha) * gi * gi
          store(v, i, vi)
          store(w, i, load(w, i) - lr * gi / (vi.squareRoot() + eps))
          i += 8
        }
        while i < n {
          v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
          w[i] -= lr * g[i] / (v[i].squareRoot() + eps)
          i += 1
        }
      case .adam(let lr, let b1, let b2, let eps):
        let t = Double(steps)
        let stepSize = lr / (1 - Double.pow(b1, t))
        let correction = 1 / (1 - Double.pow(b2, t)).squareRoot()
        var i = 0
        while i + 8 <= n {
          let gi = load(g, i)
          let mi = b1 * load(m, i) + (1 - b1) * gi
          let vi = b2 * load(v, i) + (1 - b2) * gi * gi
          store(m, i, mi)
          store(v, i, vi)
          store(w, i, load(w, i) - stepSize * mi / (vi.squareRoot() * correction + eps))
          i += 8
        }
        while i < n {
          m[i] = b1 * m[i] + (1 - b1) * g[i]
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
          w[i] -= stepSize * m[i] / (v[i].squareRoot() * correction + eps)
          i += 1
        }
      }
    }
  }
}

/// Eight doubles from `p + i` (no alignment needed).
@inline(__always)
private func load(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> SIMD8<Double> {
  UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Double>.self)
}

/// Writes eight doubles to `p + i` (no alignment needed).
@inline(__always)
private func store(_ p: UnsafeMutablePointer<Double>, _ i: Int, _ x: SIMD8<Double>) {
  UnsafeMutableRawPointer(p + i).storeBytes(of: x, as: SIMD8<Double>.self)
}
