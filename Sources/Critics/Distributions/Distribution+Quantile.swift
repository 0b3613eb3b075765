// Quantile functions F⁻¹ of the 1-D distributions, and the midpoint quantiles F⁻¹((i + ½)/N) that
// couple two distributions for the critic's estimate (MATH.md §7): closed forms for uniforms and
// samples, Φ⁻¹ for normals, a safeguarded Newton solve of the mixture CDF for mixtures.

import RealModule

extension Distribution {
  /// The quantile F⁻¹(u) = inf{x : F(x) ≥ u} for 0 ≤ u ≤ 1.
  ///
  /// Exact for a uniform (a + (b − a)u) and for samples (the ⌈un⌉-th smallest); μ + σΦ⁻¹(u) for a
  /// normal, with F(F⁻¹(u)) = u to about 1e-15 relative in either tail (u ≤ ½ is solved as a lower
  /// tail, u > ½ as the upper tail 1 − u, which is exact in floating point there); for a mixture
  /// the root of its CDF to about 1e-15 of the narrowest component's scale. u = 0 and u = 1 give
  /// the ends of the support (±∞ for a normal). NaN for u outside [0, 1] or invalid parameters.
  /// Cost: O(1) (a normal: a logarithm and three or four erfc), about ten CDF evaluations of a
  /// mixture, O(n log n) for samples (sorting; see `midpointQuantiles(count:)` for many u).
  public func quantile(_ u: Double) -> Double {
    guard u >= 0, u <= 1, (try? validate()) != nil else { return .nan }
    return u <= 0.5 ? quantile(tail: u, upper: false) : quantile(tail: 1 - u, upper: true)
  }

  /// The quantile from a tail probability p: inf{x : P(X ≤ x) ≥ p} for the lower tail, and
  /// inf{x : P(X > x) ≤ p} (the quantile at 1 − p) for the upper one, so that an upper-tail
  /// probability is never rounded through 1 − p. The parameters must be valid.
  func quantile(tail p: Double, upper: Bool) -> Double {
    switch self {
    case .normal(let m, let s):
      let z = StandardNormal.quantile(tail: p)
      return upper ? m - s * z : m + s * z
    case .uniform(let a, let b):
      let x = upper ? b - (b - a) * p : a + (b - a) * p
      return Swift.min(Swift.max(x, a), b)
    case .empirical(let xs):
      return Self.sampleQuantile(xs.sorted(), tail: p, upper: upper)
    case .mixture:
      return MixtureQuantile(self).quantile(tail: p, upper: upper)
    }
  }

  /// The N midpoint quantiles F⁻¹((i + ½)/N), i = 0 ..< N, in increasing order: the nodes of the
  /// midpoint rule for ∫₀¹ g(F⁻¹(u)) du = E g(X). The upper half is computed from the upper
  /// tails (N − i − ½)/N, by mirroring the index, so no 1 − u is rounded. The parameters must be
  /// valid. Cost: N/2 normal quantiles (the other half by symmetry), O(N) for a uniform,
  /// O(n log n + N) for samples, about 4N mixture CDF and density evaluations for a mixture.
  func midpointQuantiles(count n: Int) -> [Double] {
    guard n > 0 else { return [] }
    switch self {
    case .normal(let m, let s):
      return StandardNormal.midpoints(count: n).map { m + s * $0 }
    case .mixture:
      return MixtureQuantile(self).midpoints(count: n)
    case .empirical(let xs):
      let sorted = xs.sorted()
      return (0 ..< n).map { i in
        let (p, upper) = Self.midpointTail(i, of: n)
        return Self.sampleQuantile(sorted, tail: p, upper: upper)
      }
    case .uniform:
      return (0 ..< n).map { i in
        let (p, upper) = Self.midpointTail(i, of: n)
        return quantile(tail: p, upper: upper)
      }
    }
  }

  /// The tail probability of the i-th of n midpoints u = (i + ½)/n: (2i + 1)/2n as a lower tail
  /// while u ≤ ½, else (2(n − i) − 1)/2n as an upper tail (each one correctly rounded division).
  static func midpointTail(_ i: Int, of n: Int) -> (p: Double, upper: Bool) {
    2 * i + 1 <= n
      ? (Double(2 * i + 1) / Double(2 * n), false)
      : (Double(2 * (n - i) - 1) / Double(2 * n), true)
  }

  /// inf{x : F(x) ≥ p} (or the upper-tail form) for the empirical CDF of `sorted` samples: the
  /// k-th smallest with k = ⌈pn⌉, or k = n − ⌊pn⌋ from an upper tail p, clamped to 1 … n.
  static func sampleQuantile(_ sorted: [Double], tail p: Double, upper: Bool) -> Double {
    let n = Double(sorted.count)
    let k = upper ? n - (p * n).rounded(.down) : (p * n).rounded(.up)
    return sorted[Int(Swift.min(Swift.max(k, 1), n)) - 1]
  }

  /// P(X ≤ x) for the lower tail or P(X > x) for the upper one, each accurate relative to itself
  /// (the normal's through erfc). The parameters must be valid. O(1), O(n) for samples.
  func tailProbability(_ x: Double, upper: Bool) -> Double {
    switch self {
    case .normal(let m, let s):
      let t = (x - m) / (s * 2.0.squareRoot())
      return 0.5 * .erfc(upper ? t : -t)
    case .uniform(let a, let b):
      let f = upper ? (b - x) / (b - a) : (x - a) / (b - a)
      return Swift.min(Swift.max(f, 0), 1)
    case .mixture(let parts, let w):
      return zip(parts, w).reduce(0) { $0 + $1.1 * $1.0.tailProbability(x, upper: upper) }
        / w.reduce(0, +)
    case .empirical(let xs):
      return Double(xs.lazy.filter { upper ? $0 > x : $0 <= x }.count) / Double(xs.count)
    }
  }
}

extension StandardNormal {
  /// Φ⁻¹((i + ½)/n) for i = 0 ..< n, increasing: the lower half solved, the upper half its mirror
  /// image (z_{n−1−i} = −z_i exactly, and 0 in the middle for odd n). O(n) quantiles.
  static func midpoints(count n: Int) -> [Double] {
    guard n > 0 else { return [] }
    var z = [Double](repeating: 0, count: n)
    for i in 0 ..< n / 2 {
      z[i] = quantile(tail: Double(2 * i + 1) / Double(2 * n))
      z[n - 1 - i] = -z[i]
    }
    return z
  }
}
