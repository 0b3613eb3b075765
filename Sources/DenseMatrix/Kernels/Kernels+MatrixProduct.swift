// The general matrix product C ← α·op(A)·op(B) + β·C, blocked and packed in the manner of
// BLIS/GotoBLAS: op(B) is copied in k×16 panels and op(A) in 8×k panels (zero-padded at the
// edges, transposition absorbed by the copy), and an 8×16 register-blocked micro-kernel streams
// both panels. A KC×16 panel of op(B) stays in L1 while the MC×KC block of op(A) (in L2) passes.
//
// NOTE: each entry of C is Σₚ op(A)[i,p]·op(B)[p,j] summed in order of p within blocks of KC,
// the same for every entry, tile position and thread count; α and β are applied once per block.

extension Kernels {
  /// C ← α·op(A)·op(B) + β·C, BLAS-style, all row-major. op(A) is m×k, op(B) is k×n, C is m×n.
  ///
  /// `lda`, `ldb`, `ldc` are the row strides of the stored A, B, C. When β = 0, C is not read
  /// (NaNs there are overwritten). C must not overlap A or B. With `threads` > 1 and a large
  /// product, panels of C are shared among threads; the result is bit-identical for every thread
  /// count. O(mnk) arithmetic; packing buffers of at most KC·(MC + n + 15) doubles per call
  /// (on the stack when it has room).
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    _ a: UnsafePointer<Double>, lda: Int,
    _ b: UnsafePointer<Double>, ldb: Int,
    beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int = 1
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
    let nPanels = (n + NR - 1) / NR
    let kcMax = Swift.min(k, KC), mcMax = Swift.min(m, MC)
    let aSize = (mcMax + MR - 1) / MR * MR * kcMax, bSize = nPanels * NR * kcMax
    withUnsafeTemporaryAllocation(of: Double.self, capacity: aSize + bSize) { buffer in
      let ap = SendableMutablePointer(buffer.baseAddress!)
      let bp = SendableMutablePointer(buffer.baseAddress! + aSize)
      let c = SendableMutablePointer(c)
      let parts = partCount(threads: threads, work: m * n * k / 8, maxParts: nPanels)
      var pc = 0
      while pc < k {
        let kc = Swift.min(KC, k - pc)
        let betaBlock = pc == 0 ? beta : 1
        packB(transB, b, ldb, n, pc, kc, bp.base)
        var ic = 0
        while ic < m {
          let mc = Swift.min(MC, m - ic)
          packA(transA, transA ? a + ic : a + ic * lda, lda, mc, pc, kc, ap.base)
          let mPanels = (mc + MR - 1) / MR
          let cBlock = SendableMutablePointer(c.base + ic * ldc)
          forEachPart(parts, threads: threads) { part in
            let (lo, hi) = split(nPanels, into: parts, part: part, multipleOf: 1)
            withUnsafeTemporaryAllocation(of: Double.self, capacity: MR * NR) { tile in
              let t = tile.baseAddress!
              for jp in lo ..< hi {
                let bPanel = UnsafePointer(bp.base + jp * NR * kc)
                let j0 = jp * NR, nr = Swift.min(NR, n - j0)
                for ip in 0 ..< mPanels {
                  let i0 = ip * MR, mr = Swift.min(MR, mc - i0)
                  microKernel(kc, UnsafePointer(ap.base + ip * MR * kc), bPanel, t)
                  storeTile(t, mr, nr, alpha, betaBlock, cBlock.base + i0 * ldc + j0, ldc)
                }
              }
            }
          }
          ic += mc
        }
        pc += kc
      }
    }
  }

  /// Rows of the register tile (rows of op(A) per packed panel).
  static let MR = 8
  /// Columns of the register tile (columns of op(B) per packed panel): two 8-wide vectors.
  static let NR = 16
  /// Depth of one packed block: a KC×NR panel of op(B) (16 KiB) and an MR×KC panel of op(A)
  /// (8 KiB) share the L1 cache. NOTE: 256 was 5% faster on 256³ but 30% slower on 1024³
  /// (the two panels then fill the 48 KiB L1 of Zen 5).
  static let KC = 128
  /// Rows of op(A) per packed block: MC·KC doubles (128 KiB) stay in the L2 cache.
  static let MC = 128
}

// MARK: - Packing and the micro-kernel

extension Kernels {
  /// Copies op(A)[0..<m, pc..<pc+kc] into panels of MR rows: panel q holds, for each p, the MR
  /// entries op(A)[q·MR + r, pc + p] at dst[(q·kc + p)·MR + r]; rows past m are zero.
  static func packA(
    _ trans: Bool, _ a: UnsafePointer<Double>, _ lda: Int, _ m: Int, _ pc: Int, _ kc: Int,
    _ dst: UnsafeMutablePointer<Double>
  ) {
    var i0 = 0
    var d = dst
    while i0 < m {
      let mr = Swift.min(MR, m - i0)
      if trans {
        // op(A)[i, p] = a[p·lda + i]: each p contributes a contiguous run of mr entries.
        for p in 0 ..< kc {
          let src = a + (pc + p) * lda + i0
          if mr == MR {
            d.store(p * MR, src.v8(0))
          } else {
            for r in 0 ..< MR { d[p * MR + r] = r < mr ? src[r] : 0 }
          }
        }
      } else {
        for r in 0 ..< MR {
          if r < mr {
            let src = a + (i0 + r) * lda + pc
            for p in 0 ..< kc { d[p * MR + r] = src[p] }
          } else {
            for p in 0 ..< kc { d[p * MR + r] = 0 }
          }
        }
      }
      d += MR * kc
      i0 += MR
    }
  }

