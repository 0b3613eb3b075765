// Matrix–vector products on sub-blocks of a larger row-major matrix (a row stride `lda` ≥ the
// block's width), and plane rotations of two rows: the level-2 kernels of the Householder
// reductions and of the bidiagonal QR iteration behind the fast SVD.
//
// NOTE: like the other kernels, the order of every sum depends only on the block's shape; work is
// split across threads by rows (`gemvStrided`) or columns (`gemvTransposedStrided`), each output
// entry computed by the same arithmetic, so results are bit-identical for every thread count.

extension Kernels {
  /// y ← A x for the m×n block A at `a` with row stride `lda`; y has m entries (not overlapping
  /// A or x). Rows in blocks of four (`rowDots4`). O(mn), one read of A.
  static func gemvStrided(
    _ a: UnsafePointer<Double>, lda: Int, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, threads: Int = 1
  ) {
    guard m > 0 else { return }
    guard n > 0 else {
      for i in 0 ..< m { y[i] = 0 }
      return
    }
    let parts = partCount(threads: threads, work: m * n, maxParts: m / 4)
    let a = SendablePointer(a), x = SendablePointer(x), y = SendableMutablePointer(y)
    forEachPart(parts, threads: threads) { part in
      let (lo, hi) = split(m, into: parts, part: part, multipleOf: 4)
      var i = lo
      while i + 4 <= hi {
        let r = a.base + i * lda
        storeDots(rowDots4(r, lda, x.base, n), y.base + i)
        i += 4
      }
      while i < hi {
        y.base[i] = rowDot(a.base + i * lda, x.base, n)
        i += 1
      }
    }
  }

  /// y ← Aᵀ x for the m×n block A at `a` with row stride `lda`; y has n entries (not
  /// overlapping A or x). Four rows at a time are added into y (`rowAxpy4`). When
  /// `firstColumn` is given it receives A's column 0 (m entries), read while each row is in
  /// cache: the next Householder step's column, which would otherwise cost a cache miss per
  /// entry. O(mn), one read of A.
  static func gemvTransposedStrided(
    _ a: UnsafePointer<Double>, lda: Int, rows m: Int, columns n: Int,
    _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, threads: Int = 1,
    firstColumn: UnsafeMutablePointer<Double>? = nil
  ) {
    guard n > 0 else { return }
    let parts = partCount(threads: threads, work: m * n, maxParts: n / 64)
    let a = SendablePointer(a), x = SendablePointer(x), y = SendableMutablePointer(y)
    let column = firstColumn.map { SendableMutablePointer($0) }
    forEachPart(parts, threads: threads) { part in
      let (lo, hi) = split(n, into: parts, part: part, multipleOf: 8)
      let yp = y.base + lo
      let width = hi - lo
      for j in 0 ..< width { yp[j] = 0 }
      guard lo == 0, let column else {
        axpyRows(a.base + lo, stride: lda, 0, m, width, x.base, yp)
        return
      }
      let w = a.base, xs = x.base, fc = column.base
      var i = 0
      while i + 4 <= m {
        let r = w + i * lda
        fc[i] = r[0]
        fc[i + 1] = r[lda]
        fc[i + 2] = r[2 * lda]
        fc[i + 3] = r[3 * lda]
        rowAxpy4(xs[i], xs[i + 1], xs[i + 2], xs[i + 3], r, r + lda, r + 2 * lda, r + 3 * lda, yp, width)
        i += 4
      }
      while i < m {
        fc[i] = w[i * lda]
        axpy(xs[i], w + i * lda, yp, count: width)
        i += 1
      }
    }
  }

  /// y ← y + Σᵢ cᵢ·aᵢ over the m rows aᵢ (n entries each, row stride `lda`) of the block at `a`.
  /// O(mn).
  static func addRowCombination(
    _ a: UnsafePointer<Double>, lda: Int, rows m: Int, columns n: Int,
    _ c: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
  ) {
    guard m > 0, n > 0 else { return }
    axpyRows(a, stride: lda, 0, m, n, c, y)
  }

  /// (x, y) ← (c·x + s·y, c·y − s·x) over `count` entries: the plane rotation of two rows.
  /// O(count).
  @inline(__always)
  static func rotateRows(
    _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int,
    c: Double, s: Double
  ) {
    let vc = V8(repeating: c), vs = V8(repeating: s)
    var j = 0
    while j + 8 <= count {
      let xv = x.v8(j), yv = y.v8(j)
      x.store(j, vc * xv + vs * yv)
      y.store(j, vc * yv - vs * xv)
      j += 8
    }
    while j < count {
      let (xj, yj) = (x[j], y[j])
      x[j] = c * xj + s * yj
      y[j] = c * yj - s * xj
      j += 1
    }
  }
}

