// gemv, gemvTransposed and the fused gramTimes against scalar references on odd shapes and shapes
// around the 4-row and 8/16-column blocks, and bit-identical for one and two threads on shapes
// large enough to be split.

import DenseMatrix
import Testing

/// A matrix shape for parameterised tests.
struct KernelShape: CustomStringConvertible, Sendable {
  var m: Int, n: Int
  init(_ m: Int, _ n: Int) { self.m = m; self.n = n }
  var description: String { "\(m)×\(n)" }
}

/// Shapes around the row block (4), the SIMD width (8) and the unrolled width (16).
let smallShapes: [KernelShape] = [
  .init(0, 0), .init(0, 5), .init(5, 0), .init(1, 1), .init(1, 8), .init(3, 7), .init(4, 4),
  .init(5, 9), .init(7, 15), .init(8, 16), .init(9, 17), .init(13, 33), .init(16, 1),
  .init(33, 3), .init(64, 65), .init(13, 4097),
]

/// Shapes at or above the parallel threshold (2¹⁸ entries), including ragged ones (row counts
/// that leave gramTimes' four-row pipeline a remainder, widths whose prefetches run past W).
let largeShapes: [KernelShape] = [
  .init(512, 512), .init(1023, 257), .init(257, 1031), .init(2000, 300), .init(157, 4099),
]

@Test(arguments: smallShapes + largeShapes)
func gemvMatchesReference(shape: KernelShape) {
  let (m, n) = (shape.m, shape.n)
  var rng = KernelTestRandom(state: UInt64(m * 1000 + n))
  let w = rng.array(m * n), x = rng.array(n)
  let (ref, mag) = Reference.gemv(w, m, n, x)
  var y = [Double](repeating: .nan, count: m)
  Kernels.gemv(w, rows: m, columns: n, x, into: &y)
  #expect(agree(y, ref, scale: mag))
}

@Test(arguments: smallShapes + largeShapes)
func gemvTransposedMatchesReference(shape: KernelShape) {
  let (m, n) = (shape.m, shape.n)
  var rng = KernelTestRandom(state: UInt64(m * 1000 + n + 1))
  let w = rng.array(m * n), x = rng.array(m)
  let (ref, mag) = Reference.gemvT(w, m, n, x)
  var y = [Double](repeating: .nan, count: n)
  Kernels.gemvTransposed(w, rows: m, columns: n, x, into: &y)
  #expect(agree(y, ref, scale: mag))
}

@Test(arguments: smallShapes + largeShapes)
func gramTimesMatchesTwoProducts(shape: KernelShape) {
  let (m, n) = (shape.m, shape.n)
  var rng = KernelTestRandom(state: UInt64(m * 1000 + n + 2))
  let w = rng.array(m * n), x = rng.array(n)
  let (u, uMag) = Reference.gemv(w, m, n, x)
  let (ref, _) = Reference.gemvT(w, m, n, u)
  // Each uᵢ carries an error of about ε·uMagᵢ, so the bound on entry j is Σᵢ |wᵢⱼ|(|uᵢ| + uMagᵢ).
  let (scale, _) = Reference.gemvT(w.map(abs), m, n, zip(u, uMag).map { abs($0) + $1 })
  var y = [Double](repeating: .nan, count: n)
  Kernels.gramTimes(w, rows: m, columns: n, x, into: &y)
  #expect(agree(y, ref, scale: scale))
}

/// Below the parallel threshold (one block) the pipelined, prefetched, backwards-walking loop
/// gives exactly the bits of adding the rows one by one in order: yⱼ ← yⱼ + uᵢ·wᵢⱼ, u = W x by
/// `gemv`, each a separate multiply and add.
@Test(arguments: smallShapes + [KernelShape(61, 1030), KernelShape(100, 1024)])
func gramTimesAddsTheRowsInOrder(shape: KernelShape) {
  let (m, n) = (shape.m, shape.n)
  #expect(Kernels.gramBlockCount(rows: m, columns: n) == 1)
  var rng = KernelTestRandom(state: UInt64(m * 1000 + n + 5))
  let w = rng.array(m * n), x = rng.array(n)
  var u = [Double](repeating: .nan, count: m)
  Kernels.gemv(w, rows: m, columns: n, x, into: &u)
  var ref = [Double](repeating: 0, count: n)
  for i in 0 ..< m {
    for j in 0 ..< n {
      let product = u[i] * w[i * n + j]
      ref[j] = ref[j] + product
    }
  }
  var y = [Double](repeating: .nan, count: n)
  Kernels.gramTimes(w, rows: m, columns: n, x, into: &y)
  #expect(identical(y, ref))
}

@Test(arguments: smallShapes + largeShapes)
func gramTimesRowProductsAreGemv(shape: KernelShape) {
  let (m, n) = (shape.m, shape.n)
  var rng = KernelTestRandom(state: UInt64(m * 1000 + n + 4))
  let w = rng.array(m * n), x = rng.array(n)
  var u = [Double](repeating: .nan, count: m), ref = u
  var y = [Double](repeating: .nan, count: n), yAlone = y
  Kernels.gemv(w, rows: m, columns: n, x, into: &ref)
  Kernels.gramTimes(w, rows: m, columns: n, x, into: &y, rowProducts: &u, threads: 2)
  Kernels.gramTimes(w, rows: m, columns: n, x, into: &yAlone)
  #expect(identical(u, ref))
  #expect(identical(y, yAlone))
}

@Test(arguments: largeShapes)
func matrixVectorKernelsAreIdenticalForOneAndTwoThreads(shape: KernelShape) {
  let (m, n) = (shape.m, shape.n)
  var rng = KernelTestRandom(state: UInt64(m * 1000 + n + 3))
  let w = rng.array(m * n), x = rng.array(n), u = rng.array(m)
  var results: [[[Double]]] = []
  for threads in [1, 2, 3] {
    var y = [Double](repeating: 0, count: m), z = [Double](repeating: 0, count: n)
    var g = z
    Kernels.gemv(w, rows: m, columns: n, x, into: &y, threads: threads)
    Kernels.gemvTransposed(w, rows: m, columns: n, u, into: &z, threads: threads)
    Kernels.gramTimes(w, rows: m, columns: n, x, into: &g, threads: threads)
    results.append([y, z, g])
  }
  for r in results.dropFirst() {
    #expect(identical(r[0], results[0][0]))
    #expect(identical(r[1], results[0][1]))
    #expect(identical(r[2], results[0][2]))
  }
}

@Test func gramTimesUsesFixedBlocksOnLargeMatrices() {
  #expect(Kernels.gramBlockCount(rows: 16, columns: 16) == 1)
  #expect(Kernels.gramBlockCount(rows: 1024, columns: 1024) == Kernels.gramBlocks)
}
