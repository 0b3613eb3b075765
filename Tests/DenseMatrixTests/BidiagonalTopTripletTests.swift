// The O(k) top singular triplet of a bidiagonal matrix (Lanczos's Ritz step) against the exact
// Jacobi SVD of the same matrix, on random, graded, split and tiny cases.

import Testing
@testable import DenseMatrix

@Suite struct BidiagonalTopTripletTests {
  /// σ₁, x, y of the bidiagonal matrix, and the dense matrix itself.
  func top(_ alpha: [Double], _ beta: [Double]) -> (Double, [Double], [Double], Matrix) {
    let k = alpha.count
    let solver = BidiagonalTopTriplet(capacity: k + 3)
    defer { solver.deallocate() }
    var x = [Double](repeating: .nan, count: k)
    var y = [Double](repeating: .nan, count: k)
    let sigma = x.withUnsafeMutableBufferPointer { xp in
      y.withUnsafeMutableBufferPointer { yp in
        solver.solve(alpha: alpha, beta: beta + [7], count: k, x: xp.baseAddress!, y: yp.baseAddress!)
      }
    }
    var b = Matrix(rows: k, columns: k)
    for i in 0 ..< k {
      b[i, i] = alpha[i]
      if i + 1 < k { b[i, i + 1] = beta[i] }
    }
    return (sigma, x, y, b)
  }

  static let cases: [([Double], [Double])] = {
    var rng = RandomSource(seed: 31)
    var random: [([Double], [Double])] = []
    for k in [1, 2, 3, 10, 60] {
      random.append(((0 ..< k).map { _ in rng.normal() }, (0 ..< k - 1).map { _ in rng.normal() }))
    }
    return random + [
      ([3, 1e-3, 1e-9, 1e-15], [1e-2, 1e-6, 1e-12]),  // graded
      ([1, 1, 1, 1], [0, 0, 0]),  // repeated σ₁, split
      ([2, 0, 5], [1, 0]),  // zero diagonal entries
      ([1e-300, 2e-300], [3e-300]),  // tiny scale
      ([1e300, -2e300], [3e300]),  // huge scale
      ([0.5, 0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]),  // Toeplitz
    ]
  }()

  @Test(arguments: cases)
  func matchesTheExactSVD(alpha: [Double], beta: [Double]) throws {
    let (sigma, x, y, b) = top(alpha, beta)
    let exact = try b.svd().singularValues[0]
    #expect(relativeError(sigma, exact) < 1e-14)
    #expect(abs(Vector.norm(x) - 1) < 1e-14 && abs(Vector.norm(y) - 1) < 1e-14)
    let by = try b.times(y), btx = try b.transposeTimes(x)
    #expect(Vector.norm(zip(by, x).map { $0 / sigma - $1 }) <= 1e-13)
    #expect(Vector.norm(zip(btx, y).map { $0 / sigma - $1 }) <= 1e-13)
  }

  @Test func zeroMatrix() {
    let (sigma, x, y, _) = top([0, 0, 0], [0, 0])
    #expect(sigma == 0 && x == [1, 0, 0] && y == [1, 0, 0])
  }
}