extension Kernels {
  /// Columns of L and R per strip in `rotateStrip`.
  static let rotationStripWidth = 64

  /// Applies the plane rotations of `log` in order to the `rotationStripWidth` columns
  /// starting at `a` of a matrix with row stride `ld`: entry (r, c, s) is `rotateRows` of rows
  /// r and r + 1.
  ///
  /// NOTE: a QR sweep's rotations come as a chain, (r, r+1), (r+1, r+2), … (or downwards);
  /// the row shared by two neighbours stays in registers between them, so each rotation loads
  /// and stores one row instead of two. The strip is eight 8-wide vectors (eight AVX-512
  /// registers; a SIMD64 type instead compiles to memory operations): eight independent dependency chains hide the multiply–add latency that a
  /// narrower strip waits on. O(64·log.count).
  static func rotateStrip(
    _ a: UnsafeMutablePointer<Double>, ld: Int, _ log: UnsafeBufferPointer<(Int32, Double, Double)>
  ) {
    typealias Strip = StripRow
    @inline(__always) func load(_ r: Int) -> Strip { Strip(a + r * ld) }
    @inline(__always) func store(_ r: Int, _ v: Strip) { v.store(a + r * ld) }
    var held = -1
    var h = Strip()
    let count = log.count
    for k in 0 ..< count {
      let (row, c, s) = log[k]
      let r = Int(row)
      let next = k + 1 < count ? Int(log[k + 1].0) : -2
      if held >= 0 && held != r && held != r + 1 { store(held, h) }
      let x = held == r ? h : load(r)
      let y = held == r + 1 ? h : load(r + 1)
      let (u, w) = Strip.rotate(x, y, c: c, s: s)
      if next == r + 1 {
        store(r, u)
        h = w
        held = r + 1
      } else if next == r - 1 {
        store(r + 1, w)
        h = u
        held = r
      } else {
        store(r, u)
        store(r + 1, w)
        held = -1
      }
    }
    if held >= 0 { store(held, h) }
  }
}

/// 64 doubles as eight SIMD8 values, so that they live in registers (internal).
struct StripRow {
  var v0, v1, v2, v3, v4, v5, v6, v7: V8

  @inline(__always) init() {
    (v0, v1, v2, v3, v4, v5, v6, v7) = (V8(), V8(), V8(), V8(), V8(), V8(), V8(), V8())
  }

  @inline(__always) init(_ p: UnsafeMutablePointer<Double>) {
    (v0, v1, v2, v3) = (p.v8(0), p.v8(8), p.v8(16), p.v8(24))
    (v4, v5, v6, v7) = (p.v8(32), p.v8(40), p.v8(48), p.v8(56))
  }

  @inline(__always) func store(_ p: UnsafeMutablePointer<Double>) {
    p.store(0, v0); p.store(8, v1); p.store(16, v2); p.store(24, v3)
    p.store(32, v4); p.store(40, v5); p.store(48, v6); p.store(56, v7)
  }

  /// (c·x + s·y, c·y − s·x).
  @inline(__always) static func rotate(_ x: StripRow, _ y: StripRow, c: Double, s: Double) -> (StripRow, StripRow) {
    let vc = V8(repeating: c), vs = V8(repeating: s)
    var u = StripRow(), w = StripRow()
    u.v0 = vc * x.v0 + vs * y.v0; w.v0 = vc * y.v0 - vs * x.v0
    u.v1 = vc * x.v1 + vs * y.v1; w.v1 = vc * y.v1 - vs * x.v1
    u.v2 = vc * x.v2 + vs * y.v2; w.v2 = vc * y.v2 - vs * x.v2
    u.v3 = vc * x.v3 + vs * y.v3; w.v3 = vc * y.v3 - vs * x.v3
    u.v4 = vc * x.v4 + vs * y.v4; w.v4 = vc * y.v4 - vs * x.v4
    u.v5 = vc * x.v5 + vs * y.v5; w.v5 = vc * y.v5 - vs * x.v5
    u.v6 = vc * x.v6 + vs * y.v6; w.v6 = vc * y.v6 - vs * x.v6
    u.v7 = vc * x.v7 + vs * y.v7; w.v7 = vc * y.v7 - vs * x.v7
    return (u, w)
  }
}
