// Shared helpers for the DenseMatrix tests: seeded matrices, shapes and independent reference
// computations (plain loops that do not go through the kernels).

import DenseMatrix

/// Shapes exercised by the property tests: square, tall, wide, a row and a column.
let propertyShapes: [(Int, Int)] = [(1, 1), (5, 5), (12, 7), (7, 12), (1, 9), (9, 1), (30, 30)]

/// Seeds exercised by the property tests.
let propertySeeds: [UInt64] = [0, 1, 42]

/// A seeded Gaussian matrix.
func gaussian(_ m: Int, _ n: Int, seed: UInt64) throws -> Matrix {
  var rng = RandomSource(seed: seed)
  return try Matrix.randn(m, n, using: &rng)
}

/// The plain triple-loop product, independent of the kernels.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
  var c = Matrix(rows: a.rows, columns: b.columns)
  for i in 0 ..< a.rows {
    for j in 0 ..< b.columns {
      var s = 0.0
      for p in 0 ..< a.columns { s += a[i, p] * b[p, j] }
      c[i, j] = s
    }
  }
  return c
}

/// Max |aᵢⱼ − bᵢⱼ| (the shapes must agree).
func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
  zip(a.elements, b.elements).map { abs($0 - $1) }.max() ?? 0
}

/// Max |QᵀQ − I| over the columns of Q, by plain loops.
func orthogonalityDefect(_ q: Matrix) -> Double {
  var worst = 0.0
  for i in 0 ..< q.columns {
    for j in 0 ..< q.columns {
      var s = 0.0
      for r in 0 ..< q.rows { s += q[r, i] * q[r, j] }
      worst = max(worst, abs(s - (i == j ? 1 : 0)))
    }
  }
  return worst
}

/// Relative difference |a − b| / |b|.
func relativeError(_ a: Double, _ b: Double) -> Double {
  abs(a - b) / abs(b)
}

/// Frobenius norm by a plain loop.
func plainFrobenius(_ a: Matrix) -> Double {
  a.elements.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
