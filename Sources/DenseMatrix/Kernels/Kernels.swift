// The low-level kernels every hot loop in liplab goes through: dot products and vector helpers
// (this file), matrix–vector products and the fused Gram step (Kernels+MatrixVector.swift), and
// the general matrix product (Kernels+MatrixProduct.swift).
//
// They work on raw buffers so that callers can reuse storage inside iteration loops (no
// allocation per step). Shapes are the caller's responsibility: these functions do not check.
//
// NOTE: every kernel sums in an order that depends only on the shapes, never on the number of
// threads or on where a buffer sits in memory, so results are reproducible bit for bit. The
// vector helpers here and the axpys of the matrix–vector products use separate multiply and add.
// The reductions that bound the hot kernels use fused multiply-adds (`addingProduct`, correctly
// rounded, so the same bits on every target): the rows' dot products in Kernels+MatrixVector.swift
// and the register tiles of the matrix product. Intel cores issue multiplies and adds on the same
// two ports, so a separate multiply and add there costs twice the fused instruction (Zen-class
// cores have separate pipes and do not mind); a machine without FMA instructions computes the
// same results through the library's fma, slowly.

/// Namespace for the buffer-level linear-algebra kernels.
public enum Kernels {
  /// Returns Σ x[i]·y[i] over the first `count` entries.
  ///
  /// Four 8-wide accumulators over blocks of 32, then blocks of 8, then a scalar tail; the order
  /// depends only on `count`. O(count).
  public static func dot(
    _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
  ) -> Double {
    var a0 = V8(), a1 = V8(), a2 = V8(), a3 = V8()
    var i = 0
    while i + 32 <= count {
      a0 += x.v8(i) * y.v8(i)
      a1 += x.v8(i + 8) * y.v8(i + 8)
      a2 += x.v8(i + 16) * y.v8(i + 16)
      a3 += x.v8(i + 24) * y.v8(i + 24)
      i += 32
    }
    while i + 8 <= count {
      a0 += x.v8(i) * y.v8(i)
      i += 8
    }
    var s = ((a0 + a1) + (a2 + a3)).sum()
    while i < count {
      s += x[i] * y[i]
      i += 1
    }
    return s
  }

  /// Returns Σ x[i] over the first `count` entries (a streaming read; the benchmarks use it to
  /// measure the memory bandwidth that matrix–vector products are held against). O(count).
  public static func sum(_ x: UnsafePointer<Double>, count: Int) -> Double {
    var a0 = V8(), a1 = V8(), a2 = V8(), a3 = V8()
    var i = 0
    while i + 32 <= count {
      a0 += x.v8(i)
      a1 += x.v8(i + 8)
      a2 += x.v8(i + 16)
      a3 += x.v8(i + 24)
      i += 32
    }
    while i + 8 <= count {
      a0 += x.v8(i)
      i += 8
    }
    var s = ((a0 + a1) + (a2 + a3)).sum()
    while i < count {
      s += x[i]
      i += 1
    }
    return s
  }

  /// Returns the Euclidean norm sqrt(Σ x[i]²) of the first `count` entries, scaled so that it
  /// neither overflows nor underflows for finite input (NaN in, NaN out). O(count), two passes
  /// only when the plain sum of squares over- or underflows.
  public static func norm(_ x: UnsafePointer<Double>, count: Int) -> Double {
    let ss = dot(x, x, count: count)
    if ss.isFinite && ss > 1e-280 { return ss.squareRoot() }
    if ss.isNaN || count == 0 { return ss.isNaN ? .nan : 0 }
    // NOTE: rescale by the largest magnitude when the sum of squares left the safe range.
    var big = 0.0
    for i in 0 ..< count { big = Swift.max(big, Swift.abs(x[i])) }
    if big == 0 || big.isInfinite || big.isNaN { return big.isNaN ? .nan : big }
    // NOTE: divide rather than multiply by 1/big, which overflows for a subnormal big.
    var s = 0.0
    for i in 0 ..< count {
      let t = x[i] / big
      s += t * t
    }
    return big * s.squareRoot()
  }

  /// y ← y + α·x over the first `count` entries (y must not overlap x unless equal). O(count).
  public static func axpy(
    _ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
  ) {
    let va = V8(repeating: alpha)
    var i = 0
    while i + 8 <= count {
      y.store(i, y.v8(i) + va * x.v8(i))
      i += 8
    }
    while i < count {
      y[i] = y[i] + alpha * x[i]
      i += 1
    }
  }

  /// x ← α·x over the first `count` entries. O(count).
  public static func scale(_ alpha: Double, _ x: UnsafeMutablePointer<Double>, count: Int) {
    let va = V8(repeating: alpha)
    var i = 0
    while i + 8 <= count {
      x.store(i, va * x.v8(i))
      i += 8
    }
    while i < count {
      x[i] = alpha * x[i]
      i += 1
    }
  }
}
