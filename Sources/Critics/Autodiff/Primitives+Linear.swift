// The linear-algebra primitives: matrix product (through Kernels.gemm), a dense layer's affine
// map, a bias added to every row, the bilinear form uᵀWv (a power-iteration σ) and division by
// a 1×1 node (W/σ).
// Each forward rule sits beside its backward rule.

import DenseMatrix
import RealModule

/// C = A·B, or A·Bᵀ when `transposeRight` (the layout of a layer `x Wᵀ` with W out×in).
struct MatrixProduct: Primitive {
  let transposeRight: Bool
  var name: String { transposeRight ? "matmul(A, Bᵀ)" : "matmul" }

  // Shapes: A is m×k; B is k×n, or n×k when transposed; C is m×n.
  func forward(_ x: Operands, _ y: Slot) {
    product(
      transA: false, transB: transposeRight, m: y.rows, n: y.columns, k: x.a.columns,
      x.a.value, lda: x.a.columns, x.b.value, ldb: x.b.columns, accumulate: false,
      y.value, ldc: y.columns)
  }

  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    Self.backward(x, gy, rows: y.rows, columns: y.columns, transposeRight: transposeRight)
  }

  /// ∂A and ∂B of C = A·op(B) from ∂C = `gy` (m×n); shared with `Affine`.
  @inline(__always)
  static func backward(
    _ x: Operands, _ gy: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int,
    transposeRight: Bool
  ) {
    let k = x.a.columns
    if let ga = x.a.gradient {
      // ∂A = G·Bᵀ (m×k), or G·B when the product used Bᵀ.
      product(
        transA: false, transB: !transposeRight, m: m, n: k, k: n,
        gy, lda: n, x.b.value, ldb: x.b.columns, accumulate: !x.a.overwrite, ga, ldc: k)
    }
    if let gb = x.b.gradient {
      if transposeRight {
        // ∂B = Gᵀ·A (n×k).
        product(
          transA: true, transB: false, m: n, n: k, k: m,
          gy, lda: n, x.a.value, ldb: k, accumulate: !x.b.overwrite, gb, ldc: k)
      } else {
        // ∂B = Aᵀ·G (k×n).
        product(
          transA: true, transB: false, m: k, n: n, k: m,
          x.a.value, lda: k, gy, ldb: n, accumulate: !x.b.overwrite, gb, ldc: n)
      }
    }
  }
}

/// Y = X·Wᵀ + 1·b: a dense layer's pre-activation for a batch of rows X (m×k), a weight W
/// (n×k, out×in) and a bias row b (1×n). One node instead of a product and a broadcast sum, so
/// the backward pass reads ∂Y directly (no copy) and sums its columns for ∂b.
struct Affine: Primitive {
  var name: String { "affine" }

  func forward(_ x: Operands, _ y: Slot) {
    let n = y.columns
    product(
      transA: false, transB: true, m: y.rows, n: n, k: x.a.columns,
      x.a.value, lda: x.a.columns, x.b.value, ldb: x.b.columns, accumulate: false,
      y.value, ldc: n)
    for i in 0 ..< y.rows {
      let yi = y.value + i * n
      for j in 0 ..< n { yi[j] += x.c.value[j] }
    }
  }

  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    MatrixProduct.backward(x, gy, rows: y.rows, columns: y.columns, transposeRight: true)
    if let gb = x.c.gradient {
      let n = y.columns
      if x.c.overwrite { gb.update(repeating: 0, count: n) }
      for i in 0 ..< y.rows {
        let gi = gy + i * n
        for j in 0 ..< n { gb[j] += gi[j] }
      }
    }
  }
}

/// Y = X + 1·b: the 1×n row b added to every row of the m×n matrix X.
struct AddRowBroadcast: Primitive {
  var name: String { "add-row" }

  func forward(_ x: Operands, _ y: Slot) {
    let n = y.columns
    for i in 0 ..< y.rows {
      let xi = x.a.value + i * n
      let yi = y.value + i * n
      for j in 0 ..< n { yi[j] = xi[j] + x.b.value[j] }
    }
  }

  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    if let ga = x.a.gradient {
      emit(ga, count: y.count, overwrite: x.a.overwrite) { gy[$0] }
    }
    if let gb = x.b.gradient {
      // ∂b = column sums of G.
      let n = y.columns
      if x.b.overwrite { gb.update(repeating: 0, count: n) }
      for i in 0 ..< y.rows {
        let gi = gy + i * n
        for j in 0 ..< n { gb[j] += gi[j] }
      }
    }
  }
}

/// s = uᵀ W v for a 1×m row u, an m×n matrix W and a 1×n row v; a 1×1 result.
/// With u, v the power-iteration vectors of W this is spectral normalization's σ, and
/// ∂s/∂W = u vᵀ (MATH.md §4–5).
struct Bilinear: Primitive {
  var name: String { "bilinear" }

  func forward(_ x: Operands, _ y: Slot) {
    let (m, n) = (x.b.rows, x.b.columns)
    var s = 0.0
    for i in 0 ..< m {
      s = Relaxed.multiplyAdd(x.a.value[i], Kernels.dot(x.b.value + i * n, x.c.value, count: n), s)
    }
    y.value[0] = s
  }

  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    let (m, n, g) = (x.b.rows, x.b.columns, gy[0])
    if let gu = x.a.gradient {  // ∂u = g·W v
      for i in 0 ..< m {
        let t = g * Kernels.dot(x.b.value + i * n, x.c.value, count: n)
        gu[i] = x.a.overwrite ? t : gu[i] + t
      }
    }
    if let gw = x.b.gradient {  // ∂W = g·u vᵀ
      for i in 0 ..< m {
        let gi = g * x.a.value[i]
        emit(gw + i * n, count: n, overwrite: x.b.overwrite) { gi * x.c.value[$0] }
      }
    }
    if let gv = x.c.gradient {  // ∂v = g·Wᵀ u
      if x.c.overwrite { gv.update(repeating: 0, count: n) }
      for i in 0 ..< m {
        let gi = g * x.a.value[i]
        let wi = x.b.value + i * n
        for j in 0 ..< n { gv[j] = Relaxed.multiplyAdd(gi, wi[j], gv[j]) }
      }
    }
  }
}

/// Y = X / s for a 1×1 node s. With s = uᵀWv this is the spectrally normalized weight, and the
/// chain rule gives MATH.md §4's ∂L/∂W = (G − ⟨G, W_SN⟩ u vᵀ)/σ.
struct DivideByScalar: Primitive {
  var name: String { "divide" }

  func forward(_ x: Operands, _ y: Slot) {
    let r = 1 / x.b.value[0]
    for i in 0 ..< y.count { y.value[i] = x.a.value[i] * r }
  }

  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    let r = 1 / x.b.value[0]
    if let ga = x.a.gradient {  // ∂X = G / s
      emit(ga, count: y.count, overwrite: x.a.overwrite) { gy[$0] * r }
    }
    if let gs = x.b.gradient {  // ∂s = −⟨G, Y⟩ / s
      let t = -Kernels.dot(gy, y.value, count: y.count) * r
      gs[0] = x.b.overwrite ? t : gs[0] + t
    }
  }
}
