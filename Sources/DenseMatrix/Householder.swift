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

  /// C ← H₀H₁⋯H_{count−1}·C for the reflectors stored as the rows of `vectors` (row j holds
  /// v_j, `length` entries, zero before index j + `offset` and 1 there), with factors `taus`;
  /// C is `length`×`columns`, row-major with row stride `ldc`.
  ///
  /// Works backwards in blocks of `blockSize` reflectors: with Vᵀ the block's rows,
  /// C ← C − V·(T·(Vᵀ·C)), two matrix products (`Kernels.gemm`, `threads`) and a small one per
  /// block. Calls `checkpoint(done)` with the fraction of blocks done after each block.
  /// O(length·columns·count) arithmetic.
  static func applyBlocked(
    vectors: UnsafePointer<Double>, taus: UnsafePointer<Double>, count: Int, length: Int,
    offset: Int, to c: UnsafeMutablePointer<Double>, columns: Int, ldc: Int, threads: Int,
    blockSize: Int = 32, checkpoint: (Double) throws -> Void
  ) rethrows {
    guard count > 0, columns > 0 else { return }
    let nb = blockSize
    let t = UnsafeMutablePointer<Double>.allocate(capacity: nb * nb)
    let gram = UnsafeMutablePointer<Double>.allocate(capacity: nb * nb)
    let z = UnsafeMutablePointer<Double>.allocate(capacity: nb * columns)
    let tz = UnsafeMutablePointer<Double>.allocate(capacity: nb * columns)
    defer {
      t.deallocate()
      gram.deallocate()
      z.deallocate()
      tz.deallocate()
    }
    let blocks = (count + nb - 1) / nb
    for block in stride(from: blocks - 1, through: 0, by: -1) {
      let k = block * nb
      let b = Swift.min(nb, count - k)
      let start = k + offset
      let rows = length - start
      guard rows > 0 else { continue }
      let vt = vectors + k * length + start  // b×rows, row stride `length`
      triangularFactor(vt, ld: length, count: b, rows: rows, taus: taus + k, gram: gram, into: t)
      let cBlock = c + start * ldc
      Kernels.gemm(
        transA: false, transB: false, m: b, n: columns, k: rows, alpha: 1, vt, lda: length,
        UnsafePointer(cBlock), ldb: ldc, beta: 0, z, ldc: columns, threads: threads)
      Kernels.gemm(
        transA: false, transB: false, m: b, n: columns, k: b, alpha: 1, UnsafePointer(t), lda: b,
        UnsafePointer(z), ldb: columns, beta: 0, tz, ldc: columns, threads: threads)
      Kernels.gemm(
        transA: true, transB: false, m: rows, n: columns, k: b, alpha: -1, vt, lda: length,
        UnsafePointer(tz), ldb: columns, beta: 1, cBlock, ldc: ldc, threads: threads)
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
