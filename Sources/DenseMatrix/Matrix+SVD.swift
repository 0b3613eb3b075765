// The SVD's two routes and the fast one's driver: QR (tall matrices) → Householder
// bidiagonalisation → bidiagonal QR (Demmel–Kahan) → back-transformation of the vectors, the
// route LAPACK takes (dgesvd; Golub & Van Loan §8.6), against the one-sided Jacobi reference.
//
// NOTE: the matrix is scaled by a power of two (exact) so that max|wᵢⱼ| ∈ [1, 2) before any
// reflector is formed, and the singular values are scaled back at the end: entries near 1e±300
// neither overflow nor underflow, and no inexact scaling touches the result.

/// Which algorithm computes an SVD.
public enum SVDMethod: String, Sendable, CaseIterable {
  /// Householder bidiagonalisation (after a QR step when m ≥ 1.5n or n ≥ 1.5m) and the
  /// Demmel–Kahan bidiagonal QR: backward stable, every σᵢ within a small multiple of ε·σ₁,
  /// the bidiagonal's σᵢ to high relative accuracy. O(mn·min(m, n)), about 10× faster than
  /// Jacobi on large matrices. The default.
  case fast
  /// One-sided Jacobi (Hestenes): also backward stable, and accurate to high relative accuracy
  /// for the small σᵢ of a matrix that is a well-conditioned matrix scaled by a diagonal
  /// (Demmel & Veselić 1992). The reference the fast route is tested against.
  case jacobi
}

extension Matrix {
  /// The thin SVD W = U·diag(σ)·Vᵀ (U m×k, V n×k, orthonormal columns, k = min(m, n), σ
  /// descending). ‖U·diag(σ)·Vᵀ − W‖F ≤ 1e-12·‖W‖F in practice for both methods.
  ///
  /// `.fast` (default): O(mn·k) arithmetic, mostly in matrix products; `.jacobi`: the
  /// reference, O(mn·k) per sweep, typically 6–12 sweeps. Results are bit-identical for any
  /// number of threads (`threads`: how many the fast route's matrix products and
  /// matrix–vector products may use). Polls `Interruption.checkpoint(progress:)` every few
  /// milliseconds.
  /// - Throws: `nonFinite(op: "svd")` when W holds NaN or ±∞; `interrupted` when an
  ///   interruption is requested (see `Interruption`); nothing partial is returned.
  public func svd(
    method: SVDMethod = .fast, threads: Int = Kernels.iterationThreads
  ) throws -> SingularValueDecomposition {
    switch method {
    case .jacobi: return try JacobiSVD.decompose(self, wantVectors: true)
    case .fast: return try FastSVD.decompose(self, wantVectors: true, threads: threads)
    }
  }

  /// All min(m, n) singular values, descending, without the vectors.
  ///
  /// `.fast` (default): QR step for tall or wide W, bidiagonalisation, bidiagonal QR; about
  /// 4mn² − 4n³/3 flops (m ≥ n), or 2mn² + 2n³ with the QR step. `.jacobi`: the reference.
  /// Bit-identical for every `threads`.
  /// - Throws: `nonFinite(op: "svd")`; `interrupted` (see `Interruption`).
  public func singularValues(
    method: SVDMethod = .fast, threads: Int = Kernels.iterationThreads
  ) throws -> [Double] {
    switch method {
    case .jacobi: return try JacobiSVD.decompose(self, wantVectors: false).singularValues
    case .fast: return try FastSVD.decompose(self, wantVectors: false, threads: threads).singularValues
    }
  }
}

/// The driver of the fast SVD route (internal).
enum FastSVD {
  /// Rows per column past which a QR step comes first (LAPACK's dgesdd uses about 1.6).
  static let qrRatio = 1.5
  /// Columns (after the QR step) from which singular values alone take the two-stage
  /// reduction (BandReduction.swift): below it the matrix sits in L2 and one stage is as fast.
  static let twoStageColumns = 256

