// Householder bidiagonalisation A = Q·B·Pᵀ of an m×n matrix (m ≥ n), B upper bidiagonal: the
// first stage of the fast SVD (Golub & Kahan 1965; Golub & Van Loan §5.4.8).
//
// Blocked as in LAPACK's dgebrd (Dongarra, Sorensen & Hammarling 1989): a panel of b columns
// and rows is reduced with the trailing matrix kept unchanged and the updates collected in
// A − U·Yᵀ − X·Vᵀ (U, V the reflector vectors, X, Y the products the panel needed); one matrix
// product `Kernels.gemm` with inner dimension 2b then brings the trailing matrix up to date.
// Each step still reads the trailing matrix twice (Aᵀu and Av), so about half of the
// 4mn² − 4n³/3 flops are memory-bound matrix–vector products, as in LAPACK.
//
// Storage is row-major throughout: the panel's U and X are kept as rows (each u_j, x_j is one
// contiguous row of length m), Y and V likewise (length n), so every product is a kernel call
// on contiguous rows.

/// The result of `Bidiagonalization.reduce`: B's diagonal and superdiagonal, and the
/// reflectors when they were kept (internal).
struct Bidiagonalization {
  /// B[i, i], n entries.
  var diagonal: [Double]
  /// B[i, i + 1], n − 1 entries (none when n ≤ 1).
  var superdiagonal: [Double]
  /// Row j is the left reflector vector u_j (m entries, zero before j, 1 at j); empty when
  /// not kept. Q = H₀H₁⋯H_{n−1}, H_j = I − τ_j u_j u_jᵀ.
  var left: [Double]
  var leftTaus: [Double]
  /// Row j is the right reflector vector v_j (n entries, zero through j, 1 at j + 1); empty
  /// when not kept. P = G₀G₁⋯G_{n−2}.
  var right: [Double]
  var rightTaus: [Double]

  /// Panel width (b). NOTE: 32, LAPACK's default; 16 and 64 measured slower on 1024².
  static let blockSize = 32

