// The general matrix product C ← α·op(A)·op(B) + β·C, blocked and packed in the manner of
// BLIS/GotoBLAS, with the blocks and the register tile of the machine it runs on (GemmBlocking,
// from CacheGeometry.swift). op(A) is copied in mr×kc micro-panels (zero-padded, transposition
// absorbed by the copy) for mc rows at a time, or read in place when the product is too narrow
// to repay the copy; op(B) is copied in kc×nr micro-panels for nc columns at a time; an mr×nr
// register tile (Kernels+MicroTiles.swift) broadcasts from the first and streams the second.
// Loops, outermost first: mc rows of op(A) (packed block in L3), kc deep (pack op(A)), nc
// columns of op(B) (pack op(B): the block stays in L2), mr rows (one micro-panel of op(A) stays
// in L1), nr columns (micro-panels of op(B) stream from L2, and the tile moves along the rows of
// C, which the hardware prefetcher follows).
//
// NOTE: each entry of C is Σₚ op(A)[i,p]·op(B)[p,j] summed in order of p within blocks of kc,
// one fused multiply-add per term, with α and β applied once per block; the blocks are the same
// for every entry, tile position and thread count. kc comes from the L1 cache of the machine, so
// two machines may round differently; one machine gives bit-identical results for any `threads`
// (threads share the micro-panels of op(B) within a block and never split a sum).

import CPrefetch

extension Kernels {
  /// C ← α·op(A)·op(B) + β·C, BLAS-style, all row-major. op(A) is m×k, op(B) is k×n, C is m×n.
  ///
  /// `lda`, `ldb`, `ldc` are the row strides of the stored A, B, C. When β = 0, C is not read
  /// (NaNs there are overwritten). C must not overlap A or B. With `threads` > 1 and a large
  /// product, panels of C are shared among threads; the result is bit-identical for every thread
  /// count. O(mnk) arithmetic; packing buffers of at most kc·(mc + nc) doubles per call (on the
  /// stack when it has room), with the blocks of `GemmBlocking.host`.
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    _ a: UnsafePointer<Double>, lda: Int,
    _ b: UnsafePointer<Double>, ldb: Int,
    beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int = 1
  ) {
    gemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
      beta: beta, c, ldc: ldc, threads: threads, blocking: .host)
  }

  /// `gemm` with the given blocking instead of the machine's (tests force small blocks to
  /// exercise every block edge; the benchmarks compare blockings).
  @_spi(Tuning) public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    _ a: UnsafePointer<Double>, lda: Int,
    _ b: UnsafePointer<Double>, ldb: Int,
    beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int,
    blocking: GemmBlocking
  ) {
    if m <= 0 || n <= 0 { return }
    if k <= 0 || alpha == 0 {
      for i in 0 ..< m {
        let ci = c + i * ldc
        if beta == 0 {
          for j in 0 ..< n { ci[j] = 0 }
        } else if beta != 1 {
          scale(beta, ci, count: n)
        }
      }
      return
    }
    let p = GemmProblem(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc, threads: threads, blocking: blocking)
    let sweep: @Sendable (BlockSweep, Int, Int, UnsafeMutablePointer<Double>) -> Void =
      switch (blocking.mr, blocking.nr) {
      case (14, 16): sweep14x16
      case (12, 16): sweep12x16
      case (8, 16): sweep8x16
      case (6, 8): sweep6x8
      default: sweep4x8
      }
    p.run(sweep)
  }

  // The tile loops, one function per register tile (so each is compiled once, here, and
  // Tests/vectorised finds it in this file's object).
  @inline(never)
  static func sweep14x16(_ s: BlockSweep, _ lo: Int, _ hi: Int, _ t: UnsafeMutablePointer<Double>) {
    s.run(Tile14x16.self, lo, hi, t)
  }
  @inline(never)
  static func sweep12x16(_ s: BlockSweep, _ lo: Int, _ hi: Int, _ t: UnsafeMutablePointer<Double>) {
    s.run(Tile12x16.self, lo, hi, t)
  }
  @inline(never)
  static func sweep8x16(_ s: BlockSweep, _ lo: Int, _ hi: Int, _ t: UnsafeMutablePointer<Double>) {
    s.run(Tile8x16.self, lo, hi, t)
  }
  @inline(never)
  static func sweep6x8(_ s: BlockSweep, _ lo: Int, _ hi: Int, _ t: UnsafeMutablePointer<Double>) {
    s.run(Tile6x8.self, lo, hi, t)
  }
  @inline(never)
  static func sweep4x8(_ s: BlockSweep, _ lo: Int, _ hi: Int, _ t: UnsafeMutablePointer<Double>) {
    s.run(Tile4x8.self, lo, hi, t)
  }
}

