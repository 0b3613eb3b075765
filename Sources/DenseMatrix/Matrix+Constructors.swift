// The named matrices a user can ask for: zeros, ones, eye, diag, seeded random matrices, random
// orthogonal matrices, Hilbert matrices, matrices with prescribed singular values and linspace.
//
// Every constructor whose size comes from a user validates it through `checkedShape` before
// allocating anything, so `zeros(1 << 40, 1 << 40)` throws `tooLarge` instead of trying, and
// fills its entries through `generated` (or polls `Interruption` per column, for the orthogonal
// factors), so that Ctrl-C stops a large one within milliseconds.
// Random constructors draw from a `RandomSource` in a documented order, so a seed gives the same
// matrix on every machine.

extension Matrix {
  /// The m×n zero matrix.
  /// - Throws: `invalidArgument` for negative sizes, `tooLarge` beyond `limit` elements.
  public static func zeros(_ m: Int, _ n: Int, limit: Int = defaultElementLimit) throws -> Matrix {
    try filled(m, n, 0, limit: limit)
  }

  /// The m×n matrix of ones.
  /// - Throws: `invalidArgument` for negative sizes, `tooLarge` beyond `limit` elements.
  public static func ones(_ m: Int, _ n: Int, limit: Int = defaultElementLimit) throws -> Matrix {
    try filled(m, n, 1, limit: limit)
  }

  private static func filled(_ m: Int, _ n: Int, _ value: Double, limit: Int) throws -> Matrix {
    try generated(m, n, limit: limit) { _ in value }
  }

  /// The n×n identity matrix.
  /// - Throws: `invalidArgument` for negative n, `tooLarge` beyond `limit` elements.
  public static func eye(_ n: Int, limit: Int = defaultElementLimit) throws -> Matrix {
    try generated(n, n, limit: limit) { k in k % (n + 1) == 0 ? 1 : 0 }
  }

  /// The square matrix with `values` on its diagonal and zeros elsewhere.
  ///
  /// Trusted sizes only (allocates count² entries); for user input use `diag(_:limit:)`.
  public static func diag(_ values: [Double]) -> Matrix {
    var result = Matrix(rows: values.count, columns: values.count)
    for (i, d) in values.enumerated() { result[i, i] = d }
    return result
  }

  /// The square matrix with `values` on its diagonal, refused when count² exceeds `limit`.
  /// - Throws: `tooLarge` beyond `limit` elements, before allocating.
  public static func diag(_ values: [Double], limit: Int) throws -> Matrix {
    let n = values.count
    return try generated(n, n, limit: limit) { k in k % (n + 1) == 0 ? values[k / (n + 1)] : 0 }
  }

  /// An m×n matrix of independent U[0, 1) draws, filled row by row from `rng.uniform()`.
  /// - Throws: `invalidArgument` for negative sizes, `tooLarge` beyond `limit` elements.
  public static func rand(
    _ m: Int, _ n: Int, using rng: inout RandomSource, limit: Int = defaultElementLimit
  ) throws -> Matrix {
    try generated(m, n, limit: limit) { _ in rng.uniform() }
  }

  /// An m×n matrix of independent N(0, 1) draws, filled row by row from `rng.normal()`.
  /// - Throws: `invalidArgument` for negative sizes, `tooLarge` beyond `limit` elements.
  public static func randn(
    _ m: Int, _ n: Int, using rng: inout RandomSource, limit: Int = defaultElementLimit
  ) throws -> Matrix {
    try generated(m, n, limit: limit) { _ in rng.normal() }
  }

  /// A Haar-distributed random n×n orthogonal matrix: Q of the QR factorisation of an n×n
  /// `randn` draw, with the signs of Q's columns chosen so that R has a positive diagonal.
  ///
  /// O(n³). ‖Q‖₂ = 1 and ‖Q‖F = sqrt(n).
  /// - Throws: `invalidArgument` for negative n, `tooLarge` beyond `limit` elements;
  ///   `interrupted` (see `Interruption`).
  public static func orth(
    _ n: Int, using rng: inout RandomSource, limit: Int = defaultElementLimit
  ) throws -> Matrix {
    _ = try checkedShape(n, n, limit: limit)
    return try orthonormalColumns(n, n, using: &rng)
  }

  /// The n×n Hilbert matrix H[i, j] = 1/(i + j + 1) (zero-based), the classic ill-conditioned
  /// test matrix. O(n²).
  /// - Throws: `invalidArgument` for negative n, `tooLarge` beyond `limit` elements;
  ///   `interrupted` (see `Interruption`).
  public static func hilbert(_ n: Int, limit: Int = defaultElementLimit) throws -> Matrix {
    try generated(n, n, limit: limit) { k in 1 / Double(k / n + k % n + 1) }
  }

