// The top singular triplet of a small upper bidiagonal matrix B (α on the diagonal, β above it),
// the Ritz step of Golub–Kahan–Lanczos, in O(k) work instead of a k³ SVD.
//
// σ₁(B) is the largest eigenvalue of the Golub–Kahan form: the 2k×2k symmetric tridiagonal matrix
// with zero diagonal and off-diagonal (α₁, β₁, α₂, β₂, …, αₖ), whose eigenvalues are ±σᵢ and whose
// eigenvector for +σ interleaves the singular vectors, (y₁, x₁, y₂, x₂, …) with B y = σ x.
// Bisection on Sturm counts of that form finds σ₁ to full relative accuracy (no squaring, unlike
// BᵀB); inverse iteration with the computed σ₁ as shift then gives its eigenvector.

/// Workspace for the top singular triplet of upper bidiagonal matrices up to a fixed size
/// (internal; the buffers are allocated once and released by `deallocate`).
struct BidiagonalTopTriplet {
  /// Largest k.
  let capacity: Int
  /// The scaled off-diagonal, the LU factors of the shifted form (diagonal, first and second
  /// superdiagonal, multipliers, row swaps as 0/1) and the iterate, 2·capacity entries each.
  let e, d, du, du2, multipliers, swapped, z: UnsafeMutablePointer<Double>

  init(capacity: Int) {
    self.capacity = capacity
    let size = 2 * Swift.max(capacity, 1)
    e = .allocate(capacity: size)
    d = .allocate(capacity: size)
    du = .allocate(capacity: size)
    du2 = .allocate(capacity: size)
    multipliers = .allocate(capacity: size)
    swapped = .allocate(capacity: size)
    z = .allocate(capacity: size)
  }

  func deallocate() {
    for buffer in [e, d, du, du2, multipliers, swapped, z] { buffer.deallocate() }
  }

  /// σ₁ of the k×k upper bidiagonal matrix with diagonal `alpha[0..<k]` and superdiagonal
  /// `beta[0..<k−1]`, writing unit x (left) and y (right) with B y ≈ σ₁ x, Bᵀ x ≈ σ₁ y.
  ///
  /// Returns 0 (and x = y = e₁) for B = 0. Needs k ≤ capacity. O(k): about 55 Sturm counts of
  /// length 2k and two tridiagonal solves.
  func solve(
    alpha: [Double], beta: [Double], count k: Int,
    x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>
  ) -> Double {
    let size = 2 * k
    var scale = 0.0
    for i in 0 ..< k {
      scale = Swift.max(scale, Swift.abs(alpha[i]))
      if i + 1 < k { scale = Swift.max(scale, Swift.abs(beta[i])) }
    }
    for i in 0 ..< k {
      x[i] = i == 0 ? 1 : 0
      y[i] = i == 0 ? 1 : 0
    }
    guard scale > 0 else { return 0 }
    // NOTE: scaling by max|B_ij| brackets σ₁/scale in [1, 2]: σ₁ ≥ every |B_ij|, and the
    // Gershgorin bound of the Golub–Kahan form is max(|eᵢ₋₁| + |eᵢ|) ≤ 2.
    for i in 0 ..< k {
      e[2 * i] = alpha[i] / scale
      if i + 1 < k { e[2 * i + 1] = beta[i] / scale }
    }
    var lo = 1.0
    var hi = 1.0
    for i in 0 ..< size - 1 {
      hi = Swift.max(hi, Swift.abs(e[i]) + (i + 1 < size - 1 ? Swift.abs(e[i + 1]) : 0))
    }
    hi *= 1 + 4 * Double.ulpOfOne
    while hi - lo > 2 * Double.ulpOfOne * hi {
      let mid = 0.5 * (lo + hi)
      guard mid > lo, mid < hi else { break }
      if eigenvaluesBelow(mid, size: size) < size { lo = mid } else { hi = mid }
    }
    let shift = 0.5 * (lo + hi)
    factor(shift: shift, size: size)
    for i in 0 ..< size { z[i] = 1 }
    for _ in 0 ..< 2 {
      solveFactored(size: size)
      let norm = Kernels.norm(z, count: size)
      guard norm.isFinite, norm > 0 else { break }
      for i in 0 ..< size { z[i] /= norm }
    }
    for i in 0 ..< k {
      y[i] = z[2 * i]
      x[i] = z[2 * i + 1]
    }
    let (xNorm, yNorm) = (Kernels.norm(x, count: k), Kernels.norm(y, count: k))
    if xNorm > 0, yNorm > 0, xNorm.isFinite, yNorm.isFinite {
      for i in 0 ..< k {
        x[i] /= xNorm
        y[i] /= yNorm
      }
    } else {
      for i in 0 ..< k {
        x[i] = i == 0 ? 1 : 0
        y[i] = i == 0 ? 1 : 0
      }
      return scale * shift
    }
    // NOTE: the Rayleigh quotient xᵀB y is accurate to ε² given vectors accurate to ε (exact
    // for 1×1 and rank-one B); kept inside the bisection bracket in case the vectors are not.
    var rayleigh = 0.0
    for i in 0 ..< k {
      rayleigh += x[i] * (e[2 * i] * y[i] + (i + 1 < k ? e[2 * i + 1] * y[i + 1] : 0))
    }
    return scale * Swift.min(Swift.max(rayleigh, lo), hi)
  }

