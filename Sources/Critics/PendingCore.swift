// Stand-ins for two pieces of the DenseMatrix contract that have not landed on main yet:
// `RandomSource` (xoshiro256** seeded through SplitMix64) and the exact spectral norm.
//
// They are internal and are deleted as soon as DenseMatrix provides them; a declaration in this
// module shadows the imported one, so nothing else changes when that happens.

import DenseMatrix
import RealModule

/// xoshiro256** seeded through SplitMix64 (DenseMatrix's documented generator).
struct RandomSource: RandomNumberGenerator, Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  init(seed: UInt64) {
    var x = seed
    func splitMix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s = (splitMix(&x), splitMix(&x), splitMix(&x), splitMix(&x))
  }

  mutating func next() -> UInt64 {
    let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = s.3 << 45 | s.3 >> 19
    return result
  }

  /// Uniform on [0, 1) from the top 53 bits.
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Standard normal by Box–Muller (one draw per call; the sine partner is discarded).
  mutating func normal() -> Double {
    let u1 = 1 - uniform()  // (0, 1]
    let u2 = uniform()
    return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
  }
}

extension Matrix {
  /// σ₁ by power iteration on WᵀW run to convergence (stand-in for `spectralNorm()`).
  func pendingSpectralNorm() -> Double {
    let n = columns
    guard rows > 0, n > 0 else { return 0 }
    var gram = [Double](repeating: 0, count: n * n)
    for i in 0 ..< rows {
      for p in 0 ..< n {
        let wp = self[i, p]
        for q in 0 ..< n { gram[p * n + q] += wp * self[i, q] }
      }
    }
    var v = [Double](repeating: 1, count: n)
    for j in 0 ..< n { v[j] += 0.001 * Double(j % 7) }
    var lambda = 0.0
    var next = v
    for _ in 0 ..< 3000 {
      for p in 0 ..< n {
        var s = 0.0
        for q in 0 ..< n { s += gram[p * n + q] * v[q] }
        next[p] = s
      }
      let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if norm == 0 { return 0 }
      let change = abs(norm - lambda)
      lambda = norm
      for p in 0 ..< n { v[p] = next[p] / norm }
      if change <= 1e-14 * lambda { break }
    }
    return lambda.squareRoot()
  }
}
