// Householder reflectors H = I − τ·v·vᵀ: generating one from a vector, and applying a sequence of
// them to a matrix in blocks through the matrix product (the compact WY form
// H₀H₁⋯H_{b−1} = I − V·T·Vᵀ with T upper triangular, Schreiber & Van Loan 1989). The QR step and
// the bidiagonalisation of the fast SVD produce the reflectors; forming the singular vectors
// applies them.

enum Householder {
  /// Turns the `count` entries at x into a Householder vector: returns (β, τ) such that
  /// (I − τvvᵀ)·x = β·e₁, and leaves v in x with v₀ = 1. τ = 0 (H = I, β = x₀) when x[1...] = 0.
  ///
  /// NOTE: β = −sign(x₀)·‖x‖, so x₀ − β never cancels. ‖x‖ comes from `Kernels.norm`
  /// (overflow- and underflow-safe); when |x₀ − β| is so small that its reciprocal would
  /// overflow, the entries are divided instead. O(count).
  static func reflector(_ x: UnsafeMutablePointer<Double>, count: Int) -> (beta: Double, tau: Double) {
    let alpha = x[0]
    guard count > 1 else { return (alpha, 0) }
    let tailNorm = Kernels.norm(x + 1, count: count - 1)
    guard tailNorm > 0 else {
      x[0] = 1
      return (alpha, 0)
    }
    let norm = hypot(alpha, tailNorm)
    let beta = alpha >= 0 ? -norm : norm
    let tau = (beta - alpha) / beta
    let pivot = alpha - beta
    if Swift.abs(pivot) > 0x1p-1000 {
      Kernels.scale(1 / pivot, x + 1, count: count - 1)
    } else {
      for i in 1 ..< count { x[i] /= pivot }
    }
    x[0] = 1
    return (beta, tau)
  }

  /// sqrt(a² + b²) without overflow or underflow.
  @inline(__always)
  static func hypot(_ a: Double, _ b: Double) -> Double {
    let (x, y) = (Swift.abs(a), Swift.abs(b))
    let big = Swift.max(x, y), small = Swift.min(x, y)
    if big == 0 { return 0 }
    if big < 0x1p500 && small > 0x1p-500 { return (x * x + y * y).squareRoot() }
    let r = small / big
    return big * (1 + r * r).squareRoot()
  }

  /// Householder QR of the `length`×b matrix whose columns are the b rows of `p` (row stride
  /// `ld`, b ≤ length): writes R (b×b row-major, zero below the diagonal) to `r` and the factors
  /// τ_j to `taus`, and leaves in row j of `p` the reflector vector v_j (zero before j, 1 at j),
  /// so that the matrix is H₀⋯H_{b−1}·[R; 0] with H_j = I − τ_j·v_j·v_jᵀ.
  ///
  /// The panel step of the QR factorisation, of the band reduction's column and row panels
  /// (a row panel's LQ is the QR of its transpose) and of nothing else. O(b²·length).
  static func factorPanel(
    _ p: UnsafeMutablePointer<Double>, ld: Int, count b: Int, length: Int,
    taus: UnsafeMutablePointer<Double>, r: UnsafeMutablePointer<Double>
  ) {
    for i in 0 ..< b * b { r[i] = 0 }
    for j in 0 ..< b {
      let pj = p + j * ld + j
      let (beta, tau) = reflector(pj, count: length - j)
      taus[j] = tau
      r[j * b + j] = beta
      for l in j + 1 ..< b {
        let pl = p + l * ld + j
        if tau != 0 {
          let w = tau * Kernels.dot(pj, pl, count: length - j)
          Kernels.axpy(-w, pj, pl, count: length - j)
        }
        r[j * b + l] = pl[0]
        pl[0] = 0
      }
    }
  }

  /// `factorPanel` of the column panel A[k..<m, k..<k+b] of the m×n row-major `a`: the columns
  /// are copied into `panel` as rows (`rows` = m − k long, row stride `rows`), factored there, and
  /// R is written back over the panel in A with zeros below it. On return `panel` holds the
  /// reflector vectors as `factorPanel` leaves them. O(b²·rows).
  static func factorColumnPanel(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int, at k: Int, width b: Int,
    panel: UnsafeMutablePointer<Double>, taus: UnsafeMutablePointer<Double>,
    r triangle: UnsafeMutablePointer<Double>
  ) {
    let rows = m - k
    for r in 0 ..< rows {
      for j in 0 ..< b { panel[j * rows + r] = a[(k + r) * n + k + j] }
    }
    factorPanel(panel, ld: rows, count: b, length: rows, taus: taus, r: triangle)
    for r in 0 ..< rows {
      for j in 0 ..< b { a[(k + r) * n + k + j] = r <= j ? triangle[r * b + j] : 0 }
    }
  }

  /// Which product `applyBlock` forms with Q = H₀H₁⋯H_{b−1} = I − V·T·Vᵀ.
  enum Side {
    /// C ← Q·C (C is length×other).
    case left
    /// C ← Qᵀ·C (C is length×other).
    case leftTransposed
    /// C ← C·Q (C is other×length).
    case right
  }

  /// The scratch of `applyBlock` for up to `count` reflectors and `other` columns (or rows) of C.
  final class BlockScratch {
    let count: Int, other: Int
    let t, gram, z, tz: UnsafeMutablePointer<Double>

    init(count: Int, other: Int) {
      (self.count, self.other) = (count, other)
      t = .allocate(capacity: count * count)
      gram = .allocate(capacity: count * count)
      z = .allocate(capacity: count * Swift.max(other, 1))
      tz = .allocate(capacity: count * Swift.max(other, 1))
    }

