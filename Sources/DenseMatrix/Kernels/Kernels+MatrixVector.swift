// Matrix–vector products in both orientations and the fused Gram step WᵀW x, the kernels behind
// power iteration, Lanczos and spectral normalization. All are memory-bound on large matrices, so
// each reads W exactly once: `gemv` four rows at a time against one pass over x, `gemvTransposed`
// as axpys of four rows into y, and `gramTimes` the dots then the axpys of each block of eight
// rows while those rows are still in cache.
//
import RealModule

// NOTE: `threads` never changes a result. `gemv` splits rows and `gemvTransposed` splits
// columns (every output entry is computed by the same arithmetic in either case); `gramTimes`
// always cuts W into the same row blocks (a function of the shape only), accumulates one partial
// vector per block and adds the partials in block order, whichever thread computed them.

extension Kernels {
  /// y ← W x for a row-major m×n matrix W; y has m entries and must not overlap W or x.
  ///
  /// Row i is Σⱼ W[i,j]·x[j] summed in an order that depends only on n and on whether row i
  /// falls in a block of four (rows 0..<4⌊m/4⌋) or not, so only on the shape. With `threads` > 1
  /// and a large matrix the rows are shared among threads; the result is bit-identical for every
  /// thread count. O(mn), one read of W.
  public static func gemv(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, threads: Int = 1
  ) {
    let parts = partCount(threads: threads, work: m * n, maxParts: m / 4)
    let w = SendablePointer(w), x = SendablePointer(x), y = SendableMutablePointer(y)
    forEachPart(parts, threads: threads) { part in
      let (lo, hi) = split(m, into: parts, part: part, multipleOf: 4)
      gemvRows(w.base, lo, hi, n, x.base, y.base)
    }
  }

  /// y ← Wᵀ x for a row-major m×n matrix W; y has n entries and must not overlap W or x.
  ///
  /// Column j is accumulated over the rows in blocks of four, in an order that depends only on
  /// m. With `threads` > 1 and a large matrix the columns are shared among threads; the result is
  /// bit-identical for every thread count. O(mn), one read of W.
  public static func gemvTransposed(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, threads: Int = 1
  ) {
    let parts = partCount(threads: threads, work: m * n, maxParts: n / 64)
    let w = SendablePointer(w), x = SendablePointer(x), y = SendableMutablePointer(y)
    forEachPart(parts, threads: threads) { part in
      let (lo, hi) = split(n, into: parts, part: part, multipleOf: 8)
      let yp = y.base + lo
      for j in 0 ..< hi - lo { yp[j] = 0 }
      axpyRows(w.base + lo, stride: n, 0, m, hi - lo, x.base, yp)
    }
  }

  /// y ← WᵀW x = Σᵢ (wᵢᵀx) wᵢ for a row-major m×n matrix W, in one pass over W (each block of
  /// eight rows is dotted with x and added into y while it is in cache). x and y have n entries
  /// and must not overlap each other or W.
  ///
  /// When `rowProducts` is given it receives W x (m entries, bit-identical to `gemv`): a power
  /// or Lanczos step then has W v, WᵀW v and so both residuals ‖Wv − σu‖, ‖Wᵀu − σv‖ (with
  /// u = Wv/‖Wv‖, Wᵀu = WᵀWv/‖Wv‖) from a single read of W.
  ///
  /// W is cut into `gramBlockCount(rows:columns:)` row blocks fixed by the shape; each block
  /// accumulates its own partial vector and the partials are added in block order, so the result
  /// is bit-identical for every thread count. Allocates (at most) a scratch of 3n doubles per
  /// call. O(mn), one read of W.
  public static func gramTimes(
    _ w: UnsafePointer<Double>, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
    rowProducts u: UnsafeMutablePointer<Double>? = nil, threads: Int = 1
  ) {
    let blocks = gramBlockCount(rows: m, columns: n)
    if blocks == 1 {
      for j in 0 ..< n { y[j] = 0 }
      gramRows(w, 0, m, n, x, y, u)
      return
    }
    let u = u.map(SendableMutablePointer.init)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: (blocks - 1) * n) { scratch in
      let partials = SendableMutablePointer(scratch.baseAddress!)
      let w = SendablePointer(w), x = SendablePointer(x), y = SendableMutablePointer(y)
      forEachPart(blocks, threads: threads) { block in
        let (lo, hi) = split(m, into: blocks, part: block, multipleOf: 8)
        let target = block == 0 ? y.base : partials.base + (block - 1) * n
        for j in 0 ..< n { target[j] = 0 }
        gramRows(w.base, lo, hi, n, x.base, target, u?.base)
      }
      for block in 1 ..< blocks {
        let p = UnsafePointer(partials.base + (block - 1) * n)
        var j = 0
        while j + 8 <= n {
          y.base.store(j, y.base.v8(j) + p.v8(j))
          j += 8
        }
        while j < n {
          y.base[j] = y.base[j] + p[j]
          j += 1
        }
      }
    }
  }

  /// The number of row blocks `gramTimes` cuts an m×n matrix into: 1 below 2¹⁸ entries (one
  /// pass, no partial vectors), else `gramBlocks`. A function of the shape only.
  public static func gramBlockCount(rows m: Int, columns n: Int) -> Int {
    m * n >= parallelThreshold && m >= 8 * gramBlocks ? gramBlocks : 1
  }

  /// The fixed number of row blocks (and so the most threads) `gramTimes` uses on large matrices.
  public static let gramBlocks = 4

  /// Matrices with fewer entries than this run on one thread: below it the cost of waking a
  /// second thread is comparable to the product itself.
  public static let parallelThreshold = 1 << 18
}

// MARK: - Row kernels

