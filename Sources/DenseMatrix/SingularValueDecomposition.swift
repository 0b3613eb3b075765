// The exact thin singular value decomposition W = U·diag(σ)·Vᵀ by one-sided Jacobi (Hestenes),
// the ground truth every other σ in liplab is checked against.
//
// One-sided Jacobi rotates pairs of columns of W until all columns are mutually orthogonal; the
// column norms are then the singular values, the normalised columns are U and the accumulated
// rotations are V. It is simple, backward stable and accurate even for tiny singular values.
// The working matrix is stored column by column so each rotation streams two contiguous arrays.

import RealModule

/// The thin SVD W = U·diag(σ)·Vᵀ of an m×n matrix, k = min(m, n).
///
/// `u` is m×k and `v` is n×k, both with orthonormal columns; `singularValues` has k entries,
/// sorted descending, and column i of `u` and `v` belongs to `singularValues[i]`.
/// For σᵢ = 0 the columns of `u` are completed to an orthonormal set (any completion is a
/// valid factor; the choice is deterministic but otherwise unspecified).
public struct SingularValueDecomposition: Sendable {
  /// Left singular vectors, m×k, orthonormal columns.
  public let u: Matrix
  /// σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0.
  public let singularValues: [Double]
  /// Right singular vectors, n×k, orthonormal columns.
  public let v: Matrix
}

/// One-sided Jacobi SVD on column-major buffers (internal).
enum JacobiSVD {
  /// Largest number of sweeps; convergence normally takes well under 20.
  static let maxSweeps = 60

  /// The SVD of `w`, with or without the singular vectors (without: `u` and `v` are k×0 and
  /// n×0 empty matrices).
  static func decompose(_ w: Matrix, wantVectors: Bool) throws -> SingularValueDecomposition {
    guard w.isFinite else { throw MatrixError.nonFinite(op: "svd") }
    let (m, n) = (w.rows, w.columns)
    let transposed = m < n
    let (rows, cols) = transposed ? (n, m) : (m, n)  // the working matrix A is rows×cols, rows ≥ cols
    // Column j of A is a[j*rows ..< (j+1)*rows]: the rows of W when working on Wᵀ.
    var a = transposed ? w.elements : w.transposed().elements
    // NOTE: scale by a power of two (exact) so that max|aᵢⱼ| is near 1: no squared entry
    // overflows or underflows in the dot products below.
    let maxAbs = a.reduce(0) { Swift.max($0, Swift.abs($1)) }
    let exponent = maxAbs > 0 ? maxAbs.exponent : 0
    // NOTE: the rotations are accumulated even without vectors: see `refinedNorms`.
    var rotations = [Double](repeating: 0, count: cols * cols)
    for j in 0 ..< cols { rotations[j * cols + j] = 1 }
    for i in a.indices { a[i] = Double(sign: .plus, exponent: -exponent, significand: a[i]) }
    let original = a
    try a.withUnsafeMutableBufferPointer { ap -> Void in
      guard let base = ap.baseAddress else { return }
      try rotations.withUnsafeMutableBufferPointer { vp in
        _ = try orthogonalizeColumns(
          base, rows: rows, columns: cols, accumulating: vp.baseAddress,
          checkpoint: Interruption.checkpoint)
      }
    }
    let (norms, rotationNorms) = refinedNorms(
      a, original: original, rotations: rotations, rows: rows, columns: cols)
    // Sort descending (stable, so ties keep their order).
    let order = (0 ..< cols).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
    let sigma = order.map { Double(sign: .plus, exponent: exponent, significand: norms[$0]) }
    guard wantVectors else {
      return SingularValueDecomposition(
        u: Matrix(rows: m, columns: 0), singularValues: sigma, v: Matrix(rows: n, columns: 0))
    }
    // Left factor of A (rows×cols, column-major, normalised columns, sorted) and right (cols×cols).
    var left = [Double](repeating: 0, count: rows * cols)
    var right = [Double](repeating: 0, count: cols * cols)
    var zeroColumns: [Int] = []
    for (target, source) in order.enumerated() {
      let norm = a.withUnsafeBufferPointer { Vector.norm($0.baseAddress! + source * rows, count: rows) }
      if norms[source] > 0 && norm > 0 {
        for i in 0 ..< rows { left[target * rows + i] = a[source * rows + i] / norm }
      } else {
        zeroColumns.append(target)
      }
      let scale = rotationNorms[source]
      for i in 0 ..< cols { right[target * cols + i] = rotations[source * cols + i] / scale }
    }
    completeOrthonormalColumns(&left, rows: rows, filling: zeroColumns, among: cols)
    let leftMatrix = columnMajor(left, rows: rows, columns: cols)
    let rightMatrix = columnMajor(right, rows: cols, columns: cols)
    return transposed
      ? SingularValueDecomposition(u: rightMatrix, singularValues: sigma, v: leftMatrix)
      : SingularValueDecomposition(u: leftMatrix, singularValues: sigma, v: rightMatrix)
  }