  /// Copies op(B)[pc..<pc+kc, 0..<n] into panels of NR columns: panel q holds, for each p, the
  /// NR entries op(B)[pc + p, q·NR + j] at dst[(q·kc + p)·NR + j]; columns past n are zero.
  static func packB(
    _ trans: Bool, _ b: UnsafePointer<Double>, _ ldb: Int, _ n: Int, _ pc: Int, _ kc: Int,
    _ dst: UnsafeMutablePointer<Double>
  ) {
    var j0 = 0
    var d = dst
    while j0 < n {
      let nr = Swift.min(NR, n - j0)
      if trans {
        // op(B)[p, j] = b[j·ldb + p]: each column j is a contiguous run over p.
        for j in 0 ..< NR {
          if j < nr {
            let src = b + (j0 + j) * ldb + pc
            for p in 0 ..< kc { d[p * NR + j] = src[p] }
          } else {
            for p in 0 ..< kc { d[p * NR + j] = 0 }
          }
        }
      } else {
        for p in 0 ..< kc {
          let src = b + (pc + p) * ldb + j0
          if nr == NR {
            d.store(p * NR, src.v8(0))
            d.store(p * NR + 8, src.v8(8))
          } else {
            for j in 0 ..< NR { d[p * NR + j] = j < nr ? src[j] : 0 }
          }
        }
      }
      d += NR * kc
      j0 += NR
    }
  }

  /// tile[r·NR + j] ← Σₚ a[p·MR + r]·b[p·NR + j] for one MR×NR tile, in registers.
  @inline(__always)
  static func microKernel(
    _ kc: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
    _ tile: UnsafeMutablePointer<Double>
  ) {
    var c00 = V8(), c01 = V8(), c10 = V8(), c11 = V8()
    var c20 = V8(), c21 = V8(), c30 = V8(), c31 = V8()
    var c40 = V8(), c41 = V8(), c50 = V8(), c51 = V8()
    var c60 = V8(), c61 = V8(), c70 = V8(), c71 = V8()
    var pa = a, pb = b
    for _ in 0 ..< kc {
      let b0 = pb.v8(0), b1 = pb.v8(8)
      var s = V8(repeating: pa[0])
      c00 += s * b0
      c01 += s * b1
      s = V8(repeating: pa[1])
      c10 += s * b0
      c11 += s * b1
      s = V8(repeating: pa[2])
      c20 += s * b0
      c21 += s * b1
      s = V8(repeating: pa[3])
      c30 += s * b0
      c31 += s * b1
      s = V8(repeating: pa[4])
      c40 += s * b0
      c41 += s * b1
      s = V8(repeating: pa[5])
      c50 += s * b0
      c51 += s * b1
      s = V8(repeating: pa[6])
      c60 += s * b0
      c61 += s * b1
      s = V8(repeating: pa[7])
      c70 += s * b0
      c71 += s * b1
      pa += MR
      pb += NR
    }
    tile.store(0, c00); tile.store(8, c01); tile.store(16, c10); tile.store(24, c11)
    tile.store(32, c20); tile.store(40, c21); tile.store(48, c30); tile.store(56, c31)
    tile.store(64, c40); tile.store(72, c41); tile.store(80, c50); tile.store(88, c51)
    tile.store(96, c60); tile.store(104, c61); tile.store(112, c70); tile.store(120, c71)
  }

  /// C[0..<mr, 0..<nr] ← α·tile + β·C (C not read when β = 0).
  @inline(__always)
  static func storeTile(
    _ tile: UnsafeMutablePointer<Double>, _ mr: Int, _ nr: Int, _ alpha: Double, _ beta: Double,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    let va = V8(repeating: alpha), vb = V8(repeating: beta)
    for r in 0 ..< mr {
      let t = tile + r * NR, cr = c + r * ldc
      if nr == NR {
        if beta == 0 {
          cr.store(0, va * t.v8(0))
          cr.store(8, va * t.v8(8))
        } else {
          cr.store(0, va * t.v8(0) + vb * cr.v8(0))
          cr.store(8, va * t.v8(8) + vb * cr.v8(8))
        }
      } else if beta == 0 {
        for j in 0 ..< nr { cr[j] = alpha * t[j] }
      } else {
        for j in 0 ..< nr { cr[j] = alpha * t[j] + beta * cr[j] }
      }
    }
  }
}