extension Kernels {
  /// y[i] ← wᵢᵀx for rows lo..<hi, four rows at a time.
  @inline(__always)
  static func gemvRows(
    _ w: UnsafePointer<Double>, _ lo: Int, _ hi: Int, _ n: Int,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
  ) {
    var i = lo
    while i + 4 <= hi {
      let r = w + i * n
      let s = rowDot4(r, r + n, r + 2 * n, r + 3 * n, x, n)
      y[i] = s.0
      y[i + 1] = s.1
      y[i + 2] = s.2
      y[i + 3] = s.3
      i += 4
    }
    while i < hi {
      y[i] = rowDot(w + i * n, x, n)
      i += 1
    }
  }

  /// y ← y + Σᵢ x[i]·wᵢ over rows lo..<hi of a matrix with row stride `stride`, using the first
  /// `n` columns, four rows at a time.
  @inline(__always)
  static func axpyRows(
    _ w: UnsafePointer<Double>, stride: Int, _ lo: Int, _ hi: Int, _ n: Int,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
  ) {
    var i = lo
    while i + 4 <= hi {
      let r = w + i * stride
      rowAxpy4(x[i], x[i + 1], x[i + 2], x[i + 3], r, r + stride, r + 2 * stride, r + 3 * stride, y, n)
      i += 4
    }
    while i < hi {
      axpy(x[i], w + i * stride, y, count: n)
      i += 1
    }
  }

  /// y ← y + Σᵢ (wᵢᵀx)·wᵢ over rows lo..<hi: eight rows at a time, their eight dots (streaming
  /// from memory) and then their axpy (from cache), then a block of four, then single rows.
  ///
  /// NOTE: eight-row blocks measured about 10% faster than four on 4096² (longer streaming
  /// phases); sixteen or more are slower again (the block no longer sits in L2 with y).
  @inline(__always)
  static func gramRows(
    _ w: UnsafePointer<Double>, _ lo: Int, _ hi: Int, _ n: Int,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
    _ u: UnsafeMutablePointer<Double>?
  ) {
    var i = lo
    while i + 8 <= hi {
      let r = w + i * n, q = r + 4 * n
      let s = rowDot4(r, r + n, r + 2 * n, r + 3 * n, x, n)
      let t = rowDot4(q, q + n, q + 2 * n, q + 3 * n, x, n)
      if let u {
        u[i] = s.0; u[i + 1] = s.1; u[i + 2] = s.2; u[i + 3] = s.3
        u[i + 4] = t.0; u[i + 5] = t.1; u[i + 6] = t.2; u[i + 7] = t.3
      }
      rowAxpy4(s.0, s.1, s.2, s.3, r, r + n, r + 2 * n, r + 3 * n, y, n)
      rowAxpy4(t.0, t.1, t.2, t.3, q, q + n, q + 2 * n, q + 3 * n, y, n)
      i += 8
    }
    if i + 4 <= hi {
      let r = w + i * n
      let s = rowDot4(r, r + n, r + 2 * n, r + 3 * n, x, n)
      if let u { u[i] = s.0; u[i + 1] = s.1; u[i + 2] = s.2; u[i + 3] = s.3 }
      rowAxpy4(s.0, s.1, s.2, s.3, r, r + n, r + 2 * n, r + 3 * n, y, n)
      i += 4
    }
    while i < hi {
      let r = w + i * n
      let s = rowDot(r, x, n)
      u?[i] = s
      axpy(s, r, y, count: n)
      i += 1
    }
  }

  /// The dot products of four rows with x.
  ///
  /// NOTE: relaxed arithmetic, not SIMD8 accumulators: the compiler then picks the vector width
  /// and the number of partial sums for the target (two 8-wide FMA chains per row with AVX-512,
  /// fewer 2-wide ones with SSE2, where eight SIMD8 accumulators would spill), measured 5–8%
  /// faster on both. The summation order is fixed by the compiled code and n, nothing else.
  @inline(__always)
  static func rowDot4(
    _ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>, _ r2: UnsafePointer<Double>,
    _ r3: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ n: Int
  ) -> (Double, Double, Double, Double) {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    for j in 0 ..< n {
      let xj = x[j]
      s0 = Relaxed.multiplyAdd(r0[j], xj, s0)
      s1 = Relaxed.multiplyAdd(r1[j], xj, s1)
      s2 = Relaxed.multiplyAdd(r2[j], xj, s2)
      s3 = Relaxed.multiplyAdd(r3[j], xj, s3)
    }
    return (s0, s1, s2, s3)
  }

  /// The dot product of one row with x (relaxed arithmetic, like `rowDot4`).
  @inline(__always)
  static func rowDot(_ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var s = 0.0
    for j in 0 ..< n { s = Relaxed.multiplyAdd(r[j], x[j], s) }
    return s
  }

  /// y ← (((y + s0·r0) + s1·r1) + s2·r2) + s3·r3 entry by entry over n entries.
  @inline(__always)
  static func rowAxpy4(
    _ s0: Double, _ s1: Double, _ s2: Double, _ s3: Double,
    _ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>, _ r2: UnsafePointer<Double>,
    _ r3: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int
  ) {
    let c0 = V8(repeating: s0), c1 = V8(repeating: s1)
    let c2 = V8(repeating: s2), c3 = V8(repeating: s3)
    var j = 0
    while j + 8 <= n {
      var t = y.v8(j)
      t += c0 * r0.v8(j)
      t += c1 * r1.v8(j)
      t += c2 * r2.v8(j)
      t += c3 * r3.v8(j)
      y.store(j, t)
      j += 8
    }
    while j < n {
      var t = y[j]
      t += s0 * r0[j]
      t += s1 * r1[j]
      t += s2 * r2[j]
      t += s3 * r3[j]
      y[j] = t
      j += 1
    }
  }
}