  /// The singular values from the converged columns of A·V and the accumulated rotations V
  /// (both column-major), and the norms of V's columns.
  ///
  /// NOTE: every rotation has c² + s² = 1 only to rounding, so after thousands of them a column
  /// of A·V and the same column of V have both drifted in length by ~sqrt(rotations)·ε (50ε
  /// on 200×150), by the same factor: σⱼ = ‖aⱼ‖/‖vⱼ‖ cancels it. For the large σⱼ (within a
  /// factor 16 of σ₁) the column itself is replaced by the fresh product W·vⱼ, whose rounding
  /// error is that of one product, a few ε·σ₁ (a constant matrix, whose columns carry the same
  /// rounding in every entry, otherwise stays 15ε off); small σⱼ keep ‖aⱼ‖, which holds their
  /// relative accuracy where W·vⱼ would lose ε·σ₁/σⱼ. O(mn·min(m, n)) at most.
  static func refinedNorms(
    _ a: [Double], original: [Double], rotations: [Double], rows: Int, columns: Int
  ) -> (sigma: [Double], rotationNorms: [Double]) {
    var sigma = [Double](repeating: 0, count: columns)
    var lengths = [Double](repeating: 1, count: columns)
    var product = [Double](repeating: 0, count: rows)
    a.withUnsafeBufferPointer { ap in
      rotations.withUnsafeBufferPointer { vp in
        for j in 0 ..< columns {
          lengths[j] = Vector.norm(vp.baseAddress! + j * columns, count: columns)
          sigma[j] = Vector.norm(ap.baseAddress! + j * rows, count: rows) / lengths[j]
        }
        let largest = sigma.max() ?? 0
        original.withUnsafeBufferPointer { wp in
          product.withUnsafeMutableBufferPointer { y in
            for j in 0 ..< columns where largest > 0 && sigma[j] >= largest / 16 {
              for i in 0 ..< rows { y[i] = 0 }
              for c in 0 ..< columns {
                Kernels.axpy(vp[j * columns + c], wp.baseAddress! + c * rows, y.baseAddress!, count: rows)
              }
              sigma[j] = Vector.norm(y.baseAddress!, count: rows) / lengths[j]
            }
          }
        }
      }
    }
    return (sigma, lengths)
  }

