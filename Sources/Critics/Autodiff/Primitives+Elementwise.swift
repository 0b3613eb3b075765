// Element-wise arithmetic and the reductions: sums, products, scalar maps, square and abs for
// penalties, sum and mean down to a 1×1 loss. Each forward rule sits beside its backward rule.

import DenseMatrix
import RealModule

/// y = a + b (same shapes).
struct Add: Primitive {
  var name: String { "add" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] + x.b.value[i] }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    if let ga = x.a.gradient { emit(ga, count: y.count, overwrite: x.a.overwrite) { gy[$0] } }
    if let gb = x.b.gradient { emit(gb, count: y.count, overwrite: x.b.overwrite) { gy[$0] } }
  }
}

/// y = a − b (same shapes).
struct Subtract: Primitive {
  var name: String { "subtract" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] - x.b.value[i] }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    if let ga = x.a.gradient { emit(ga, count: y.count, overwrite: x.a.overwrite) { gy[$0] } }
    if let gb = x.b.gradient { emit(gb, count: y.count, overwrite: x.b.overwrite) { -gy[$0] } }
  }
}

/// y = a ⊙ b (element-wise product, same shapes).
struct Multiply: Primitive {
  var name: String { "multiply" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] * x.b.value[i] }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    if let ga = x.a.gradient {
      emit(ga, count: y.count, overwrite: x.a.overwrite) { gy[$0] * x.b.value[$0] }
    }
    if let gb = x.b.gradient {
      emit(gb, count: y.count, overwrite: x.b.overwrite) { gy[$0] * x.a.value[$0] }
    }
  }
}

/// y = c·x for a constant c.
struct Scale: Primitive {
  let factor: Double
  var name: String { "scale" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = factor * x.a.value[i] }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) { factor * gy[$0] }
  }
}

/// y = x + c for a constant c.
struct AddScalar: Primitive {
  let constant: Double
  var name: String { "add-scalar" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] + constant }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) { gy[$0] }
  }
}

/// y = x².
struct Square: Primitive {
  var name: String { "square" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] * x.a.value[i] }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) { 2 * x.a.value[$0] * gy[$0] }
  }
}

/// y = |x|.
struct Absolute: Primitive {
  var name: String { "abs" }
  func forward(_ x: Operands, _ y: Slot) {
    for i in 0 ..< y.count { y.value[i] = abs(x.a.value[i]) }
  }
  // NOTE: |x|'(0) is taken as 0 (the subgradient PyTorch uses); a slope of exactly 0 is rare.
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    emit(ga, count: y.count, overwrite: x.a.overwrite) {
      let v = x.a.value[$0]
      return v > 0 ? gy[$0] : (v < 0 ? -gy[$0] : 0)
    }
  }
}

/// y = factor · Σ x (a 1×1 result): `sum` with factor 1, `mean` with factor 1/count.
struct ScaledSum: Primitive {
  let factor: Double
  let label: String
  var name: String { label }
  func forward(_ x: Operands, _ y: Slot) {
    var s = 0.0
    for i in 0 ..< x.a.count { s = Relaxed.sum(s, x.a.value[i]) }
    y.value[0] = factor * s
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    let g = factor * gy[0]
    emit(ga, count: x.a.count, overwrite: x.a.overwrite) { _ in g }
  }
}
