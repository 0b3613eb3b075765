// The wavefront application of rotation chains against one rotation at a time: bit-identical on
// random logs of rising and falling chains of every length, overlapping or not, in groups that
// do and do not fill the wavefront.

import Foundation
import Testing

@testable import DenseMatrix

@Suite struct KernelRotationTests {
  /// A random log of `chains` chains over rows 0..<rows and the chains themselves.
  func randomLog(rows: Int, chains: Int, seed: UInt64) -> ([(Int32, Double, Double)], [RotationChain]) {
    var rng = KernelTestRandom(state: seed)
    var log: [(Int32, Double, Double)] = []
    var list: [RotationChain] = []
    for _ in 0 ..< chains {
      let descending = rng.next() > 0.2  // runs of the same direction, and changes
      let count = 1 + Int((rng.next() + 1) / 2 * Double(rows - 2))
      let lowest = Int((rng.next() + 1) / 2 * Double(rows - 1 - count))
      list.append(RotationChain(first: log.count, count: count, descending: descending))
      for i in 0 ..< count {
        let angle = rng.next() * 3
        let row = descending ? lowest + count - 1 - i : lowest + i
        log.append((Int32(row), cos(angle), sin(angle)))
      }
    }
    return (log, list)
  }

  @Test(arguments: [(3, 1), (5, 4), (9, 7), (40, 13), (64, 30)])
  func wavefrontIsBitIdenticalToOneRotationAtATime(rows: Int, chains: Int) {
    for seed: UInt64 in 1 ... 6 {
      let (log, list) = randomLog(rows: rows, chains: chains, seed: seed &* 977 &+ UInt64(rows))
      var rng = KernelTestRandom(state: seed)
      let ld = 16 + 3
      let start = rng.array(rows * ld)
      var expected = start
      expected.withUnsafeMutableBufferPointer { p in
        for (row, c, s) in log {
          let x = p.baseAddress! + Int(row) * ld
          Kernels.rotateRows(x, x + ld, count: 16, c: c, s: s)
        }
      }
      var got = start
      got.withUnsafeMutableBufferPointer { p in
        log.withUnsafeBufferPointer { Kernels.rotateChains(p.baseAddress!, ld: ld, $0, list) }
      }
      #expect(got == expected, "rows \(rows), chains \(chains), seed \(seed)")
    }
  }
}
