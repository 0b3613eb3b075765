// The first stage of the two-stage reduction to bidiagonal form: an m×n matrix (m ≥ n) is taken
// to upper band form, bandwidth b, by alternating blocked Householder QR of a column panel and
// LQ of a row panel (Lang 1996; Ltaief, Luszczek & Dongarra 2013). Every trailing
// update is a product of a b-wide block of reflectors with the trailing matrix through
// `Kernels.gemm`, so the 8n³/3 flops of a square matrix run at matrix-product speed, where the
// one-stage bidiagonalisation does half of them as memory-bound matrix–vector products. The band
// is then chased to bidiagonal form in O(n²b) (BandBidiagonalization.swift). Used when only the
// singular values are wanted: carrying the second stage's reflectors into the vectors would cost
// more than it saves.

enum BandReduction {
  /// Bandwidth b of the band (and panel width). NOTE: 32: wider bands make the O(n²b) chase
  /// dearer, narrower ones make the rank-b trailing updates memory-bound.
  static let bandwidth = 32

  /// Reduces the m×n row-major matrix at `a` (m ≥ n ≥ 1, overwritten) to Q·B·Pᵀ with Q, P
  /// orthogonal and B upper banded: on return a[i·n + j] = 0 unless i ≤ j ≤ i + `bandwidth`
  /// (every row from n on is zero), so the top n×n block has A's singular values.
  ///
  /// `checkpoint` receives the fraction of the work done after every panel; what it throws
  /// stops the reduction. O(4mn² − 4n³/3) arithmetic, all but O(mnb) in matrix products
  /// (`threads`); scratch of b·m + b² doubles and the products' buffers.
  static func reduce(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int, bandwidth nb: Int = bandwidth,
    threads: Int, checkpoint: (Double) throws -> Void
  ) throws {
    let nb = Swift.max(1, Swift.min(nb, n))
    let panel = UnsafeMutablePointer<Double>.allocate(capacity: nb * m)
    let triangle = UnsafeMutablePointer<Double>.allocate(capacity: nb * nb)
    let taus = UnsafeMutablePointer<Double>.allocate(capacity: nb)
    defer {
      panel.deallocate()
      triangle.deallocate()
      taus.deallocate()
    }
    let scratch = Householder.BlockScratch(count: nb, other: m)
    let totalWork = Double(n) * Double(n) * (Double(m) - Double(n) / 3)
    var k = 0
    while k < n {
      let b = Swift.min(nb, n - k)
      // QR of the column panel A[k..<m, k..<k+b].
      let rows = m - k
      Householder.factorColumnPanel(
        a, rows: m, columns: n, at: k, width: b, panel: panel, taus: taus, r: triangle)
      let right = n - k - b
      Householder.applyBlock(
        panel, ld: rows, count: b, length: rows, taus: taus, .leftTransposed,
        to: a + k * n + k + b, other: right, ldc: n, threads: threads, scratch: scratch)
      // LQ of the row panel A[k..<k+b, k+b..<n] (the QR of its transpose): its rows in place
      // are copied out, and what lies right of the band's edge is annihilated.
      if right > 0 {
        let count = Swift.min(b, right)
        for j in 0 ..< count {
          for c in 0 ..< right { panel[j * right + c] = a[(k + j) * n + k + b + c] }
        }
        Householder.factorPanel(panel, ld: right, count: count, length: right, taus: taus, r: triangle)
        for j in 0 ..< count {
          let row = a + (k + j) * n + k + b
          for c in 0 ..< right { row[c] = c <= j ? triangle[c * count + j] : 0 }
        }
        // Every row below the reflected ones (the panel's last rows when it is wider than
        // what is left, then the trailing matrix) ← row·P.
        Householder.applyBlock(
          panel, ld: right, count: count, length: right, taus: taus, .right,
          to: a + (k + count) * n + k + b, other: m - k - count, ldc: n, threads: threads,
          scratch: scratch)
      }
      k += b
      let left = Double(n - k)
      try checkpoint(1 - left * left * (Double(m - k) - left / 3) / totalWork)
    }
  }
}