  /// An m×n matrix U·diag(s)·Vᵀ with prescribed singular values: the tool for easy and hard
  /// spectra. k = min(m, n); `singularValues` (any order) is padded with zeros to length k.
  ///
  /// U (m×k) and V (n×k) are the first k columns of Haar-random orthogonal factors: the
  /// Householder QR (sign-fixed) of an m×k and then an n×k `randn` draw, in that order.
  /// O(mnk).
  /// - Throws: `invalidArgument` for more than k values or any negative or non-finite value;
  ///   `tooLarge` beyond `limit` elements; `interrupted` (see `Interruption`).
  public static func spectrum(
    _ m: Int, _ n: Int, singularValues: [Double], using rng: inout RandomSource,
    limit: Int = defaultElementLimit
  ) throws -> Matrix {
    _ = try checkedShape(m, n, limit: limit)
    let k = Swift.min(m, n)
    guard singularValues.count <= k else {
      throw MatrixError.invalidArgument(
        "a \(m)×\(n) matrix has \(k) singular value\(k == 1 ? "" : "s"), \(singularValues.count) \(singularValues.count == 1 ? "was" : "were") given")
    }
    if let bad = singularValues.first(where: { !($0.isFinite && $0 >= 0) }) {
      throw MatrixError.invalidArgument("singular values must be finite and ≥ 0, got \(bad.messageText)")
    }
    guard k > 0 else { return Matrix(rows: m, columns: n) }
    var u = try orthonormalColumns(m, k, using: &rng)
    let v = try orthonormalColumns(n, k, using: &rng)
    let s = singularValues + [Double](repeating: 0, count: k - singularValues.count)
    for i in 0 ..< m {
      for j in 0 ..< k { u[i, j] *= s[j] }
    }
    // NOTE: (U·diag(s))·Vᵀ in panels of about 2³⁰ multiply–adds, polling `Interruption`
    // between them, as the matrix product does.
    return try product(u, v, transposingRight: true, panelRows: Swift.max(64, (1 << 30) / Swift.max(n * k, 1)))
  }

  /// `count` equally spaced values from `a` to `b` inclusive, as a count×1 column
  /// (entry i is a + (b − a)·i/(count − 1); the last is exactly b; count = 1 gives [a]).
  /// - Throws: `invalidArgument` for non-finite ends or negative count, `tooLarge` beyond `limit`.
  public static func linspace(
    _ a: Double, _ b: Double, count: Int, limit: Int = defaultElementLimit
  ) throws -> Matrix {
    guard a.isFinite, b.isFinite else {
      throw MatrixError.invalidArgument("linspace needs finite ends, got \(a.messageText) and \(b.messageText)")
    }
    let d = b - a
    return try generated(count, 1, limit: limit) { i in
      guard count > 1 else { return a }
      if i == count - 1 { return b }
      let t = Double(i) / Double(count - 1)
      // NOTE: a + (b − a)t overflows when b − a does (linspace(1e308, −1e308, 3)); the weighted
      // form cannot, and is used only then, so ordinary ranges keep their exact steps.
      return d.isFinite ? a + d * t : a * (1 - t) + b * t
    }
  }

  /// The first k columns (m×k, k ≤ m) of a Haar-random orthogonal matrix: Householder QR of an
  /// m×k `randn` draw (filled row by row), columns of Q signed so that diag(R) > 0. O(mk²),
  /// through the vectorised `Kernels.dot` and `Kernels.axpy`.
  /// - Throws: `interrupted` when an interruption is requested (see `Interruption`) (polled per column).
  static func orthonormalColumns(
    _ m: Int, _ k: Int, using rng: inout RandomSource
  ) throws -> Matrix {
    let gaussian = try generated(m, k, limit: .max) { _ in rng.normal() }
    // Column-major working copy: column j is a[j*m ..< (j+1)*m].
    var a = gaussian.transposed().elements
    var rSigns = [Double](repeating: 1, count: k)
    var tau = [Double](repeating: 0, count: k)  // 2/(vᵀv) of each reflector, 0 for none
    // Q = H₀H₁…H_{k−1}[I; 0], accumulated backwards, column-major.
    var q = [Double](repeating: 0, count: m * k)
    for j in 0 ..< k { q[j * m + j] = 1 }
    try a.withUnsafeMutableBufferPointer { ab in
      let a = ab.baseAddress!
      for j in 0 ..< k {
        try Interruption.checkpoint()
        let v = a + j * m + j, length = m - j
        let norm = Kernels.norm(v, count: length)
        guard norm > 0 else { continue }
        let alpha = v[0] >= 0 ? -norm : norm
        rSigns[j] = alpha < 0 ? -1 : 1
        v[0] -= alpha  // the reflector v = x − αe₁ now sits in rows j..<m of column j
        tau[j] = 2 / Kernels.dot(v, v, count: length)
        for c in (j + 1) ..< k {
          let f = tau[j] * Kernels.dot(v, a + c * m + j, count: length)
          Kernels.axpy(-f, v, a + c * m + j, count: length)
        }
      }
      try q.withUnsafeMutableBufferPointer { qb in
        let q = qb.baseAddress!
        for j in stride(from: k - 1, through: 0, by: -1) where tau[j] != 0 {
          try Interruption.checkpoint()
          let v = a + j * m + j, length = m - j
          for c in 0 ..< k {
            let f = tau[j] * Kernels.dot(v, q + c * m + j, count: length)
            Kernels.axpy(-f, v, q + c * m + j, count: length)
          }
        }
      }
    }
    var result = Matrix(rows: m, columns: k)
    for i in 0 ..< m {
      for j in 0 ..< k { result[i, j] = rSigns[j] * q[j * m + i] }
    }
    return result
  }
}