  /// Reduces the m×n row-major matrix at `a` (m ≥ n ≥ 1, overwritten) to bidiagonal form.
  ///
  /// `checkpoint` receives the fraction of the work done after every column (a few
  /// milliseconds apart on the largest matrices); what it throws stops the reduction.
  /// O(4mn² − 4n³/3) arithmetic; scratch of 2b·(m + n) + m doubles, plus n(m + n) for the
  /// reflectors when `keepReflectors`.
  static func reduce(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, columns n: Int, keepReflectors: Bool,
    threads: Int, checkpoint: (Double) throws -> Void
  ) throws -> Bidiagonalization {
    let nb = Swift.min(blockSize, n)
    var result = Bidiagonalization(
      diagonal: [Double](repeating: 0, count: n),
      superdiagonal: [Double](repeating: 0, count: Swift.max(n - 1, 0)),
      left: keepReflectors ? [Double](repeating: 0, count: n * m) : [],
      leftTaus: [Double](repeating: 0, count: n),
      right: keepReflectors ? [Double](repeating: 0, count: n * n) : [],
      rightTaus: [Double](repeating: 0, count: n))
    // Panel rows: lp = [U; X] (2nb rows of m), rp = [Y; V] (2nb rows of n).
    let lp = UnsafeMutablePointer<Double>.allocate(capacity: 2 * nb * m)
    let rp = UnsafeMutablePointer<Double>.allocate(capacity: 2 * nb * n)
    let column = UnsafeMutablePointer<Double>.allocate(capacity: m)
    let nextColumn = UnsafeMutablePointer<Double>.allocate(capacity: m)
    var nextColumnReady = false
    let coefficients = UnsafeMutablePointer<Double>.allocate(capacity: 4 * nb)
    defer {
      lp.deallocate()
      rp.deallocate()
      column.deallocate()
      nextColumn.deallocate()
      coefficients.deallocate()
    }
    let (c1, c2) = (coefficients, coefficients + 2 * nb)
    let totalWork = Double(n) * Double(n) * (Double(m) - Double(n) / 3)
    var k = 0
    while k < n {
      let b = Swift.min(nb, n - k)
      lp.initialize(repeating: 0, count: 2 * nb * m)
      rp.initialize(repeating: 0, count: 2 * nb * n)
      let u = lp, x = lp + nb * m, y = rp, v = rp + nb * n
      for jj in 0 ..< b {
        let i = k + jj
        // Column i of the current matrix, rows i..<m: A(i:, i) − U·Y(i, :)ᵀ − X·V(i, :)ᵀ.
        if nextColumnReady {
          // Copied out by the previous step's Aᵀu pass (rows i−1..<m of this column).
          for r in i ..< m { column[r] = nextColumn[r - i + 1] }
        } else {
          for r in i ..< m { column[r] = a[r * n + i] }
        }
        nextColumnReady = false
        for j in 0 ..< jj {
          c1[j] = -y[j * n + i]
          c2[j] = -v[j * n + i]
        }
        Kernels.addRowCombination(u + i, lda: m, rows: jj, columns: m - i, c1, into: column + i)
        Kernels.addRowCombination(x + i, lda: m, rows: jj, columns: m - i, c2, into: column + i)
        let (beta, tau) = Householder.reflector(column + i, count: m - i)
        result.diagonal[i] = beta
        result.leftTaus[i] = tau
        for r in i ..< m { u[jj * m + r] = column[r] }
        guard i + 1 < n else { break }
        let width = n - i - 1
        let yi = y + jj * n + i + 1
        if tau != 0 {
          // y_i = τ·(A(i:, i+1:)ᵀu_i − Y·(Uᵀu_i) − V·(Xᵀu_i)) on columns i+1..<n.
          Kernels.gemvTransposedStrided(
            a + i * n + i + 1, lda: n, rows: m - i, columns: width, column + i, into: yi,
            threads: threads, firstColumn: jj + 1 < b ? nextColumn : nil)
          nextColumnReady = jj + 1 < b
          Kernels.gemvStrided(u + i, lda: m, rows: jj, columns: m - i, column + i, into: c1)
          Kernels.gemvStrided(x + i, lda: m, rows: jj, columns: m - i, column + i, into: c2)
          for j in 0 ..< jj {
            c1[j] = -c1[j]
            c2[j] = -c2[j]
          }
          Kernels.addRowCombination(y + i + 1, lda: n, rows: jj, columns: width, c1, into: yi)
          Kernels.addRowCombination(v + i + 1, lda: n, rows: jj, columns: width, c2, into: yi)
          Kernels.scale(tau, yi, count: width)
        }
        // Row i of the current matrix, columns i+1..<n: A(i, i+1:) − U(i, :)·Yᵀ − X(i, :)·Vᵀ.
        let row = a + i * n + i + 1
        for j in 0 ... jj { c1[j] = -u[j * m + i] }
        for j in 0 ..< jj { c2[j] = -x[j * m + i] }
        Kernels.addRowCombination(y + i + 1, lda: n, rows: jj + 1, columns: width, c1, into: row)
        Kernels.addRowCombination(v + i + 1, lda: n, rows: jj, columns: width, c2, into: row)
        let (betaRight, tauRight) = Householder.reflector(row, count: width)
        result.superdiagonal[i] = betaRight
        result.rightTaus[i] = tauRight
        let vi = v + jj * n + i + 1
        for r in 0 ..< width { vi[r] = row[r] }
        if tauRight != 0 && i + 1 < m {
          // x_i = τ·(A(i+1:, i+1:)·v_i − U·(Yᵀv_i) − X·(Vᵀv_i)) on rows i+1..<m.
          let height = m - i - 1
          let xi = x + jj * m + i + 1
          Kernels.gemvStrided(
            a + (i + 1) * n + i + 1, lda: n, rows: height, columns: width, vi, into: xi,
            threads: threads)
          Kernels.gemvStrided(y + i + 1, lda: n, rows: jj + 1, columns: width, vi, into: c1)
          Kernels.gemvStrided(v + i + 1, lda: n, rows: jj, columns: width, vi, into: c2)
          for j in 0 ... jj { c1[j] = -c1[j] }
          for j in 0 ..< jj { c2[j] = -c2[j] }
          Kernels.addRowCombination(u + i + 1, lda: m, rows: jj + 1, columns: height, c1, into: xi)
          Kernels.addRowCombination(x + i + 1, lda: m, rows: jj, columns: height, c2, into: xi)
          Kernels.scale(tauRight, xi, count: height)
        }
        let left = Double(n - i - 1)
        try checkpoint(1 - left * left * (Double(m - i - 1) - left / 3) / totalWork)
      }
      let next = k + b
      if next < n {
        // The trailing matrix: A(next:, next:) −= [U X]·[Y V]ᵀ, inner dimension 2nb.
        Kernels.gemm(
          transA: true, transB: false, m: m - next, n: n - next, k: 2 * nb, alpha: -1,
          UnsafePointer(lp + next), lda: m, UnsafePointer(rp + next), ldb: n, beta: 1,
          a + next * n + next, ldc: n, threads: threads)
      }
      if keepReflectors {
        for jj in 0 ..< b {
          for r in 0 ..< m { result.left[(k + jj) * m + r] = u[jj * m + r] }
          for r in 0 ..< n { result.right[(k + jj) * n + r] = v[jj * n + r] }
        }
      }
      k = next
    }
    return result
  }
}
