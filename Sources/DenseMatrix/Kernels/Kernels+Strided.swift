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