  /// The SVD of `w` with or without vectors (without: `u`, `v` are m×0 and n×0).
  ///
  /// `twoStageFrom` and `bandwidth` choose when and how singular values alone go through the
  /// band (the defaults; tests force the two-stage route onto small matrices and narrow bands).
  static func decompose(
    _ w: Matrix, wantVectors: Bool, threads: Int = Kernels.iterationThreads,
    twoStageFrom: Int = twoStageColumns, bandwidth: Int = BandReduction.bandwidth
  ) throws -> SingularValueDecomposition {
    guard w.isFinite else { throw MatrixError.nonFinite(op: "svd") }
    let (m, n) = (w.rows, w.columns)
    let k = Swift.min(m, n)
    let empty = SingularValueDecomposition(
      u: Matrix(rows: m, columns: 0), singularValues: [], v: Matrix(rows: n, columns: 0))
    guard k > 0 else { return empty }
    let transposed = m < n
    let (rows, cols) = transposed ? (n, m) : (m, n)  // A is rows×cols, rows ≥ cols, row-major
    var a = transposed ? w.transposed().elements : w.elements
    let largest = a.reduce(0) { Swift.max($0, Swift.abs($1)) }
    guard largest > 0 else { return zero(m, n, wantVectors: wantVectors) }
    let exponent = largest.exponent
    for i in a.indices { a[i] = Double(sign: .plus, exponent: -exponent, significand: a[i]) }
    let useQR = Double(rows) >= qrRatio * Double(cols)
    // Work split for progress: reduction(s) first, then the bidiagonal iteration.
    let reduction = wantVectors ? 0.5 : 0.8
    let report: (Double) throws -> Void = { try Interruption.checkpoint(progress: $0) }

    // 1. QR step (tall A): A = Q·[R; 0], then work on the n×n R.
    var qr: (r: [Double], vectors: [Double], taus: [Double])? = nil
    if useQR {
      qr = try a.withUnsafeMutableBufferPointer { ap in
        try HouseholderQR.factor(
          ap.baseAddress!, rows: rows, columns: cols, threads: threads,
          checkpoint: { try report(0.4 * reduction * $0) })
      }
    }
    var b = qr?.r ?? a
    a = []  // b is now the only reference: reducing it in place copies nothing
    let bRows = useQR ? cols : rows
    let base = useQR ? 0.4 * reduction : 0
    // 2. Bidiagonalisation of the bRows×cols matrix b: in two stages (band, then chase) for
    //    singular values alone, in one (keeping the reflectors) for vectors.
    var bidiagonal: Bidiagonalization
    if !wantVectors && cols >= twoStageFrom {
      let share = base + 0.9 * (reduction - base)
      let (d, e) = try b.withUnsafeMutableBufferPointer { bp in
        try BandReduction.reduce(
          bp.baseAddress!, rows: bRows, columns: cols, bandwidth: bandwidth, threads: threads,
          checkpoint: { try report(base + (share - base) * $0) })
        return try BandBidiagonalization.reduce(
          bp.baseAddress!, n: cols, ld: cols, bandwidth: bandwidth,
          checkpoint: { try report(share + (reduction - share) * $0) })
      }
      bidiagonal = Bidiagonalization(
        diagonal: d, superdiagonal: e, left: [], leftTaus: [], right: [], rightTaus: [])
    } else {
      bidiagonal = try b.withUnsafeMutableBufferPointer { bp in
        try Bidiagonalization.reduce(
          bp.baseAddress!, rows: bRows, columns: cols, keepReflectors: wantVectors,
          threads: threads, checkpoint: { try report(base + (reduction - base) * $0) })
      }
    }
    b = []
    // 3. Bidiagonal QR; L and R start as the identity, B = Lᵀ·Σ·R.
    var left = wantVectors ? identity(cols) : []
    var right = wantVectors ? identity(cols) : []
    let solveShare = wantVectors ? 0.3 : 1 - reduction
    do {
      try left.withUnsafeMutableBufferPointer { lp in
        try right.withUnsafeMutableBufferPointer { rp in
          try BidiagonalQR.solve(
            &bidiagonal.diagonal, &bidiagonal.superdiagonal,
            left: wantVectors ? lp.baseAddress : nil, right: wantVectors ? rp.baseAddress : nil,
            checkpoint: { try report(reduction + solveShare * $0) })
        }
      }
    } catch is BidiagonalQR.NotConverged {
      // NOTE: never observed (the sweep budget is 6n² steps, LAPACK's); Jacobi always converges.
      return try JacobiSVD.decompose(w, wantVectors: wantVectors)
    }
    let sigma = bidiagonal.diagonal.map { Double(sign: .plus, exponent: exponent, significand: $0) }
    guard wantVectors else {
      return SingularValueDecomposition(
        u: Matrix(rows: m, columns: 0), singularValues: sigma, v: Matrix(rows: n, columns: 0))
    }
    // 4. Vectors: U_A = Q·H·[Lᵀ; 0] (rows×cols), V_A = P·Rᵀ (cols×cols).
    let backShare = 1 - reduction - solveShare
    var leftVectors = transpose(left, rows: cols, columns: cols, padTo: bRows)
    try applyReflectors(
      bidiagonal.left, bidiagonal.leftTaus, count: cols, length: bRows, offset: 0,
      to: &leftVectors, columns: cols, threads: threads,
      progress: { try report(reduction + solveShare + backShare * 0.4 * $0) })
    if let qr {
      var padded = [Double](repeating: 0, count: rows * cols)
      for i in 0 ..< cols * cols { padded[i] = leftVectors[i] }
      leftVectors = padded
      try applyReflectors(
        qr.vectors, qr.taus, count: cols, length: rows, offset: 0, to: &leftVectors,
        columns: cols, threads: threads,
        progress: { try report(reduction + solveShare + backShare * (0.4 + 0.3 * $0)) })
    }
    var rightVectors = transpose(right, rows: cols, columns: cols, padTo: cols)
    try applyReflectors(
      bidiagonal.right, bidiagonal.rightTaus, count: Swift.max(cols - 1, 0), length: cols,
      offset: 1, to: &rightVectors, columns: cols, threads: threads,
      progress: { try report(reduction + solveShare + backShare * (0.7 + 0.3 * $0)) })
    let uA = try Matrix(rows: rows, columns: cols, elements: leftVectors)
    let vA = try Matrix(rows: cols, columns: cols, elements: rightVectors)
    return transposed
      ? SingularValueDecomposition(u: vA, singularValues: sigma, v: uA)
      : SingularValueDecomposition(u: uA, singularValues: sigma, v: vA)
  }

