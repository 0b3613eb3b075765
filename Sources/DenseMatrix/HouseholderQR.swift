// The blocked Householder QR factorisation A = Q·R of a tall m×n matrix: the first step of the
// fast SVD when m ≫ n (Chan 1982; LAPACK's dgesdd does the same past m ≈ 1.6n), after which
// only the n×n triangle R is bidiagonalised. QR costs 2mn² − 2n³/3 flops, nearly all in matrix
// products, against 4mn² − 4n³/3 half memory-bound ones for bidiagonalising A directly.
//
// Each panel of b columns is copied out column by column (contiguous), factored there with
// unblocked Householder steps, and the trailing columns are updated by
// C ← (I − V·T·Vᵀ)ᵀ·C = C − V·(Tᵀ·(Vᵀ·C)) through `Kernels.gemm`.

enum HouseholderQR {
  /// Panel width. NOTE: 32, as the bidiagonalisation.
  static let blockSize = 32

  /// Factors the m×n row-major matrix at `a` (m ≥ n ≥ 1, overwritten): returns R (n×n
  /// row-major, zero below the diagonal) and the reflectors as rows (row j: m entries, zero
  /// before j, 1 at j) with their factors, so that A = H₀⋯H_{n−1}·[R; 0].
  ///
  /// `checkpoint` receives the fraction done after every panel column. O(2mn² − 2n³/3);
  /// memory n·m for the reflectors plus a panel of b·m.
  static func factor(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int, threads: Int,
    checkpoint: (Double) throws -> Void
  ) throws -> (r: [Double], vectors: [Double], taus: [Double]) {
    let nb = Swift.min(blockSize, n)
    var vectors = [Double](repeating: 0, count: n * m)
    let taus = UnsafeMutablePointer<Double>.allocate(capacity: n)
    taus.initialize(repeating: 0, count: n)
    let panel = UnsafeMutablePointer<Double>.allocate(capacity: nb * m)
    let t = UnsafeMutablePointer<Double>.allocate(capacity: nb * nb)
    let gram = UnsafeMutablePointer<Double>.allocate(capacity: nb * nb)
    let z = UnsafeMutablePointer<Double>.allocate(capacity: nb * n)
    let tz = UnsafeMutablePointer<Double>.allocate(capacity: nb * n)
    defer {
      taus.deallocate()
      panel.deallocate()
      t.deallocate()
      gram.deallocate()
      z.deallocate()
      tz.deallocate()
    }
    let totalWork = Double(n) * Double(n) * (Double(m) - Double(n) / 3)
    try vectors.withUnsafeMutableBufferPointer { vbuf in
      let vs = vbuf.baseAddress!
      var k = 0
      while k < n {
        let b = Swift.min(nb, n - k)
        let rows = m - k
        // Column j of the panel is panel[j·rows ..< (j+1)·rows].
        for r in 0 ..< rows {
          for j in 0 ..< b { panel[j * rows + r] = a[(k + r) * n + k + j] }
        }
        for j in 0 ..< b {
          let pj = panel + j * rows + j
          let (beta, tau) = Householder.reflector(pj, count: rows - j)
          taus[k + j] = tau
          if tau != 0 {
            for l in j + 1 ..< b {
              let pl = panel + l * rows + j
              let w = tau * Kernels.dot(pj, pl, count: rows - j)
              Kernels.axpy(-w, pj, pl, count: rows - j)
            }
          }
          let vj = vs + (k + j) * m + k + j
          for r in 0 ..< rows - j { vj[r] = pj[r] }
          // Row k + j of R inside the panel: β on the diagonal, the updated entries right of it.
          a[(k + j) * n + k + j] = beta
          for l in j + 1 ..< b { a[(k + j) * n + k + l] = panel[l * rows + j] }
          let left = Double(n - k - j - 1)
          try checkpoint(1 - left * left * (Double(m - k - j - 1) - left / 3) / totalWork)
        }
        let columns = n - k - b
        if columns > 0 {
          let vt = UnsafePointer(vs + k * m + k)  // b×rows, row stride m
          Householder.triangularFactor(
            vt, ld: m, count: b, rows: rows, taus: taus + k,
            gram: gram, into: t)
          let c = a + k * n + k + b
          Kernels.gemm(
            transA: false, transB: false, m: b, n: columns, k: rows, alpha: 1, vt, lda: m,
            UnsafePointer(c), ldb: n, beta: 0, z, ldc: columns, threads: threads)
          Kernels.gemm(
            transA: true, transB: false, m: b, n: columns, k: b, alpha: 1, UnsafePointer(t), lda: b,
            UnsafePointer(z), ldb: columns, beta: 0, tz, ldc: columns, threads: threads)
          Kernels.gemm(
            transA: true, transB: false, m: rows, n: columns, k: b, alpha: -1, vt, lda: m,
            UnsafePointer(tz), ldb: columns, beta: 1, c, ldc: n, threads: threads)
        }
        k += b
      }
    }
    var r = [Double](repeating: 0, count: n * n)
    for i in 0 ..< n {
      for j in i ..< n { r[i * n + j] = a[i * n + j] }
    }
    return (r, vectors, Array(UnsafeBufferPointer(start: taus, count: n)))
  }
}
