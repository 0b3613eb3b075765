// Matrix norms and the quantities derived from the singular values: ‖W‖F, ‖W‖₁, ‖W‖∞, max|w|,
// the two cheap upper bounds of ‖W‖₂, and — from the exact SVD — ‖W‖₂, all σᵢ, the rank and the
// condition number (MATH.md §2), all by the fast SVD route (Matrix+SVD.swift) or Lanczos.
//
// For every W: ‖W‖₂ ≤ ‖W‖F ≤ sqrt(rank)·‖W‖₂, ‖W‖₂ ≤ sqrt(‖W‖₁‖W‖∞) and ‖W‖₂ ≤ max|w|·sqrt(mn).

extension Matrix {
  /// ‖W‖F = sqrt(Σ w²ᵢⱼ) = sqrt(Σ σᵢ²), overflow-safe. O(mn).
  public var frobeniusNorm: Double {
    Vector.norm(elements)
  }

  /// ‖W‖₁ = the largest column sum of |wᵢⱼ| (0 for an empty matrix). O(mn).
  public var norm1: Double {
    var sums = [Double](repeating: 0, count: columns)
    for i in 0 ..< rows {
      for j in 0 ..< columns { sums[j] += Swift.abs(self[i, j]) }
    }
    return sums.max() ?? 0
  }

  /// ‖W‖∞ = the largest row sum of |wᵢⱼ| (0 for an empty matrix). O(mn).
  public var normInf: Double {
    (0 ..< rows).map { i in
      (0 ..< columns).reduce(0.0) { $0 + Swift.abs(self[i, $1]) }
    }.max() ?? 0
  }

  /// max |wᵢⱼ| (0 for an empty matrix). O(mn).
  public var maxAbs: Double {
    elements.reduce(0) { Swift.max($0, Swift.abs($1)) }
  }

  /// sqrt(‖W‖₁‖W‖∞), a cheap upper bound of ‖W‖₂ (Hölder). O(mn).
  ///
  /// NOTE: both factors are scaled by even powers of two (exact) before the product, so that
  /// it neither overflows (entries near 1e200) nor underflows (near 1e-170) where the bound
  /// itself is representable; the result is then rounded once, as sqrt(‖W‖₁‖W‖∞) would be.
  public var geometricMeanBound: Double {
    let (a, b) = (norm1, normInf)
    guard a > 0, b > 0, a.isFinite, b.isFinite else { return (a * b).squareRoot() }
    let (ea, eb) = (Int(a.exponent) & ~1, Int(b.exponent) & ~1)
    let scaled = (Double(sign: .plus, exponent: -ea, significand: a)
      * Double(sign: .plus, exponent: -eb, significand: b)).squareRoot()
    return Double(sign: .plus, exponent: (ea + eb) / 2, significand: scaled)
  }

  /// max|wᵢⱼ|·sqrt(mn), the upper bound of ‖W‖₂ that weight clipping controls. O(mn).
  public var clippingBound: Double {
    maxAbs * (Double(rows) * Double(columns)).squareRoot()
  }

  /// ‖W‖₂ = σ₁ to full precision (0 for an empty matrix), by the fastest exact route for the
  /// shape, finished the same way: σ₁ = ‖Wv‖ for the computed top right singular vector v
  /// (the square root of a Rayleigh quotient: an error of ε in v costs ε² in σ, so what is
  /// left is the rounding of one product, about 1–4ε; σ₁ read off a bidiagonal carries the
  /// reduction's rounding too, up to 6ε on a constant matrix).
  ///
  /// Small matrices (min(m, n) < `spectralNormLanczosSize`) take v from the fast SVD. Larger
  /// ones run Golub–Kahan–Lanczos to a residual ‖Wᵀu − σv‖ ≤ 1e-13·σ (v is then accurate to
  /// about residual/gap, and σ's error is at most the residual squared over the gap to σ₂,
  /// never more than the residual); when Lanczos needs more than max(60, min(m, n)/4) steps
  /// (a tight cluster at the top) the SVD's σ₁ is returned instead. O(mn) per Lanczos step,
  /// typically 40–70 steps; O(mn·min(m, n)) for the SVD.
  /// - Throws: `nonFinite(op: "svd")` for NaN or ±∞ entries; `interrupted` (see `Interruption`).
  public func spectralNorm() throws -> Double {
    guard isFinite else { throw MatrixError.nonFinite(op: "svd") }
    let k = Swift.min(rows, columns)
    guard k > 0 else { return 0 }
    var v: [Double]
    if k < Self.spectralNormLanczosSize {
      let d = try svd()
      guard d.singularValues[0] > 0 else { return 0 }
      v = d.v.column(0)
    } else {
      let result = try largestSingularTriplet(
        tolerance: 1e-13, maxIterations: Swift.max(60, k / 4),
        isInterrupted: { Interruption.isRequested })
      try Interruption.checkpoint()
      guard result.converged, result.sigma > 0 else { return try singularValues().first ?? 0 }
      v = result.v
    }
    // NOTE: ‖Wv‖ on W·2⁻ᵉ when the entries are extreme, so that its squares stay in range.
    let (scaled, factor) = scaledForSquares() ?? (self, 1)
    var product = [Double](repeating: 0, count: rows)
    scaled.elements.withUnsafeBufferPointer { w in
      v.withUnsafeMutableBufferPointer { vp in
        product.withUnsafeMutableBufferPointer { y in
          Kernels.gemv(
            w.baseAddress!, rows: rows, columns: columns, vp.baseAddress!, into: y.baseAddress!,
            threads: Kernels.iterationThreads)
        }
      }
    }
    return Vector.norm(product) / Vector.norm(v) * factor
  }