  /// C ← H₀⋯H_{count−1}·C (see `Householder.applyBlocked`).
  private static func applyReflectors(
    _ vectors: [Double], _ taus: [Double], count: Int, length: Int, offset: Int,
    to c: inout [Double], columns: Int, threads: Int, progress: (Double) throws -> Void
  ) throws {
    guard count > 0 else { return }
    try vectors.withUnsafeBufferPointer { vp in
      try taus.withUnsafeBufferPointer { tp in
        try c.withUnsafeMutableBufferPointer { cp in
          try Householder.applyBlocked(
            vectors: vp.baseAddress!, taus: tp.baseAddress!, count: count, length: length,
            offset: offset, to: cp.baseAddress!, columns: columns, ldc: columns, threads: threads,
            checkpoint: progress)
        }
      }
    }
  }

  /// The n×n identity, row-major.
  private static func identity(_ n: Int) -> [Double] {
    var e = [Double](repeating: 0, count: n * n)
    for i in 0 ..< n { e[i * n + i] = 1 }
    return e
  }

  /// The transpose of the rows×columns row-major `x`, with zero rows appended up to `padTo`.
  private static func transpose(_ x: [Double], rows: Int, columns: Int, padTo: Int) -> [Double] {
    var t = [Double](repeating: 0, count: padTo * rows)
    for i in 0 ..< rows {
      for j in 0 ..< columns { t[j * rows + i] = x[i * columns + j] }
    }
    return t
  }

  /// The SVD of the m×n zero matrix: σ = 0 and the leading columns of the identity.
  private static func zero(_ m: Int, _ n: Int, wantVectors: Bool) -> SingularValueDecomposition {
    let k = Swift.min(m, n)
    let sigma = [Double](repeating: 0, count: k)
    guard wantVectors else {
      return SingularValueDecomposition(
        u: Matrix(rows: m, columns: 0), singularValues: sigma, v: Matrix(rows: n, columns: 0))
    }
    var u = Matrix(rows: m, columns: k)
    var v = Matrix(rows: n, columns: k)
    for i in 0 ..< k {
      u[i, i] = 1
      v[i, i] = 1
    }
    return SingularValueDecomposition(u: u, singularValues: sigma, v: v)
  }
}
