// The activation primitives and the derivative-of-activation primitives that carry a tangent
// f'(x) through a network (relu' = step, leaky' = 1 or slope, tanh' = 1 − tanh²).
// Each forward rule sits beside its backward rule.

import RealModule

/// y = max(0, x).
struct ReLU: Primitive {
  var name: String { "relu" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] > 0 ? x.a.value[i] : 0 }
  }
  // NOTE: relu'(0) is taken as 0, as in PyTorch.
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) { x.a.value[$0] > 0 ? gy[$0] : 0 }
  }
}

/// y = x for x > 0, slope·x otherwise.
struct LeakyReLU: Primitive {
  let slope: Double
  var name: String { "leaky-relu" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count {
      let v = x.a.value[i]
      y.value[i] = v > 0 ? v : slope * v
    }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) {
      x.a.value[$0] > 0 ? gy[$0] : slope * gy[$0]
    }
  }
}

/// y = tanh x.
struct Tanh: Primitive {
  var name: String { "tanh" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = Double.tanh(x.a.value[i]) }
  }
  func backward(_ x: Operands, _ y: Slot) {  // tanh' = 1 − y²
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) {
      let t = y.value[$0]
      return (1 - t * t) * gy[$0]
    }
  }
}

/// y = 1/(1 + e^{−x}).
struct Sigmoid: Primitive {
  var name: String { "sigmoid" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = logistic(x.a.value[i]) }
  }
  func backward(_ x: Operands, _ y: Slot) {  // σ' = σ(1 − σ)
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) {
      let s = y.value[$0]
      return s * (1 - s) * gy[$0]
    }
  }
}

/// y = log(1 + eˣ), computed as max(x, 0) + log1p(e^{−|x|}) so it never overflows.
/// −softplus(−x) is log σ(x), the vanilla GAN's log-likelihood.
struct Softplus: Primitive {
  var name: String { "softplus" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count {
      let v = x.a.value[i]
      y.value[i] = max(v, 0) + Double.log(onePlus: Double.exp(-abs(v)))
    }
  }
  func backward(_ x: Operands, _ y: Slot) {  // softplus' = σ
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) { logistic(x.a.value[$0]) * gy[$0] }
  }
}

/// The logistic function, evaluated without overflow for either sign.
@inline(__always)
func logistic(_ v: Double) -> Double {
  if v >= 0 { return 1 / (1 + Double.exp(-v)) }
  let e = Double.exp(v)
  return e / (1 + e)
}

/// y = 1 for x > 0, else 0: relu's derivative, used to carry a tangent.
///
// NOTE: the step function's derivative is 0 wherever it exists (everywhere but 0), so relu's
// second derivative is 0 a.e.: this node is recorded as non-differentiable and no gradient flows
// through it. The gradient of a gradient penalty then comes only from the weights.
struct Step: Primitive {
  var name: String { "step" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] > 0 ? 1 : 0 }
  }
  func backward(_ x: Operands, _ y: Slot) {}
}

/// y = 1 for x > 0, else slope: leaky relu's derivative (non-differentiable node, see `Step`).
struct LeakyStep: Primitive {
  let slope: Double
  var name: String { "leaky-step" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] > 0 ? 1 : slope }
  }
  func backward(_ x: Operands, _ y: Slot) {}
}

/// y = 1 − x²: applied to t = tanh h it is tanh'(h), so a tanh tangent is (1 − t²)·ḣ.
struct OneMinusSquare: Primitive {
  var name: String { "one-minus-square" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = 1 - x.a.value[i] * x.a.value[i] }
  }
  func backward(_ x: Operands, _ y: Slot) {  // d(1 − x²) = −2x
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) { -2 * x.a.value[$0] * gy[$0] }
  }
}