/// One block of the product for the tile loops: micro-panels lo..<hi of op(A) (rows of C)
/// against every micro-panel of the packed block of op(B). Each thread gets its own rows.
struct BlockSweep: @unchecked Sendable {
  /// op(A) in place (a[i·rs + p·cs] from the block's first row) and its packed micro-panels.
  let a: UnsafePointer<Double>, packedA: UnsafePointer<Double>
  /// The micro-panels of op(B): panel q at b + q·bPanel, its row p at + p·bRow (packed:
  /// bPanel = nr·kc, bRow = nr; in place: bPanel = nr, bRow = ldb).
  let b: UnsafePointer<Double>, bPanel: Int, bRow: Int
  let c: UnsafeMutablePointer<Double>
  let kc: Int, rows: Int, columns: Int, inPlaceRows: Int
  let transA: Bool, lda: Int, ldc: Int, alpha: Double, beta: Double

  /// Runs the tiles of micro-panels lo..<hi of op(A); `t` holds one tile.
  @inline(__always)
  func run<T: MicroTile>(_: T.Type, _ lo: Int, _ hi: Int, _ t: UnsafeMutablePointer<Double>) {
    let mr = T.rows, nr = T.columns
    let nPanels = (columns + nr - 1) / nr
    for ip in lo ..< hi {
      let i0 = ip * mr, mrb = Swift.min(mr, rows - i0)
      let cRow = c + i0 * ldc
      for jp in 0 ..< nPanels {
        let bp = b + jp * bPanel
        let j0 = jp * nr, nrb = Swift.min(nr, columns - j0)
        prefetchTile(cRow + j0, mrb)
        if i0 >= inPlaceRows {
          // Packed: the micro-panels from the first packed row on (all of them, or the last).
          let panel = packedA + (ip - inPlaceRows / mr) * mr * kc
          // NOTE: a short last panel runs on the smallest tile that covers it (same sums, fewer
          // padded rows: 4 of 64 rows instead of 6 on the critics' 64-wide weight gradients).
          if nr == 16 && mrb <= 8 && mr > 8 {
            Tile8x16.multiply(
              kc, panel, rs: 1, cs: mr, bp, bs: bRow, cRow + j0, ldc: ldc, mr: mrb, nr: nrb,
              alpha: alpha, beta: beta, scratch: t)
          } else if nr == 8 && mrb <= 4 && mr > 4 {
            Tile4x8.multiply(
              kc, panel, rs: 1, cs: mr, bp, bs: bRow, cRow + j0, ldc: ldc, mr: mrb, nr: nrb,
              alpha: alpha, beta: beta, scratch: t)
          } else {
            T.multiply(
              kc, panel, rs: 1, cs: mr, bp, bs: bRow, cRow + j0, ldc: ldc, mr: mrb, nr: nrb,
              alpha: alpha, beta: beta, scratch: t)
          }
        } else if transA {
          T.multiply(
            kc, a + i0, rs: 1, cs: lda, bp, bs: bRow, cRow + j0, ldc: ldc, mr: mrb, nr: nrb,
            alpha: alpha, beta: beta, scratch: t)
        } else {
          T.multiply(
            kc, a + i0 * lda, rs: lda, cs: 1, bp, bs: bRow, cRow + j0, ldc: ldc, mr: mrb,
            nr: nrb, alpha: alpha, beta: beta, scratch: t)
        }
      }
    }
  }
}

extension BlockSweep {
  /// Asks for the lines of the C tile at `c` (`rows` rows of up to 16 entries) before the
  /// tile's k loop runs, so that they arrive while it computes.
  ///
  /// NOTE: the tile reads and writes C only after its k loop; without the hint its rows, one
  /// line pair each at a stride of ldc, come from L3 or memory in one stall per tile. Three
  /// lines per row cover 16 entries at any alignment.
  @inline(__always)
  func prefetchTile(_ c: UnsafeMutablePointer<Double>, _ rows: Int) {
    for r in 0 ..< rows {
      let p = c + r * ldc
      liplab_prefetch_for_write(p)
      liplab_prefetch_for_write(p + 8)
      liplab_prefetch_for_write(p + 15)
    }
  }
}

/// One call of `Kernels.gemm`: operands, shape and blocking.
private struct GemmProblem {
  let transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double
  let a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int
  let beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
  let blocking: GemmBlocking