  /// Rotates pairs of the `columns` columns (each `rows` long, stored one after another at `a`)
  /// until every pair is orthogonal to working precision; applies the same rotations to the
  /// columns×columns matrix at `v` when given. Returns whether a sweep found nothing to do
  /// (false only when `maxSweeps` ran out). Needs no heap memory (3·`columns` doubles of stack).
  /// `checkpoint` runs before each column of a sweep; what it throws stops the sweep.
  ///
  /// NOTE: a pair (p, q) counts as orthogonal when |aₚᵀa_q| ≤ sqrt(rows)·ε·‖aₚ‖‖a_q‖, the
  /// LAPACK dgesvj test; the rotation angle solves the 2×2 symmetric eigenproblem exactly
  /// (Rutishauser's formulas, the smaller root of t² + 2ζt − 1 = 0). The squared column norms
  /// are recomputed at the start of every sweep and updated within it by the exact identities
  /// ‖aₚ‖² ← ‖aₚ‖² − tγ, ‖a_q‖² ← ‖a_q‖² + tγ, so a pair costs one dot product, not three; the
  /// sweep that ends the iteration tests every pair whose columns changed since it was last
  /// tested (an unchanged pair has the same dot product, already found negligible). After a
  /// rotation of (p, q) the dot product aₚᵀa_{q+1} is accumulated in the same pass. Before
  /// pairing column p with the later ones, the largest remaining column is swapped into place
  /// (de Rijk pivoting), which cuts the number of sweeps by about a sixth on Gaussian matrices.
  @discardableResult
  static func orthogonalizeColumns(
    _ a: UnsafeMutablePointer<Double>, rows: Int, columns: Int,
    accumulating v: UnsafeMutablePointer<Double>?, checkpoint: () throws -> Void = {}
  ) throws -> Bool {
    let tolerance = Double(rows).squareRoot() * Double.ulpOfOne
    return try withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * columns) { scratch in
      // Squared norms, and whether each column changed in the previous and in this sweep (0/1).
      let norms = UnsafeMutableBufferPointer(rebasing: scratch[0 ..< columns])
      let changedBefore = UnsafeMutableBufferPointer(rebasing: scratch[columns ..< 2 * columns])
      let changedNow = UnsafeMutableBufferPointer(rebasing: scratch[2 * columns ..< 3 * columns])
      for j in 0 ..< columns {
        changedBefore[j] = 1
        changedNow[j] = 0
      }
      for _ in 0 ..< maxSweeps {
        for j in 0 ..< columns { norms[j] = Kernels.dot(a + j * rows, a + j * rows, count: rows) }
        var rotated = false
        for p in 0 ..< columns {
          try checkpoint()
          // de Rijk pivoting: bring the largest remaining column to position p.
          var largest = p
          for j in (p + 1) ..< columns where norms[j] > norms[largest] { largest = j }
          if largest != p {
            swap(a + p * rows, a + largest * rows, count: rows)
            if let v { swap(v + p * columns, v + largest * columns, count: columns) }
            norms.swapAt(p, largest)
            changedBefore.swapAt(p, largest)
            changedNow.swapAt(p, largest)
          }
          let ap = a + p * rows
          // aₚᵀa_q when the previous rotation already computed it (fused with that rotation).
          var pending: Double? = nil
          for q in (p + 1) ..< columns {
            let aq = a + q * rows
            let (alpha, beta) = (norms[p], norms[q])
            let known = pending
            pending = nil
            guard alpha > 0, beta > 0 else { continue }
            // Both columns unchanged since the previous sweep found them orthogonal: skip.
            guard changedBefore[p] + changedNow[p] + changedBefore[q] + changedNow[q] > 0 else {
              continue
            }
            let gamma = known ?? Kernels.dot(ap, aq, count: rows)
            guard isSignificant(gamma, alpha, beta, tolerance: tolerance) else { continue }
            rotated = true
            changedNow[p] = 1
            changedNow[q] = 1
            let (c, s, t) = rotationAngle(alpha: alpha, beta: beta, gamma: gamma)
            if q + 1 < columns {
              pending = rotate(ap, aq, count: rows, c: c, s: s, dotting: aq + rows)
            } else {
              rotate(ap, aq, count: rows, c: c, s: s)
            }
            if let v { rotate(v + p * columns, v + q * columns, count: columns, c: c, s: s) }
            norms[p] = Swift.max(alpha - t * gamma, 0)
            norms[q] = beta + t * gamma
          }
        }
        if !rotated { return true }
        for j in 0 ..< columns {
          changedBefore[j] = changedNow[j]
          changedNow[j] = 0
        }
      }
      return false
    }
  }

  /// Whether |γ| > tolerance·sqrt(αβ) (α, β > 0 squared norms, γ their columns' dot product).
  ///
  /// NOTE: compared as γ² > tolerance²·αβ (no square root on the critical path of a sweep)
  /// unless αβ is so small that the squares would lose precision to underflow.
  @inline(__always)
  static func isSignificant(
    _ gamma: Double, _ alpha: Double, _ beta: Double, tolerance: Double
  ) -> Bool {
    let product = alpha * beta
    guard product > 1e-250 else {
      return Swift.abs(gamma) > tolerance * alpha.squareRoot() * beta.squareRoot()
    }
    return gamma * gamma > tolerance * tolerance * product
  }

  /// The rotation (c, s, t = s/c) that makes two columns with squared norms α, β and dot
  /// product γ ≠ 0 orthogonal: t is the smaller root of t² + 2ζt − 1 = 0, ζ = (β − α)/(2γ).
  ///
  /// NOTE: with d = β − α, g = 2γ, r = sqrt(d² + g²) and w = |d| + r this is t = ±|g|/w,
  /// c = w/sqrt(2rw), s = ±|g|/sqrt(2rw): two square roots and one division in a chain instead
  /// of three divisions and two roots (this chain is a quarter of a sweep on 256×256). Outside
  /// 1e±140, where d² or g² could overflow or underflow, Rutishauser's form through ζ is used.
  @inline(__always)
  static func rotationAngle(
    alpha: Double, beta: Double, gamma: Double
  ) -> (c: Double, s: Double, t: Double) {
    let d = beta - alpha
    let g = 2 * gamma
    let sign: Double = d == 0 || (d > 0) == (g > 0) ? 1 : -1
    let big = Swift.max(Swift.abs(d), Swift.abs(g))
    if big > 1e-140, big < 1e140 {
      let r = (d * d + g * g).squareRoot()
      let w = Swift.abs(d) + r
      let inverse = 1 / (2 * r * w).squareRoot()
      let magnitude = Swift.abs(g)
      return (w * inverse, sign * magnitude * inverse, sign * magnitude / w)
    }
    let zeta = d / g
    // NOTE: for huge ζ, sqrt(1 + ζ²) ≈ |ζ| and t ≈ 1/(2ζ); avoids overflow of ζ².
    let t = Swift.abs(zeta) > 1e100
      ? 1 / (2 * zeta)
      : sign / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
    let c = 1 / (1 + t * t).squareRoot()
    return (c, c * t, t)
  }

  /// Exchanges two contiguous columns.
  @inline(__always)
  static func swap(
    _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
  ) {
    for i in 0 ..< count { (x[i], y[i]) = (y[i], x[i]) }
  }

  /// x ← c·x − s·y, y ← s·x + c·y (a plane rotation of two contiguous columns).
  @inline(__always)
  static func rotate(
    _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int,
    c: Double, s: Double
  ) {
    for i in 0 ..< count {
      let (xi, yi) = (x[i], y[i])
      x[i] = Relaxed.multiplyAdd(c, xi, Relaxed.product(-s, yi))
      y[i] = Relaxed.multiplyAdd(s, xi, Relaxed.product(c, yi))
    }
  }

  /// `rotate(x, y, …)` and then returns xᵀz of the rotated x, in one pass (z must not overlap
  /// x or y): the next pair's dot product rides along with this pair's rotation.
  @inline(__always)
  static func rotate(
    _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int,
    c: Double, s: Double, dotting z: UnsafePointer<Double>
  ) -> Double {
    var sum = 0.0
    for i in 0 ..< count {
      let (xi, yi) = (x[i], y[i])
      let xNew = Relaxed.multiplyAdd(c, xi, Relaxed.product(-s, yi))
      x[i] = xNew
      y[i] = Relaxed.multiplyAdd(s, xi, Relaxed.product(c, yi))
      sum = Relaxed.multiplyAdd(xNew, z[i], sum)
    }
    return sum
  }

  /// Fills the listed (zero) columns of a rows×columns column-major matrix whose other columns
  /// are orthonormal with unit vectors orthogonal to all others: the first standard basis
  /// vector whose projection off the current columns keeps more than half its length (else the
  /// one that keeps most), orthogonalised twice (Gram–Schmidt).
  static func completeOrthonormalColumns(
    _ q: inout [Double], rows: Int, filling targets: [Int], among columns: Int
  ) {
    guard !targets.isEmpty else { return }
    var filled = Set(0 ..< columns).subtracting(targets)
    var candidate = [Double](repeating: 0, count: rows)
    for target in targets {
      var best: [Double] = []
      var bestNorm = -1.0
      for e in 0 ..< rows {
        for i in 0 ..< rows { candidate[i] = i == e ? 1 : 0 }
        for _ in 0 ..< 2 {
          for j in filled.sorted() {
            var d = 0.0
            for i in 0 ..< rows { d += q[j * rows + i] * candidate[i] }
            for i in 0 ..< rows { candidate[i] -= d * q[j * rows + i] }
          }
        }
        let norm = Vector.norm(candidate)
        if norm > bestNorm {
          bestNorm = norm
          best = candidate.map { $0 / norm }
        }
        if norm > 0.5 { break }
      }
      for i in 0 ..< rows { q[target * rows + i] = best[i] }
      filled.insert(target)
    }
  }

  /// The rows×columns matrix stored column by column in `data`.
  static func columnMajor(_ data: [Double], rows: Int, columns: Int) -> Matrix {
    var result = Matrix(rows: rows, columns: columns)
    for j in 0 ..< columns {
      for i in 0 ..< rows { result[i, j] = data[j * rows + i] }
    }
    return result
  }
}
