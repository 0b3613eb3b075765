// The matrix products of the tape, routed by shape: a 1-D critic's first and last layers make
// products with one side of width 1 (k = 1: an outer product; m = 1 or n = 1: a matrix–vector
// product), which a packed gemm pads to full register tiles. Those run as vector loops here;
// everything else goes to Kernels.gemm.

import DenseMatrix
import RealModule

/// C ← op(A)·op(B) + β·C for row-major A, B, C with β ∈ {0, 1}, shapes as in `Kernels.gemm`
/// (op(A) m×k, op(B) k×n). Operands with a dimension of 1 must be stored densely (their
/// vector is contiguous), which holds for every node of a tape.
@inline(__always)
func product(
  transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
  _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
  accumulate: Bool, _ c: UnsafeMutablePointer<Double>, ldc: Int
) {
  if k == 1 {
    // Outer product: op(A) is a column and op(B) a row, both contiguous.
    for i in 0 ..< m {
      let ai = a[i]
      let ci = c + i * ldc
      if accumulate {
        for j in 0 ..< n { ci[j] = Relaxed.multiplyAdd(ai, b[j], ci[j]) }
      } else {
        for j in 0 ..< n { ci[j] = ai * b[j] }
      }
    }
  } else if n == 1 {
    // c = op(A)·b with b contiguous (k entries).
    if transA {
      // op(A)[i, p] = a[p·lda + i]: accumulate rows of the stored A scaled by b[p].
      if !accumulate { for i in 0 ..< m { c[i * ldc] = 0 } }
      if ldc == 1 {
        for p in 0 ..< k {
          let bp = b[p]
          let ap = a + p * lda
          for i in 0 ..< m { c[i] = Relaxed.multiplyAdd(bp, ap[i], c[i]) }
        }
      } else {
        for p in 0 ..< k { for i in 0 ..< m { c[i * ldc] += b[p] * a[p * lda + i] } }
      }
    } else {
      for i in 0 ..< m {
        let s = Kernels.dot(a + i * lda, b, count: k)
        c[i * ldc] = accumulate ? c[i * ldc] + s : s
      }
    }
  } else if m == 1 {
    // c = a·op(B) with a contiguous (k entries).
    if transB {
      // op(B)[p, j] = b[j·ldb + p]: one dot product per column.
      for j in 0 ..< n {
        let s = Kernels.dot(b + j * ldb, a, count: k)
        c[j] = accumulate ? c[j] + s : s
      }
    } else {
      if !accumulate { for j in 0 ..< n { c[j] = 0 } }
      for p in 0 ..< k {
        let ap = a[p]
        let bp = b + p * ldb
        for j in 0 ..< n { c[j] = Relaxed.multiplyAdd(ap, bp[j], c[j]) }
      }
    }
  } else {
    Kernels.gemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a, lda: lda, b, ldb: ldb,
      beta: accumulate ? 1 : 0, c, ldc: ldc)
  }
}
