// gemm against the triple loop for every transposition, β = 0/1/other, α ≠ 1, strides larger
// than the logical width, shapes around the register tiles and the depth block, empty shapes, and
// bit-identical results for one and two threads, with the machine's blocking; forced small
// blockings for every register tile are in KernelBlockingTests.swift.

@_spi(Tuning) import DenseMatrix
import Testing

/// One gemm call, its inputs generated from the shape, and the check against the triple loop.
struct GemmCase: CustomStringConvertible, Sendable {
  var transA: Bool, transB: Bool, m: Int, n: Int, k: Int
  var alpha = 1.0, beta = 0.0, pad = 0
  /// The blocking to run with (nil: the machine's, through the public entry point).
  var blocking: GemmBlocking? = nil

  var description: String {
    "\(transA ? "T" : "N")\(transB ? "T" : "N") \(m)×\(n)×\(k) α=\(alpha) β=\(beta) pad=\(pad)"
      + (blocking.map { " [\($0)]" } ?? "")
  }

  /// Runs the kernel (with `threads`) and the reference; returns (fast C, reference C, scale).
  /// With β = 0, C starts as NaN (the kernel must not read it); padding columns must survive.
  func run(threads: Int = 1) -> ([Double], [Double], [Double]) {
    var rng = KernelTestRandom(state: UInt64(m * 10_000 + n * 100 + k))
    let lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad
    let a = rng.array((transA ? k : m) * lda), b = rng.array((transB ? n : k) * ldb)
    var c = rng.array(m * ldc)
    if beta == 0 { c = c.map { _ in .nan } }
    var ref = c, scale = [Double](repeating: 0, count: m * ldc)
    for i in 0 ..< m {
      for j in 0 ..< n {
        var s = 0.0, mag = 0.0
        for p in 0 ..< k {
          let t = Reference.op(a, transA, lda, i, p) * Reference.op(b, transB, ldb, p, j)
          s += t
          mag += abs(t)
        }
        let old = beta == 0 ? 0 : beta * c[i * ldc + j]
        ref[i * ldc + j] = alpha * s + old
        scale[i * ldc + j] = abs(alpha) * mag + abs(old)
      }
    }
    if let blocking {
      Kernels.gemm(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
        beta: beta, &c, ldc: ldc, threads: threads, blocking: blocking)
    } else {
      Kernels.gemm(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
        beta: beta, &c, ldc: ldc, threads: threads)
    }
    return (c, ref, scale)
  }

  /// Whether the kernel agrees with the triple loop to rounding (NaN where the reference is
  /// NaN), with `threads`; the padding columns of C must be untouched (they are compared too).
  func agrees(threads: Int = 1) -> Bool {
    let (fast, ref, scale) = run(threads: threads)
    return fast.indices.allSatisfy { i in
      ref[i].isNaN ? fast[i].isNaN : abs(fast[i] - ref[i]) <= 1e-13 * (scale[i] + 1e-300)
    }
  }
}

/// Every transposition on shapes around the tiles (up to 14×16), the in-place path for narrow
/// products (n ≤ 64) and depth blocks of 128–512.
let gemmCases: [GemmCase] = {
  var cases: [GemmCase] = []
  let shapes = [
    (1, 1, 1), (0, 3, 2), (3, 0, 2), (3, 2, 0), (7, 15, 5), (8, 16, 8), (9, 17, 3),
    (16, 32, 1), (17, 33, 64), (256, 64, 64), (64, 64, 256), (5, 3, 300), (40, 50, 513),
    (8, 16, 128), (9, 17, 129), (130, 20, 127), (14, 16, 176), (15, 65, 177), (29, 33, 353),
    (43, 64, 9), (27, 130, 33),
  ]
  for (m, n, k) in shapes {
    for ta in [false, true] {
      for tb in [false, true] { cases.append(GemmCase(transA: ta, transB: tb, m: m, n: n, k: k)) }
    }
  }
  cases.append(GemmCase(transA: false, transB: false, m: 9, n: 17, k: 20, alpha: -0.5, beta: 1))
  cases.append(GemmCase(transA: true, transB: false, m: 9, n: 17, k: 20, alpha: 2, beta: 0.25))
  cases.append(GemmCase(transA: false, transB: true, m: 13, n: 19, k: 300, beta: -1, pad: 3))
  cases.append(GemmCase(transA: true, transB: true, m: 24, n: 40, k: 7, alpha: 0, beta: 0.5))
  cases.append(GemmCase(transA: false, transB: false, m: 4, n: 4, k: 0, beta: 2, pad: 1))
  cases.append(GemmCase(transA: true, transB: true, m: 31, n: 45, k: 260, alpha: 3, pad: 5))
  cases.append(GemmCase(transA: false, transB: false, m: 9, n: 18, k: 3, alpha: 1, pad: 4))
  return cases
}()

@Test(arguments: gemmCases)
func gemmMatchesTripleLoop(_ c: GemmCase) {
  #expect(c.agrees())
}

@Test func gemmIgnoresNaNInCWhenBetaIsZero() {
  let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
  var c = [Double](repeating: .nan, count: 4)
  Kernels.gemm(
    transA: false, transB: false, m: 2, n: 2, k: 2, alpha: 1, a, lda: 2, b, ldb: 2, beta: 0,
    &c, ldc: 2)
  #expect(c == [19, 22, 43, 50])
}

@Test(arguments: [
  GemmCase(transA: false, transB: false, m: 200, n: 300, k: 260, beta: 0.5),
  GemmCase(transA: true, transB: true, m: 130, n: 515, k: 70, pad: 2),
])
func gemmIsIdenticalForOneAndTwoThreads(_ c: GemmCase) {
  let one = c.run(threads: 1).0, two = c.run(threads: 2).0
  #expect(identical(one, two))
}
