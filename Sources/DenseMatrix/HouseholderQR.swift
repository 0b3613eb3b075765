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
  /// `checkpoint` receives the fraction done after every panel. O(2mn² − 2n³/3);
  /// memory n·m for the reflectors plus a panel of b·m.
  static func factor(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int, threads: Int,
    checkpoint: (Double) throws -> Void
  ) throws -> (r: [Double], vectors: [Double], taus: [Double]) {
    let nb = Swift.min(blockSize, n)
    var vectors = [Double](repeating: 0, count: n * m)
    var taus = [Double](repeating: 0, count: n)
    let panel = UnsafeMutablePointer<Double>.allocate(capacity: nb * m)
    let triangle = UnsafeMutablePointer<Double>.allocate(capacity: nb * nb)
    defer {
      panel.deallocate()
      triangle.deallocate()
    }
    let scratch = Householder.BlockScratch(count: nb, other: n)
    let totalWork = Double(n) * Double(n) * (Double(m) - Double(n) / 3)
    try vectors.withUnsafeMutableBufferPointer { vbuf in
      try taus.withUnsafeMutableBufferPointer { tbuf in
        let (vs, ts) = (vbuf.baseAddress!, tbuf.baseAddress!)
        var k = 0
        while k < n {
          let b = Swift.min(nb, n - k)
          let rows = m - k
          Householder.factorColumnPanel(
            a, rows: m, columns: n, at: k, width: b, panel: panel, taus: ts + k, r: triangle)
          for j in 0 ..< b {
            let vj = vs + (k + j) * m + k
            for r in j ..< rows { vj[r] = panel[j * rows + r] }
          }
          let left = Double(n - k - b)
          try checkpoint(1 - left * left * (Double(m - k - b) - left / 3) / totalWork)
          // The trailing columns: C ← Qᵀ·C.
          let columns = n - k - b
          Householder.applyBlock(
            vs + k * m + k, ld: m, count: b, length: rows, taus: ts + k, .leftTransposed,
            to: a + k * n + k + b, other: columns, ldc: n, threads: threads, scratch: scratch)
          k += b
        }
      }
    }
    var r = [Double](repeating: 0, count: n * n)
    for i in 0 ..< n {
      for j in i ..< n { r[i * n + j] = a[i * n + j] }
    }
    return (r, vectors, taus)
  }
}
