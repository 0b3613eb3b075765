// The low-level kernels every hot loop in liplab goes through: dot products, matrix–vector
// products in both orientations, the fused Gram step and the general matrix product.
//
// They work on raw buffers so that callers can reuse storage inside iteration loops (no
// allocation per step). Shapes are the caller's responsibility: these functions do not check.

import RealModule

/// Namespace for the buffer-level linear-algebra kernels.
public enum Kernels {
  /// Returns Σ x[i]·y[i] over the first `count` entries.
  @inlinable
  public static func dot(
    _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
  ) -> Double {
    var s = 0.0
    for i in 0 ..< count { s = Relaxed.multiplyAdd(x[i], y[i], s) }
    return s
  }

  /// y ← W x for a row-major m×n matrix W. O(mn).
  @inlinable
  public static func gemv(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
  ) {
    for i in 0 ..< m { y[i] = dot(w + i * n, x, count: n) }
  }

  /// y ← Wᵀ x for a row-major m×n matrix W (y has n entries). O(mn).
  @inlinable
  public static func gemvTransposed(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
  ) {
    for j in 0 ..< n { y[j] = 0 }
    for i in 0 ..< m {
      let xi = x[i]
      let row = w + i * n
      for j in 0 ..< n { y[j] = Relaxed.multiplyAdd(xi, row[j], y[j]) }
    }
  }

  /// y ← WᵀW x = Σᵢ (wᵢᵀx) wᵢ in one pass over W (each row is used twice while in cache).
  /// y has n entries and must not alias x. O(mn), one read of W.
  @inlinable
  public static func gramTimes(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
  ) {
    for j in 0 ..< n { y[j] = 0 }
    for i in 0 ..< m {
      let row = w + i * n
      let s = dot(row, x, count: n)
      for j in 0 ..< n { y[j] = Relaxed.multiplyAdd(s, row[j], y[j]) }
    }
  }

  /// C ← α·op(A)·op(B) + β·C, BLAS-style, all row-major. op(A) is m×k, op(B) is k×n, C is m×n.
  /// `lda`, `ldb`, `ldc` are the row strides of the stored A, B, C. When β = 0, C is not read.
  @inlinable
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    _ a: UnsafePointer<Double>, lda: Int,
    _ b: UnsafePointer<Double>, ldb: Int,
    beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    for i in 0 ..< m {
      let ci = c + i * ldc
      if beta == 0 {
        for j in 0 ..< n { ci[j] = 0 }
      } else if beta != 1 {
        for j in 0 ..< n { ci[j] *= beta }
      }
      for p in 0 ..< k {
        let aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
        if transB {
          for j in 0 ..< n { ci[j] = Relaxed.multiplyAdd(aip, b[j * ldb + p], ci[j]) }
        } else {
          let bp = b + p * ldb
          for j in 0 ..< n { ci[j] = Relaxed.multiplyAdd(aip, bp[j], ci[j]) }
        }
      }
    }
  }
}