    deinit {
      t.deallocate()
      gram.deallocate()
      z.deallocate()
      tz.deallocate()
    }
  }

  /// Applies the block of b reflectors stored as the rows of `vt` (each `length` long, row
  /// stride `ld`, zero before their own index) with factors `taus` to C on `side`, through
  /// three matrix products (`Kernels.gemm`, `threads`) and the b×b factor T.
  /// `scratch` must hold at least b reflectors and `other` columns. O(b·length·other).
  static func applyBlock(
    _ vt: UnsafePointer<Double>, ld: Int, count b: Int, length: Int,
    taus: UnsafePointer<Double>, _ side: Side, to c: UnsafeMutablePointer<Double>, other: Int,
    ldc: Int, threads: Int, scratch: BlockScratch
  ) {
    guard b > 0, other > 0, length > 0 else { return }
    let (t, z, tz) = (scratch.t, scratch.z, scratch.tz)
    triangularFactor(vt, ld: ld, count: b, rows: length, taus: taus, gram: scratch.gram, into: t)
    switch side {
    case .left, .leftTransposed:
      // C ← C − V·(T·(Vᵀ·C)), or with Tᵀ.
      Kernels.gemm(
        transA: false, transB: false, m: b, n: other, k: length, alpha: 1, vt, lda: ld,
        UnsafePointer(c), ldb: ldc, beta: 0, z, ldc: other, threads: threads)
      Kernels.gemm(
        transA: side == .leftTransposed, transB: false, m: b, n: other, k: b, alpha: 1,
        UnsafePointer(t), lda: b, UnsafePointer(z), ldb: other, beta: 0, tz, ldc: other,
        threads: threads)
      Kernels.gemm(
        transA: true, transB: false, m: length, n: other, k: b, alpha: -1, vt, lda: ld,
        UnsafePointer(tz), ldb: other, beta: 1, c, ldc: ldc, threads: threads)
    case .right:
      // C ← C − ((C·V)·T)·Vᵀ.
      Kernels.gemm(
        transA: false, transB: true, m: other, n: b, k: length, alpha: 1, UnsafePointer(c),
        lda: ldc, vt, ldb: ld, beta: 0, z, ldc: b, threads: threads)
      Kernels.gemm(
        transA: false, transB: false, m: other, n: b, k: b, alpha: 1, UnsafePointer(z), lda: b,
        UnsafePointer(t), ldb: b, beta: 0, tz, ldc: b, threads: threads)
      Kernels.gemm(
        transA: false, transB: false, m: other, n: length, k: b, alpha: -1, UnsafePointer(tz),
        lda: b, vt, ldb: ld, beta: 1, c, ldc: ldc, threads: threads)
    }
  }

  /// C ← H₀H₁⋯H_{count−1}·C for the reflectors stored as the rows of `vectors` (row j holds
  /// v_j, `length` entries, zero before index j + `offset` and 1 there), with factors `taus`;
  /// C is `length`×`columns`, row-major with row stride `ldc`.
  ///
  /// Works backwards in blocks of `blockSize` reflectors (`applyBlock`, `threads`). Calls
  /// `checkpoint(done)` with the fraction of blocks done after each block.
  /// O(length·columns·count) arithmetic.
  static func applyBlocked(
    vectors: UnsafePointer<Double>, taus: UnsafePointer<Double>, count: Int, length: Int,
    offset: Int, to c: UnsafeMutablePointer<Double>, columns: Int, ldc: Int, threads: Int,
    blockSize: Int = 32, checkpoint: (Double) throws -> Void
  ) rethrows {
    guard count > 0, columns > 0 else { return }
    let nb = blockSize
    let scratch = BlockScratch(count: nb, other: columns)
    let blocks = (count + nb - 1) / nb
    for block in stride(from: blocks - 1, through: 0, by: -1) {
      let k = block * nb
      let b = Swift.min(nb, count - k)
      let start = k + offset
      let rows = length - start
      guard rows > 0 else { continue }
      applyBlock(
        vectors + k * length + start, ld: length, count: b, length: rows, taus: taus + k, .left,
        to: c + start * ldc, other: columns, ldc: ldc, threads: threads, scratch: scratch)
      try checkpoint(Double(blocks - block) / Double(blocks))
    }
  }

  /// The b×b upper triangular T (row-major, row stride b) with H₀⋯H_{b−1} = I − V·T·Vᵀ for the
  /// b reflectors stored as the rows of `vt` (each `rows` long, row stride `ld`):
  /// T[j, j] = τ_j and T[0..<j, j] = −τ_j·T[0..<j, 0..<j]·(Vᵀv_j)[0..<j]. O(b²·rows).
  static func triangularFactor(
    _ vt: UnsafePointer<Double>, ld: Int, count b: Int, rows: Int, taus: UnsafePointer<Double>,
    gram: UnsafeMutablePointer<Double>, into t: UnsafeMutablePointer<Double>
  ) {
    // gram[i, j] = v_iᵀ v_j
    Kernels.gemm(
      transA: false, transB: true, m: b, n: b, k: rows, alpha: 1, vt, lda: ld, vt, ldb: ld,
      beta: 0, gram, ldc: b)
    for i in 0 ..< b * b { t[i] = 0 }
    for j in 0 ..< b {
      let tau = taus[j]
      t[j * b + j] = tau
      guard tau != 0 else { continue }
      for i in 0 ..< j {
        var s = 0.0
        for l in i ..< j { s += t[i * b + l] * gram[l * b + j] }
        t[i * b + j] = -tau * s
      }
    }
  }
}
