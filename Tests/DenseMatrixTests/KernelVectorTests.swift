// The vector kernels (dot, sum, norm, axpy, scale) against scalar loops, at lengths around the
// SIMD width and the unrolled block.

import DenseMatrix
import Testing

/// Lengths around 8 (one vector) and 32 (one unrolled block), plus a few larger odd ones.
let vectorLengths = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257, 1000]

@Test(arguments: vectorLengths)
func dotMatchesReference(count: Int) {
  var rng = KernelTestRandom(state: UInt64(count) + 1)
  let x = rng.array(count), y = rng.array(count)
  let ref = Reference.dot(x, y)
  let fast = Kernels.dot(x, y, count: count)
  #expect(abs(fast - ref.value) <= 1e-14 * (ref.magnitude + 1e-300))
}

@Test(arguments: vectorLengths)
func sumMatchesReference(count: Int) {
  var rng = KernelTestRandom(state: UInt64(count) + 7)
  let x = rng.array(count)
  let ref = x.reduce(0, +), magnitude = x.reduce(0) { $0 + abs($1) }
  #expect(abs(Kernels.sum(x, count: count) - ref) <= 1e-14 * (magnitude + 1e-300))
}

@Test(arguments: vectorLengths)
func axpyAndScaleMatchReference(count: Int) {
  var rng = KernelTestRandom(state: UInt64(count) + 11)
  let x = rng.array(count)
  var y = rng.array(count)
  let expected = zip(x, y).map { 0.75 * $0 + $1 }
  Kernels.axpy(0.75, x, &y, count: count)
  #expect(y == expected)
  Kernels.scale(-3, &y, count: count)
  #expect(y == expected.map { -3 * $0 })
}

@Test(arguments: vectorLengths)
func normMatchesReference(count: Int) {
  var rng = KernelTestRandom(state: UInt64(count) + 13)
  let x = rng.array(count)
  let ref = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
  #expect(abs(Kernels.norm(x, count: count) - ref) <= 1e-14 * ref)
}

@Test func normAvoidsOverflowAndUnderflow() {
  #expect(abs(Kernels.norm([3e200, 4e200], count: 2) / 5e200 - 1) < 1e-15)
  #expect(abs(Kernels.norm([3e-200, 4e-200], count: 2) / 5e-200 - 1) < 1e-15)
  #expect(Kernels.norm([0, 0, 0], count: 3) == 0)
  #expect(Kernels.norm([1, .infinity], count: 2) == .infinity)
  #expect(Kernels.norm([1, .nan], count: 2).isNaN)
}