  /// The number of eigenvalues of the scaled Golub–Kahan form below `shift` (Sturm count of
  /// the LDLᵀ pivots of T − shift·I).
  @inline(__always)
  func eigenvaluesBelow(_ shift: Double, size: Int) -> Int {
    let pivotMin = Double.leastNormalMagnitude
    var q = -shift
    var count = q < 0 ? 1 : 0
    for i in 1 ..< size {
      if Swift.abs(q) < pivotMin { q = -pivotMin }
      q = -shift - e[i - 1] * e[i - 1] / q
      if q < 0 { count += 1 }
    }
    return count
  }

  /// LU with partial pivoting of T − shift·I (T the scaled Golub–Kahan form), zero pivots
  /// replaced by ε (inverse iteration only needs the direction of the solution).
  func factor(shift: Double, size: Int) {
    let tiny = Double.ulpOfOne
    for i in 0 ..< size {
      d[i] = -shift
      du[i] = i + 1 < size ? e[i] : 0
      du2[i] = 0
    }
    for i in 0 ..< size - 1 {
      let below = e[i]
      if Swift.abs(d[i]) >= Swift.abs(below) {
        if d[i] == 0 { d[i] = tiny }
        let l = below / d[i]
        multipliers[i] = l
        swapped[i] = 0
        d[i + 1] -= l * du[i]
      } else {
        let l = d[i] / below
        multipliers[i] = l
        swapped[i] = 1
        let next = d[i + 1]
        d[i] = below
        d[i + 1] = du[i] - l * next
        if i + 1 < size - 1 {
          du2[i] = du[i + 1]
          du[i + 1] = -l * du[i + 1]
        }
        du[i] = next
      }
    }
    if d[size - 1] == 0 { d[size - 1] = tiny }
  }

  /// z ← (T − shift·I)⁻¹ z with the factors from `factor`.
  func solveFactored(size: Int) {
    for i in 0 ..< size - 1 {
      if swapped[i] != 0 { (z[i], z[i + 1]) = (z[i + 1], z[i]) }
      z[i + 1] -= multipliers[i] * z[i]
    }
    var i = size - 1
    while i >= 0 {
      var s = z[i]
      if i + 1 < size { s -= du[i] * z[i + 1] }
      if i + 2 < size { s -= du2[i] * z[i + 2] }
      z[i] = s / d[i]
      i -= 1
    }
  }
}
