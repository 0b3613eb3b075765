// Matrix norms and the quantities derived from the singular values: ‖W‖F, ‖W‖₁, ‖W‖∞, max|w|,
// the two cheap upper bounds of ‖W‖₂, and — from the exact SVD — ‖W‖₂, all σᵢ, the rank and the
// condition number (MATH.md §2).
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
  public var geometricMeanBound: Double {
    (norm1 * normInf).squareRoot()
  }

  /// max|wᵢⱼ|·sqrt(mn), the upper bound of ‖W‖₂ that weight clipping controls. O(mn).
  public var clippingBound: Double {
    maxAbs * (Double(rows) * Double(columns)).squareRoot()
  }

  /// ‖W‖₂ = σ₁, exact, from the singular values (0 for an empty matrix).
  ///
  /// O(mn·min(m, n)) per Jacobi sweep; for large matrices `largestSingularTriplet` is faster.
  /// - Throws: `nonFinite(op: "svd")` for NaN or ±∞ entries.
  public func spectralNorm() throws -> Double {
    try singularValues().first ?? 0
  }

  /// All min(m, n) singular values, descending, from the Jacobi SVD without its vectors.
  /// - Throws: `nonFinite(op: "svd")` for NaN or ±∞ entries.
  public func singularValues() throws -> [Double] {
    try JacobiSVD.decompose(self, wantVectors: false).singularValues
  }

  /// The number of singular values above `tolerance`.
  ///
  /// The default tolerance is NumPy's `matrix_rank` choice max(m, n)·ε·σ₁ (ε = 2⁻⁵²), the size
  /// of the rounding errors in the computed σᵢ. The zero matrix has rank 0.
  /// - Throws: `nonFinite(op: "svd")`; `invalidArgument` for a negative or NaN tolerance.
  public func rank(tolerance: Double? = nil) throws -> Int {
    if let tolerance, !(tolerance >= 0) {
      throw MatrixError.invalidArgument("rank tolerance must be ≥ 0, got \(tolerance.messageText)")
    }
    let sigma = try singularValues()
    let cut = tolerance ?? defaultRankTolerance(largest: sigma.first ?? 0)
    return sigma.filter { $0 > cut }.count
  }

  /// The 2-norm condition number σ₁/σ_min(m,n).
  ///
  /// +∞ when W is numerically singular, i.e. σ_min ≤ max(m, n)·ε·σ₁ (the default `rank`
  /// tolerance, so `conditionNumber()` is finite exactly when `rank()` is full); this includes
  /// the zero matrix. Rounding would otherwise turn an exact 0 into a meaningless ~1e17.
  /// - Throws: `nonFinite(op: "svd")`; `invalidArgument` for an empty matrix.
  public func conditionNumber() throws -> Double {
    let sigma = try singularValues()
    guard let largest = sigma.first, let smallest = sigma.last else {
      throw MatrixError.invalidArgument("the condition number of an empty matrix is undefined")
    }
    return smallest > defaultRankTolerance(largest: largest) ? largest / smallest : .infinity
  }

  /// max(m, n)·ε·σ₁, the rounding level of computed singular values.
  private func defaultRankTolerance(largest: Double) -> Double {
    Double(Swift.max(rows, columns)) * Double.ulpOfOne * largest
  }
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