  /// Runs the blocked product with the tile loop `sweep` (of the blocking's tile).
  func run(_ sweep: @escaping @Sendable (BlockSweep, Int, Int, UnsafeMutablePointer<Double>) -> Void) {
    let mr = blocking.mr, nr = blocking.nr
    let kc = blocking.kc, mc = blocking.mc, nc = blocking.nc
    // NOTE: op(A) is read in place (no copy) when op(B) has at most four micro-panels: each
    // copied entry would then serve at most 4·nr multiply-adds, and the copy costs about as much
    // as they do (the critics' 64-wide layers). The last, partial micro-panel is still copied
    // (padded) so that the tile never reads past the last row.
    let packsA = n > 4 * nr
    // NOTE: for the same narrow products op(B) is read in place too when it is stored as is and
    // its width is a whole number of micro-panels (the critics' 64×64 weights and 256×64
    // batches): it is a few kilobytes, in L1 or L2 however it is laid out.
    let packsB = packsA || transB || n % nr != 0
    let kcMax = Swift.min(k, kc), mcMax = Swift.min(m, mc)
    let ncMax = (Swift.min(n, nc) + nr - 1) / nr * nr
    let aSize = (packsA ? (mcMax + mr - 1) / mr : 1) * mr * kcMax
    let bSize = packsB ? ncMax * kcMax : 0
    withUnsafeTemporaryAllocation(of: Double.self, capacity: aSize + bSize) { buffer in
      let ap = SendableMutablePointer(buffer.baseAddress!)
      let bp = SendableMutablePointer(buffer.baseAddress! + aSize)
      let (a, c) = (SendablePointer(self.a), SendableMutablePointer(self.c))
      let (transA, lda, ldc, alpha) = (self.transA, self.lda, self.ldc, self.alpha)
      var ic = 0
      while ic < m {
        let mcb = Swift.min(mc, m - ic), mPanels = (mcb + mr - 1) / mr
        let full = packsA ? 0 : mcb / mr * mr
        let parts = Kernels.partCount(threads: threads, work: mcb * n * k / 8, maxParts: mPanels)
        var pc = 0
        while pc < k {
          let kcb = Swift.min(kc, k - pc)
          let betaBlock = pc == 0 ? beta : 1
          if packsA {
            Kernels.packA(transA, a.base, lda, ic, mcb, pc, kcb, mr, ap.base)
          } else if full < mcb {
            Kernels.packA(transA, a.base, lda, ic + full, mcb - full, pc, kcb, mr, ap.base)
          }
          // Where op(A)[ic + i, pc + p] sits when read in place: a[i·rs + p·cs].
          let aBlock = SendablePointer(transA ? a.base + pc * lda + ic : a.base + ic * lda + pc)
          var jc = 0
          while jc < n {
            let ncb = Swift.min(nc, n - jc)
            if packsB { Kernels.packB(transB, b, ldb, jc, ncb, pc, kcb, nr, bp.base) }
            let block = BlockSweep(
              a: aBlock.base, packedA: ap.base,
              b: packsB ? UnsafePointer(bp.base) : b + pc * ldb + jc,
              bPanel: packsB ? nr * kcb : nr, bRow: packsB ? nr : ldb, c: c.base + ic * ldc + jc,
              kc: kcb, rows: mcb, columns: ncb, inPlaceRows: full, transA: transA, lda: lda,
              ldc: ldc, alpha: alpha, beta: betaBlock)
            // Threads take disjoint micro-panels of op(A), so rows of C; each sweeps the whole
            // packed block of op(B).
            Kernels.forEachPart(parts, threads: threads) { part in
              let (lo, hi) = Kernels.split(mPanels, into: parts, part: part, multipleOf: 1)
              withUnsafeTemporaryAllocation(of: Double.self, capacity: mr * nr) { tile in
                sweep(block, lo, hi, tile.baseAddress!)
              }
            }
            jc += ncb
          }
          pc += kcb
        }
        ic += mcb
      }
    }
  }
}

// MARK: - Packing

