// The seeded random number generator behind every random matrix and start vector in liplab.
//
// The algorithm is fixed and written out here so that a seed gives the same numbers, bit for bit,
// on every machine and every Swift version (the standard library's generator is neither seedable
// nor specified):
//
// * Seeding — SplitMix64 (Steele, Lea & Flood 2014, as published by Vigna): starting from
//   `x = seed`, each call does `x &+= 0x9E3779B97F4A7C15; z = x;
//   z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB;
//   return z ^ (z >> 31)`. Four calls give the state words s0, s1, s2, s3 (never all zero).
// * Generation — xoshiro256** 1.0 (Blackman & Vigna 2018): `result = rotl(s1 &* 5, 7) &* 9`,
//   then `t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)`.
// * `uniform()` — the top 53 bits: `Double(next() >> 11) · 2⁻⁵³`, in [0, 1).
// * `normal()` — Marsaglia's polar method: draw `x = 2·uniform() − 1`, `y = 2·uniform() − 1`
//   until `0 < s = x² + y² < 1`, then return `x·f` and keep `y·f` for the next call, with
//   `f = sqrt(−2 ln(s) / s)`. The logarithm is computed here from IEEE-754 basic operations only
//   (see `portableLog`), never from the platform's libm, so normals are reproducible too.

/// A platform-independent, seedable generator: xoshiro256** seeded through SplitMix64.
///
/// A value type: copying it forks the stream. Use it as a `RandomNumberGenerator` too.
public struct RandomSource: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64
  /// The second value of the last polar-method pair, returned by the next `normal()`.
  private var spareNormal: Double?

  /// A generator whose state is four SplitMix64 outputs started at `seed`.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
    spareNormal = nil
  }

  /// The next 64 random bits (xoshiro256**). O(1).
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// A uniform draw from [0, 1): the top 53 bits of `next()` times 2⁻⁵³. O(1).
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A standard normal draw (mean 0, variance 1) by Marsaglia's polar method.
  ///
  /// Draws come in pairs: every second call returns the cached partner. On average 1.27 pairs
  /// of uniforms per pair of normals. Reproducible bit for bit across platforms.
  public mutating func normal() -> Double {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    while true {
      let x = 2 * uniform() - 1
      let y = 2 * uniform() - 1
      let s = x * x + y * y
      if s > 0 && s < 1 {
        let f = (-2 * RandomSource.portableLog(s) / s).squareRoot()
        spareNormal = y * f
        return x * f
      }
    }
  }

  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// ln(x) for finite x > 0 from basic IEEE-754 operations only (exact on every platform that
  /// rounds + − × ÷ correctly). Error below 2 ulp.
  ///
  /// NOTE: x = m·2ᵉ with m in [√½, √2) (exact), then ln m = 2 atanh(t), t = (m − 1)/(m + 1),
  /// |t| ≤ 0.172, summed as 2t·Σ t²ʲ/(2j + 1) for j < 13 (truncation < 1e-19), and e·ln 2 added
  /// with ln 2 split in a high part exact in 32 bits and a low part (the fdlibm constants).
  static func portableLog(_ x: Double) -> Double {
    var e = Double(x.exponent)
    var m = x.significand  // in [1, 2)
    if m > 1.4142135623730951 {
      m = m / 2
      e += 1
    }
    let f = m - 1
    let t = f / (2 + f)
    let t2 = t * t
    var p = 1.0 / 25
    var k = 23.0
    while k >= 1 {
      p = p * t2 + 1 / k
      k -= 2
    }
    let ln2High = 6.93147180369123816490e-01
    let ln2Low = 1.90821492927058770002e-10
    return e * ln2High + (2 * t * p + e * ln2Low)
  }
}
