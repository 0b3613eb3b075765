// The generator's outputs are pinned against an independent implementation of the published
// SplitMix64 / xoshiro256** algorithms, and the distributions of uniform() and normal() are
// checked statistically.

import Testing
import DenseMatrix

@Suite struct RandomSourceTests {
  // Reference values computed outside the repository from Vigna's published algorithms.
  @Test(arguments: [
    (UInt64(0), [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c] as [UInt64]),
    (UInt64(1), [0xb3f2_af6d_0fc7_10c5, 0x853b_5596_4736_4cea, 0x92f8_9756_082a_4514, 0x642e_1c7b_c266_a3a7]),
  ])
  func firstOutputsMatchPublishedAlgorithm(seed: UInt64, expected: [UInt64]) {
    var rng = RandomSource(seed: seed)
    #expect((0 ..< 4).map { _ in rng.next() } == expected)
  }

  @Test func uniformUsesTop53Bits() {
    var rng = RandomSource(seed: 0)
    #expect(rng.uniform() == 0.6012629994179048)
    #expect(rng.uniform() == 0.7477740925472398)
    var rng1 = RandomSource(seed: 1)
    #expect(rng1.uniform() == 0.7029218331588505)
  }

  // The reference uses the platform's log; ours is portable, so allow a few ulps.
  @Test(arguments: [
    (UInt64(0), [0.5981026483626094, 1.4634599192204392, -0.8950525532379914, -0.1880627660388742]),
    (UInt64(1), [1.884396104787977, 0.18978089448693036, 1.302090250702661, -1.9094343319583578]),
  ])
  func normalFollowsPolarMethod(seed: UInt64, expected: [Double]) {
    var rng = RandomSource(seed: seed)
    for e in expected {
      let x = rng.normal()
      #expect(abs(x - e) <= 1e-15 * abs(e))
    }
  }

  @Test func sameSeedSameStream() {
    var a = RandomSource(seed: 7)
    var b = RandomSource(seed: 7)
    #expect((0 ..< 100).map { _ in a.normal() } == (0 ..< 100).map { _ in b.normal() })
  }

  @Test(arguments: [UInt64(3), 99])
  func uniformMomentsWithinStandardErrors(seed: UInt64) {
    var rng = RandomSource(seed: seed)
    let n = 100_000
    let xs = (0 ..< n).map { _ in rng.uniform() }
    #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
    // Standard errors: sqrt(1/12/n) for the mean, sqrt(1/180/n) for the variance.
    #expect(abs(mean - 0.5) < 4 * (1.0 / 12 / Double(n)).squareRoot())
    #expect(abs(variance - 1.0 / 12) < 4 * (1.0 / 180 / Double(n)).squareRoot())
  }

  @Test(arguments: [UInt64(5), 2024])
  func normalMomentsWithinStandardErrors(seed: UInt64) {
    var rng = RandomSource(seed: seed)
    let n = 100_000
    let xs = (0 ..< n).map { _ in rng.normal() }
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
    let third = xs.map { ($0 - mean) * ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
    let inside = Double(xs.filter { abs($0) < 1 }.count) / Double(n)
    // Standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance, sqrt(15/n) for the
    // third moment; P(|X| < 1) = 0.682689492137086 with its binomial error.
    #expect(abs(mean) < 4 / Double(n).squareRoot())
    #expect(abs(variance - 1) < 4 * (2 / Double(n)).squareRoot())
    #expect(abs(third) < 4 * (15 / Double(n)).squareRoot())
    let p = 0.682689492137086
    #expect(abs(inside - p) < 4 * (p * (1 - p) / Double(n)).squareRoot())
  }
}