  /// The smallest min(m, n) from which `spectralNorm()` runs Lanczos instead of an SVD.
  /// NOTE: on a Xeon (AVX-512) Lanczos to 1e-13 costs 1.7 ms on Gaussian 96², the thin SVD
  /// about as much; Lanczos is 3× faster at 512² and the gap grows with the size.
  public static let spectralNormLanczosSize = 96

  /// The number of singular values above `tolerance`.
  ///
  /// The default tolerance is NumPy's `matrix_rank` choice max(m, n)·ε·σ₁ with the ε of the
  /// entries' `precision` (2⁻⁵² for double, 2⁻²³ for single), the size of the rounding errors in
  /// the σᵢ. The zero matrix has rank 0.
  /// - Throws: `nonFinite(op: "svd")`; `invalidArgument` for a negative or NaN tolerance.
  public func rank(tolerance: Double? = nil) throws -> Int {
    if let tolerance, !(tolerance >= 0) {
      throw MatrixError.invalidArgument("rank tolerance must be ≥ 0, got \(tolerance.messageText)")
    }
    let sigma = try singularValues()
    let cut = tolerance
      ?? Self.roundingLevel(largest: sigma.first ?? 0, shape: shape, epsilon: precision.epsilon)
    return sigma.filter { $0 > cut }.count
  }

  /// The 2-norm condition number σ₁/σ_min(m,n) from the fast SVD's singular values.
  ///
  /// +∞ only when σ_min is exactly 0 (the zero matrix, a zero column, …). When σ_min is at or
  /// below the rounding level max(m, n)·ε·σ₁ (`condition().isNumericallySingular`), the value
  /// is finite but only says that W is singular to working precision: cond(hilbert(12)) ≈ 1.7e16.
  /// - Throws: `nonFinite(op: "svd")`; `invalidArgument` for an empty matrix.
  public func conditionNumber() throws -> Double {
    try condition().value
  }

  /// The condition number with what is needed to read it (see `Conditioning`).
  /// - Throws: `nonFinite(op: "svd")`; `invalidArgument` for an empty matrix.
  public func condition() throws -> Conditioning {
    let sigma = try singularValues()
    guard let largest = sigma.first, let smallest = sigma.last else {
      throw MatrixError.invalidArgument("the condition number of an empty matrix is undefined")
    }
    return Conditioning(largest: largest, smallest: smallest, shape: shape, epsilon: precision.epsilon)
  }

  /// max(m, n)·ε·σ₁, the rounding level of computed singular values (NumPy's rank tolerance);
  /// ε is double's unless the entries came from a coarser format (`ElementPrecision.epsilon`).
  public static func roundingLevel(
    largest: Double, shape: Shape, epsilon: Double = Double.ulpOfOne
  ) -> Double {
    Double(Swift.max(shape.rows, shape.columns)) * epsilon * largest
  }
}

/// σ₁/σ_min with the flag that tells whether σ_min is only rounding noise.
public struct Conditioning: Sendable, Equatable {
  /// σ₁.
  public let largest: Double
  /// σ_min(m, n).
  public let smallest: Double
  /// True when σ_min ≤ max(m, n)·ε·σ₁ (`Matrix.roundingLevel`): the computed σ_min is at the
  /// level of rounding errors, W is singular to working precision, and `value` only bounds
  /// the true condition number from below (roughly). The zero matrix counts as singular.
  public let isNumericallySingular: Bool

  /// The condition number of a matrix of `shape` with these extreme singular values, whose
  /// entries carry rounding at `epsilon` (double's by default).
  public init(largest: Double, smallest: Double, shape: Shape, epsilon: Double = Double.ulpOfOne) {
    self.largest = largest
    self.smallest = smallest
    isNumericallySingular =
      smallest <= Matrix.roundingLevel(largest: largest, shape: shape, epsilon: epsilon)
  }

  /// σ₁/σ_min; +∞ exactly when σ_min = 0 (NaN never: the zero matrix gives +∞).
  public var value: Double { smallest > 0 ? largest / smallest : .infinity }
}

extension Matrix {
  /// W·2⁻ᵉ and 2ᵉ when max|wᵢⱼ| = 2ᵉ·m (1 ≤ m < 2) lies outside [2⁻²⁰⁰, 2²⁰⁰], so that sums
  /// of squares of products (WᵀW v, ‖W v‖²) neither overflow nor underflow; nil otherwise (and
  /// for a zero matrix). Scaling by a power of two is exact for every entry that stays normal.
  /// O(mn).
  func scaledForSquares() -> (matrix: Matrix, factor: Double)? {
    let largest = elements.reduce(0) { Swift.max($0, Swift.abs($1)) }
    guard largest > 0, largest.isFinite, largest < 0x1p-200 || largest > 0x1p200 else { return nil }
    let e = largest.exponent
    var scaled = self
    for i in scaled.elements.indices {
      scaled.elements[i] = Double(sign: .plus, exponent: -e, significand: scaled.elements[i])
    }
    return (scaled, Double(sign: .plus, exponent: e, significand: 1))
  }
}