extension Kernels {
  /// dst[r·ldd + c] ← src[c·lds + r] for r, c < 8: an 8×8 transpose in registers, by three
  /// perfect unshuffles (each takes the even then the odd entries of consecutive row pairs,
  /// rotating the six bits of an entry's index by one; three rotations swap row and column).
  @inline(__always)
  static func transpose8(
    _ src: UnsafePointer<Double>, _ lds: Int, _ dst: UnsafeMutablePointer<Double>, _ ldd: Int
  ) {
    var r0 = src.v8(0), r1 = src.v8(lds), r2 = src.v8(2 * lds), r3 = src.v8(3 * lds)
    var r4 = src.v8(4 * lds), r5 = src.v8(5 * lds), r6 = src.v8(6 * lds), r7 = src.v8(7 * lds)
    for _ in 0 ..< 3 {
      (r0, r1, r2, r3, r4, r5, r6, r7) = (
        V8(lowHalf: r0.evenHalf, highHalf: r1.evenHalf),
        V8(lowHalf: r2.evenHalf, highHalf: r3.evenHalf),
        V8(lowHalf: r4.evenHalf, highHalf: r5.evenHalf),
        V8(lowHalf: r6.evenHalf, highHalf: r7.evenHalf),
        V8(lowHalf: r0.oddHalf, highHalf: r1.oddHalf),
        V8(lowHalf: r2.oddHalf, highHalf: r3.oddHalf),
        V8(lowHalf: r4.oddHalf, highHalf: r5.oddHalf),
        V8(lowHalf: r6.oddHalf, highHalf: r7.oddHalf)
      )
    }
    dst.store(0, r0); dst.store(ldd, r1); dst.store(2 * ldd, r2); dst.store(3 * ldd, r3)
    dst.store(4 * ldd, r4); dst.store(5 * ldd, r5); dst.store(6 * ldd, r6); dst.store(7 * ldd, r7)
  }

  /// Copies op(A)[i0..<i0+m, pc..<pc+kc] into micro-panels of `mr` rows: panel q holds, for each
  /// p, the mr entries op(A)[i0 + q·mr + r, pc + p] at dst[(q·kc + p)·mr + r]; rows past m are 0.
  static func packA(
    _ trans: Bool, _ a: UnsafePointer<Double>, _ lda: Int, _ i0: Int, _ m: Int, _ pc: Int,
    _ kc: Int, _ mr: Int, _ dst: UnsafeMutablePointer<Double>
  ) {
    var q = 0
    var d = dst
    while q < m {
      let rows = Swift.min(mr, m - q)
      if trans {
        // op(A)[i, p] = a[p·lda + i]: each p contributes a contiguous run of `rows` entries.
        for p in 0 ..< kc {
          let src = a + (pc + p) * lda + i0 + q, dp = d + p * mr
          var r = 0
          if rows == mr {
            while r + 8 <= mr {
              dp.store(r, src.v8(r))
              r += 8
            }
          }
          while r < rows {
            dp[r] = src[r]
            r += 1
          }
          while r < mr {
            dp[r] = 0
            r += 1
          }
        }
      } else {
        for r in 0 ..< mr {
          if r < rows {
            let src = a + (i0 + q + r) * lda + pc
            for p in 0 ..< kc { d[p * mr + r] = src[p] }
          } else {
            for p in 0 ..< kc { d[p * mr + r] = 0 }
          }
        }
      }
      d += mr * kc
      q += mr
    }
  }

  /// Copies op(B)[pc..<pc+kc, j0..<j0+n] into micro-panels of `nr` columns (a multiple of 8):
  /// panel q holds, for each p, the nr entries op(B)[pc + p, j0 + q·nr + j] at
  /// dst[(q·kc + p)·nr + j]; columns past n are zero.
  static func packB(
    _ trans: Bool, _ b: UnsafePointer<Double>, _ ldb: Int, _ j0: Int, _ n: Int, _ pc: Int,
    _ kc: Int, _ nr: Int, _ dst: UnsafeMutablePointer<Double>
  ) {
    var q = 0
    var d = dst
    while q < n {
      let cols = Swift.min(nr, n - q)
      if trans {
        // op(B)[p, j] = b[j·ldb + p]: each column j is a contiguous run over p; full panels go
        // eight columns by eight p at a time through a register transpose.
        var p0 = 0
        if cols == nr {
          while p0 + 8 <= kc {
            var h = 0
            while h < nr {
              let src = b + (j0 + q + h) * ldb + pc + p0
              transpose8(src, ldb, d + p0 * nr + h, nr)
              h += 8
            }
            p0 += 8
          }
        }
        for j in 0 ..< nr {
          if j < cols {
            let src = b + (j0 + q + j) * ldb + pc
            for p in p0 ..< kc { d[p * nr + j] = src[p] }
          } else {
            for p in p0 ..< kc { d[p * nr + j] = 0 }
          }
        }
      } else {
        for p in 0 ..< kc {
          let src = b + (pc + p) * ldb + j0 + q, dp = d + p * nr
          if cols == nr {
            var j = 0
            while j < nr {
              dp.store(j, src.v8(j))
              j += 8
            }
          } else {
            for j in 0 ..< nr { dp[j] = j < cols ? src[j] : 0 }
          }
        }
      }
      d += nr * kc
      q += nr
    }
  }
}
