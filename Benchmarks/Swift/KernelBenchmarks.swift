// The kernel benchmarks of issue 4: streaming-read bandwidth, matrix–vector products in both
// orientations, the power step (fused WᵀW v against the u–v form) on one and two threads, and
// the matrix products the critics use. Each result is one JSON line (see BenchSupport.swift);
// Benchmarks/run.py times NumPy on the same matrices and prints the comparison.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
@_spi(Tuning) import DenseMatrix

/// The matrix shapes of the matrix–vector benchmarks.
let benchShapes: [(Int, Int)] = [(256, 256), (1024, 1024), (2048, 2048), (4096, 4096), (4096, 1024)]

/// Builds the benchmark matrices (Gaussian and hard spectrum for each shape, or for the one
/// shape `only` such as "4096x1024"), writing each to `dir/<kind>_<m>x<n>.npy` when a directory
/// is given. The seeds depend on the shape's position in `benchShapes` only.
func benchMatrices(only: String? = nil, writingTo dir: String? = nil) -> [BenchMatrix] {
  var all: [BenchMatrix] = []
  for (k, (m, n)) in benchShapes.enumerated() where only == nil || only == "\(m)x\(n)" {
    all.append(.gaussian(m, n, seed: 1000 + UInt64(k)))
    all.append(.hardSpectrum(m, n, seed: 2000 + UInt64(k)))
  }
  if let dir {
    for w in all where !w.writeNpy("\(dir)/\(w.kind)_\(w.rows)x\(w.columns).npy") {
      print("liplab-bench: cannot write \(dir)/\(w.kind)_\(w.rows)x\(w.columns).npy")
    }
  }
  return all
}

/// Fields naming a matrix in a result line.
func matrixFields(_ w: BenchMatrix) -> [(String, JSONValue)] {
  [("matrix", .string(w.kind)), ("m", .number(Double(w.rows))), ("n", .number(Double(w.columns)))]
}

/// Times the streaming sum, gemv, gemvᵀ and the two forms of the power step on `w`.
func benchMatrixVector(_ w: BenchMatrix) {
  let m = w.rows, n = w.columns
  let fields = matrixFields(w)
  let bytes = Double(8 * m * n)
  var v = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
  var u = [Double](repeating: 0, count: m)
  var y = [Double](repeating: 0, count: n)
  var sink = 0.0
  w.elements.withUnsafeBufferPointer { wb in
    let wp = wb.baseAddress!
    // Power step as used for σ₁: v ← WᵀW v / ‖WᵀW v‖, one pass over W.
    func fused(_ threads: Int) {
      Kernels.gramTimes(wp, rows: m, columns: n, v, into: &y, threads: threads)
      let s = 1 / Kernels.norm(y, count: n)
      for j in 0 ..< n { v[j] = s * y[j] }
    }
    // The u–v form spectral normalization needs: u ← Wv/‖Wv‖, v ← Wᵀu/‖Wᵀu‖ (two passes).
    func uv() {
      Kernels.gemv(wp, rows: m, columns: n, v, into: &u, threads: 1)
      Kernels.scale(1 / Kernels.norm(u, count: m), &u, count: m)
      Kernels.gemvTransposed(wp, rows: m, columns: n, u, into: &v, threads: 1)
      Kernels.scale(1 / Kernels.norm(v, count: n), &v, count: n)
    }
    let t = measureInterleaved([
      { sink += Kernels.sum(wp, count: m * n) },
      { Kernels.gemv(wp, rows: m, columns: n, v, into: &u) },
      { Kernels.gemvTransposed(wp, rows: m, columns: n, u, into: &y) },
      { fused(1) }, { fused(2) }, { uv() },
    ])
    report("stream_sum", fields + [("gbps", .number(bytes / median(t[0]) / 1e9))], times: t[0])
    report("gemv", fields + [("gbps", .number(bytes / median(t[1]) / 1e9))], times: t[1])
    report("gemv_t", fields + [("gbps", .number(bytes / median(t[2]) / 1e9))], times: t[2])
    report("power_step", fields + [("threads", .number(1))], times: t[3])
    report("power_step", fields + [("threads", .number(2))], times: t[4])
    report("power_step_uv", fields + [("threads", .number(1))], times: t[5])
  }
  if sink == 42 { print("") }
}

/// Times the matrix products the critics need (256×64 by 64×64 and its transposed variants) and
/// three square ones, reporting GFLOP/s, with the machine's blocking or `blocking`
/// (`gemm --blocking MRxNR,KC,MC,NC`, for comparing blockings on one machine); prints the
/// blocking as a note first.
func benchMatrixProducts(blocking: GemmBlocking = .host) {
  print("blocking: \(blocking)")
  let cases: [(String, Bool, Bool, Int, Int, Int)] = [
    ("nn", false, false, 256, 64, 64),  // X·W: a layer's forward pass
    ("nt", false, true, 256, 64, 64),  // δ·Wᵀ: its backward pass to the input
    ("tn", true, false, 64, 64, 256),  // Xᵀ·δ: its weight gradient
    ("nn", false, false, 256, 256, 256),
    ("nn", false, false, 1024, 1024, 1024),
    ("nn", false, false, 2048, 2048, 2048),
  ]
  for (variant, ta, tb, m, n, k) in cases {
    var rng = BenchRandom(state: UInt64(m * 7 + n * 3 + k))
    let aRows = ta ? k : m, aCols = ta ? m : k
    let bRows = tb ? n : k, bCols = tb ? k : n
    let a = (0 ..< aRows * aCols).map { _ in rng.normal() }
    let b = (0 ..< bRows * bCols).map { _ in rng.normal() }
    var c = [Double](repeating: 0, count: m * n)
    var cpuTimes: [Double] = []
    let times = measure(minReps: 7, minTime: 0.5, maxReps: 2000) {
      let t0 = threadCPUTime()
      Kernels.gemm(
        transA: ta, transB: tb, m: m, n: n, k: k, alpha: 1, a, lda: aCols, b, ldb: bCols,
        beta: 0, &c, ldc: n, threads: 1, blocking: blocking)
      cpuTimes.append(threadCPUTime() - t0)
    }
    let flops = 2 * Double(m) * Double(n) * Double(k)
    report(
      "gemm",
      [
        ("variant", .string(variant)), ("m", .number(Double(m))), ("n", .number(Double(n))),
        ("k", .number(Double(k))), ("gflops", .number(flops / median(times) / 1e9)),
        ("cpu_gflops", .number(flops / median(cpuTimes) / 1e9)),
      ], times: times)
  }
}

/// Seconds of CPU time this thread has used (robust against other processes sharing the
/// cores; `cpu_gflops` in the gemm lines).
func threadCPUTime() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// `gemm [--blocking MRxNR,KC,MC,NC]`.
func runMatrixProducts(_ args: [String]) throws {
  guard let text = option("--blocking", args) else { return benchMatrixProducts() }
  let parts = text.split(whereSeparator: { $0 == "x" || $0 == "," }).compactMap { Int($0) }
  guard parts.count == 5 else {
    print("liplab-bench: gemm --blocking wants MRxNR,KC,MC,NC, e.g. 14x16,176,1302,8192")
    return
  }
  benchMatrixProducts(
    blocking: GemmBlocking(mr: parts[0], nr: parts[1], kc: parts[2], mc: parts[3], nc: parts[4]))
}
