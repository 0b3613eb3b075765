// Straightforward reference implementations of every kernel and the seeded inputs the kernel
// tests use. The references are plain scalar loops in the textbook order; the fast kernels must
// agree with them to rounding (a bound proportional to Σ|terms|·ε), and with themselves bit
// for bit across thread counts.

import DenseMatrix

/// A seeded source of test entries (SplitMix64 mapped to [−1, 1)).
struct KernelTestRandom {
  var state: UInt64

  mutating func next() -> Double {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) * 0x1p-52 - 1
  }

  mutating func array(_ count: Int) -> [Double] { (0 ..< count).map { _ in next() } }
}

/// Reference kernels: scalar loops, one term at a time.
enum Reference {
  static func dot(_ x: [Double], _ y: [Double]) -> (value: Double, magnitude: Double) {
    var s = 0.0, a = 0.0
    for i in x.indices {
      s += x[i] * y[i]
      a += abs(x[i] * y[i])
    }
    return (s, a)
  }

  /// W x with the magnitudes Σⱼ|W[i,j] x[j]| per row.
  static func gemv(_ w: [Double], _ m: Int, _ n: Int, _ x: [Double]) -> ([Double], [Double]) {
    var y = [Double](repeating: 0, count: m), a = y
    for i in 0 ..< m {
      for j in 0 ..< n {
        y[i] += w[i * n + j] * x[j]
        a[i] += abs(w[i * n + j] * x[j])
      }
    }
    return (y, a)
  }

  /// Wᵀ x with magnitudes.
  static func gemvT(_ w: [Double], _ m: Int, _ n: Int, _ x: [Double]) -> ([Double], [Double]) {
    var y = [Double](repeating: 0, count: n), a = y
    for i in 0 ..< m {
      for j in 0 ..< n {
        y[j] += w[i * n + j] * x[i]
        a[j] += abs(w[i * n + j] * x[i])
      }
    }
    return (y, a)
  }

  /// Element (i, j) of op(A) for a stored row-major A with row stride ld.
  static func op(_ a: [Double], _ trans: Bool, _ ld: Int, _ i: Int, _ j: Int) -> Double {
    trans ? a[j * ld + i] : a[i * ld + j]
  }
}

/// Whether every |x[i] − y[i]| ≤ tol·(scale[i] + 1e-300).
func agree(_ x: [Double], _ y: [Double], scale: [Double], tol: Double = 1e-13) -> Bool {
  x.count == y.count && x.indices.allSatisfy { abs(x[$0] - y[$0]) <= tol * (scale[$0] + 1e-300) }
}

/// Whether two arrays are equal bit for bit.
func identical(_ x: [Double], _ y: [Double]) -> Bool {
  x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
}
