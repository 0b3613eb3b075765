// Matrix–vector products in both orientations and the fused Gram step WᵀW x, the kernels behind
// power iteration, Lanczos and spectral normalization. All are memory-bound on large matrices, so
// each reads W exactly once: `gemv` eight rows at a time against one pass over x,
// `gemvTransposed` as axpys of four rows into y, and `gramTimes` software-pipelined: the dots of
// each block of four rows in the same pass as the axpys of the block before (still in cache).

// NOTE: `threads` never changes a result. `gemv` splits rows and `gemvTransposed` splits
// columns (every output entry is computed by the same arithmetic in either case); `gramTimes`
// always cuts W into the same row blocks (a function of the shape only), accumulates one partial
// vector per block and adds the partials in block order, whichever thread computed them.

import CPrefetch

extension Kernels {
  /// y ← W x for a row-major m×n matrix W; y has m entries and must not overlap W or x.
  ///
  /// Row i is Σⱼ W[i,j]·x[j] summed in an order that depends only on n (`rowDot`'s, the same
  /// for every row and in `gramTimes`' row products). With `threads` > 1
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
  /// four rows is dotted with x and added into y while it is in cache). x and y have n entries
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
  /// y[i] ← wᵢᵀx for rows lo..<hi, eight rows at a time against one pass over x.
  @inline(__always)
  static func gemvRows(
    _ w: UnsafePointer<Double>, _ lo: Int, _ hi: Int, _ n: Int,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
  ) {
    var i = lo
    while i + 8 <= hi {
      storeDots(rowDots8(w + i * n, n, x, n), y + i)
      i += 8
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

  /// y ← y + Σᵢ (wᵢᵀx)·wᵢ over rows lo..<hi, software-pipelined four rows at a time: one pass
  /// over the columns computes the dots of the next four rows (streaming from memory, prefetched
  /// `gramPrefetchDistance` entries ahead) and adds the previous four, whose dots are known, into
  /// y (still in cache), walking their columns backwards. `u`, when given, receives the dots.
  ///
  /// NOTE: pipelining keeps the memory stream busy: dots first and axpys second, block by block,
  /// left the reads of W idle during every axpy phase (61–68% of the streaming bandwidth on
  /// Sapphire Rapids at 4096² and 4096×1024, one thread). The second read of each row comes from
  /// L2 and competes with the stream; the prefetch keeps enough of the stream's lines in flight
  /// beside it (Zen 5, one thread, 4096×1024 / 4096²: 43–53% / 47–52% of the streaming read
  /// without it, 56–60% / 64–71% with it; distances of 192 and 256 alike). Single rows, whose
  /// second read can come from L1, are slower where it matters most: each dot is then one chain
  /// of fused multiply-adds, latency-bound (4096×1024: 39–44% on Zen 5's 48 KiB L1, 33% on Zen
  /// 4's 32 KiB; 86% on Sapphire Rapids' 48 KiB, the one machine where they won). Blocks of
  /// four rather than eight: alike in speed, and fewer lines in the same sets of L1 at once on
  /// power-of-two widths. Two details matter on narrow rows (4096×1024, Zen 1 EPYC, one thread,
  /// `liplab-bench kernels`, seven runs each: 70–78% of the streaming read before, 80–102%
  /// after; 4096² 85–101% before and after): near the end of a row each stream's prefetch moves
  /// on to the same row of the next block, not into the next row, which the block itself is
  /// already reading, so the next block's four streams start warm; and the axpys walk the
  /// previous block's columns backwards, so they begin with the columns its dots read last, still
  /// in L1. Each yⱼ receives the rows in order, each by a separate multiply and add, so the
  /// pipelined loop gives the bits of the unpipelined one.
  @inline(__always)
  static func gramRows(
    _ w: UnsafePointer<Double>, _ lo: Int, _ hi: Int, _ n: Int,
    _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
    _ u: UnsafeMutablePointer<Double>?
  ) {
    var i = lo
    if i + 4 <= hi {
      var s = rowDots4(w + i * n, n, x, n)
      if let u { storeDots(s, u + i) }
      while i + 8 <= hi {
        let next = rowDotsAxpy4(w + (i + 4) * n, x, s, w + i * n, y, n)
        if let u { storeDots(next, u + i + 4) }
        s = next
        i += 4
      }
      let r = w + i * n
      rowAxpy4(s[0], s[1], s[2], s[3], r, r + n, r + 2 * n, r + 3 * n, y, n)
      i += 4
    }
    while i < hi {
      let r = w + i * n
      let d = rowDot(r, x, n)
      u?[i] = d
      axpy(d, r, y, count: n)
      i += 1
    }
  }

  /// How many entries ahead of its dots `rowDotsAxpy4` prefetches each of its four rows: 2 KiB,
  /// 32 lines a row, continuing into the same row of the next block near a row's end (see
  /// `gramRows`). A hint only: an address past the end of W does not fault.
  static let gramPrefetchDistance = 256

  /// The eight dots in s, lane by lane, into d[0..<8].
  @inline(__always)
  static func storeDots(_ s: V8, _ d: UnsafeMutablePointer<Double>) {
    d.store(0, s)
  }

  /// The four dots in s, lane by lane, into d[0..<4].
  @inline(__always)
  static func storeDots(_ s: SIMD4<Double>, _ d: UnsafeMutablePointer<Double>) {
    d[0] = s[0]; d[1] = s[1]; d[2] = s[2]; d[3] = s[3]
  }

  /// The dot products of eight rows (r, r + stride, …, r + 7·stride) with x, lane i for row i,
  /// each in the order of `rowDot`.
  @inline(__always)
  static func rowDots8(
    _ r: UnsafePointer<Double>, _ stride: Int, _ x: UnsafePointer<Double>, _ n: Int
  ) -> V8 {
    var a0 = V8(), a1 = V8(), a2 = V8(), a3 = V8(), a4 = V8(), a5 = V8(), a6 = V8(), a7 = V8()
    let r1 = r + stride, r2 = r + 2 * stride, r3 = r + 3 * stride, r4 = r + 4 * stride
    let r5 = r + 5 * stride, r6 = r + 6 * stride, r7 = r + 7 * stride
    var j = 0
    while j + 8 <= n {
      let xv = x.v8(j)
      a0 = a0.addingProduct(r.v8(j), xv)
      a1 = a1.addingProduct(r1.v8(j), xv)
      a2 = a2.addingProduct(r2.v8(j), xv)
      a3 = a3.addingProduct(r3.v8(j), xv)
      a4 = a4.addingProduct(r4.v8(j), xv)
      a5 = a5.addingProduct(r5.v8(j), xv)
      a6 = a6.addingProduct(r6.v8(j), xv)
      a7 = a7.addingProduct(r7.v8(j), xv)
      j += 8
    }
    return V8(
      dotTail(a0, r, x, j, n), dotTail(a1, r1, x, j, n), dotTail(a2, r2, x, j, n),
      dotTail(a3, r3, x, j, n), dotTail(a4, r4, x, j, n), dotTail(a5, r5, x, j, n),
      dotTail(a6, r6, x, j, n), dotTail(a7, r7, x, j, n))
  }

  /// The dot products of four rows (r, r + stride, r + 2·stride, r + 3·stride) with x, lane i
  /// for row i, each in the order of `rowDot`.
  @inline(__always)
  static func rowDots4(
    _ r: UnsafePointer<Double>, _ stride: Int, _ x: UnsafePointer<Double>, _ n: Int
  ) -> SIMD4<Double> {
    var a0 = V8(), a1 = V8(), a2 = V8(), a3 = V8()
    let r1 = r + stride, r2 = r + 2 * stride, r3 = r + 3 * stride
    var j = 0
    while j + 8 <= n {
      let xv = x.v8(j)
      a0 = a0.addingProduct(r.v8(j), xv)
      a1 = a1.addingProduct(r1.v8(j), xv)
      a2 = a2.addingProduct(r2.v8(j), xv)
      a3 = a3.addingProduct(r3.v8(j), xv)
      j += 8
    }
    return SIMD4(
      dotTail(a0, r, x, j, n), dotTail(a1, r1, x, j, n), dotTail(a2, r2, x, j, n),
      dotTail(a3, r3, x, j, n))
  }

  /// The dots of the four rows at `r` (row stride n) with x, as `rowDots4`, while adding
  /// Σₖ s[k]·(row k at `q`) into y (as `rowAxpy4`, by the same `addFour`), in one
  /// pass over the columns: forwards for the dots, backwards for the axpys.
  @inline(__always)
  static func rowDotsAxpy4(
    _ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ s: SIMD4<Double>,
    _ q: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int
  ) -> SIMD4<Double> {
    var a0 = V8(), a1 = V8(), a2 = V8(), a3 = V8()
    let r1 = r + n, r2 = r + 2 * n, r3 = r + 3 * n
    let q1 = q + n, q2 = q + 2 * n, q3 = q + 3 * n
    let c0 = V8(repeating: s[0]), c1 = V8(repeating: s[1])
    let c2 = V8(repeating: s[2]), c3 = V8(repeating: s[3])
    let ahead = gramPrefetchDistance
    let last = (n & ~7) - 8  // the last full group of eight columns, where the axpys start
    var j = 0
    while j + 8 <= n {
      let pf = j + ahead < n ? j + ahead : j + ahead + 3 * n  // past the row: the next block's
      liplab_prefetch_for_read(r + pf)
      liplab_prefetch_for_read(r1 + pf)
      liplab_prefetch_for_read(r2 + pf)
      liplab_prefetch_for_read(r3 + pf)
      let xv = x.v8(j)
      a0 = a0.addingProduct(r.v8(j), xv)
      a1 = a1.addingProduct(r1.v8(j), xv)
      a2 = a2.addingProduct(r2.v8(j), xv)
      a3 = a3.addingProduct(r3.v8(j), xv)
      addFour(c0, c1, c2, c3, q, q1, q2, q3, into: y, at: last - j)
      j += 8
    }
    var k = j
    while k < n {
      var t = y[k]
      t += s[0] * q[k]
      t += s[1] * q1[k]
      t += s[2] * q2[k]
      t += s[3] * q3[k]
      y[k] = t
      k += 1
    }
    return SIMD4(
      dotTail(a0, r, x, j, n), dotTail(a1, r1, x, j, n), dotTail(a2, r2, x, j, n),
      dotTail(a3, r3, x, j, n))
  }

  /// The dot product of one row with x in the order every row kernel uses: one 8-wide
  /// accumulator of fused multiply-adds over the columns in steps of eight, its lanes summed in
  /// order, then the last n mod 8 columns one fused multiply-add at a time.
  ///
  /// NOTE: a fixed order, written out, rather than relaxed arithmetic: the rows' dots are then
  /// the same bits whether a kernel takes them one, eight or eight-pipelined at a time (so
  /// `gramTimes`' row products equal `gemv`'s), and on every compiler.
  @inline(__always)
  static func rowDot(_ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var a = V8()
    var j = 0
    while j + 8 <= n {
      a = a.addingProduct(r.v8(j), x.v8(j))
      j += 8
    }
    return dotTail(a, r, x, j, n)
  }

  /// a's lanes summed in order, then r[j]·x[j] added for j in j0..<n, one fused multiply-add
  /// each.
  @inline(__always)
  static func dotTail(
    _ a: V8, _ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ j0: Int, _ n: Int
  ) -> Double {
    var s = ((((((a[0] + a[1]) + a[2]) + a[3]) + a[4]) + a[5]) + a[6]) + a[7]
    var j = j0
    while j < n {
      s = s.addingProduct(r[j], x[j])
      j += 1
    }
    return s
  }

  /// y[p..<p+8] ← (((y + c0·r0) + c1·r1) + c2·r2) + c3·r3 over those eight entries, each a
  /// separate multiply and add: the one step of `rowAxpy4` and `rowDotsAxpy4`, so both give the
  /// same bits.
  @inline(__always)
  static func addFour(
    _ c0: V8, _ c1: V8, _ c2: V8, _ c3: V8,
    _ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>, _ r2: UnsafePointer<Double>,
    _ r3: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, at p: Int
  ) {
    var t = y.v8(p)
    t += c0 * r0.v8(p)
    t += c1 * r1.v8(p)
    t += c2 * r2.v8(p)
    t += c3 * r3.v8(p)
    y.store(p, t)
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
      addFour(c0, c1, c2, c3, r0, r1, r2, r3, into: y, at: j)
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
