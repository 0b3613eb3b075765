// What every liplab-bench measurement shares: a monotonic timer with medians over repetitions,
// one JSON object per result line on stdout (Benchmarks/run.py reads them), the deterministic
// test matrices, and a writer for NumPy's .npy format so that NumPy and SciPy time exactly the
// same matrices.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DenseMatrix

/// Seconds on a monotonic clock.
func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Per-call times in seconds of `body`: one warm-up call, then at least `minReps` calls and
/// until `minTime` seconds have passed (at most `maxReps` calls).
func measure(
  minReps: Int = 5, minTime: Double = 0.25, maxReps: Int = 500, _ body: () -> Void
) -> [Double] {
  body()
  var times: [Double] = []
  let start = now()
  while times.count < minReps || (now() - start < minTime && times.count < maxReps) {
    let t0 = now()
    body()
    times.append(now() - t0)
  }
  return times
}

/// Per-call times of several bodies measured round-robin (one call of each in turn, after one
/// warm-up call of each) until every body has `minReps` calls and `minTime` seconds have passed:
/// a burst of load from other processes then hits every body alike, so their ratios hold.
func measureInterleaved(
  minReps: Int = 7, minTime: Double = 0.6, maxReps: Int = 500, _ bodies: [() -> Void]
) -> [[Double]] {
  for body in bodies { body() }
  var times = [[Double]](repeating: [], count: bodies.count)
  let start = now()
  while times[0].count < minReps || (now() - start < minTime && times[0].count < maxReps) {
    for (k, body) in bodies.enumerated() {
      let t0 = now()
      body()
      times[k].append(now() - t0)
    }
  }
  return times
}

/// The median of a non-empty list.
func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  let k = s.count / 2
  return s.count % 2 == 1 ? s[k] : 0.5 * (s[k - 1] + s[k])
}

/// One result line: `{"case": …, "impl": "liplab", …}` with the median and minimum of `times`.
func report(_ name: String, _ fields: [(String, JSONValue)], times: [Double]) {
  var all: [(String, JSONValue)] = [("case", .string(name)), ("impl", .string("liplab"))]
  all += fields
  all += [
    ("median_s", .number(median(times))), ("min_s", .number(times.min() ?? 0)),
    ("reps", .number(Double(times.count))),
  ]
  emit(all)
}

/// A value in a result line.
enum JSONValue {
  case string(String)
  case number(Double)
}

/// Prints one JSON object on its own line and flushes stdout.
func emit(_ fields: [(String, JSONValue)]) {
  let body = fields.map { key, value -> String in
    switch value {
    case .string(let s): return "\"\(key)\": \"\(s)\""
    case .number(let x): return "\"\(key)\": \(x.isFinite ? "\(x)" : "null")"
    }
  }
  print("{" + body.joined(separator: ", ") + "}")
  fflush(nil)
}

/// SplitMix64 with Box–Muller normals: a tiny generator that fixes the benchmark matrices.
struct BenchRandom {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in (0, 1).
  mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

  /// Standard normal.
  mutating func normal() -> Double {
    let r = (-2 * Double.log(uniform())).squareRoot()
    return r * Double.cos(2 * Double.pi * uniform())
  }
}

extension Double {
  static func log(_ x: Double) -> Double { Glibc.log(x) }
  static func cos(_ x: Double) -> Double { Glibc.cos(x) }
}

/// A row-major m×n test matrix with its name, e.g. `gauss` or `hard`.
struct BenchMatrix {
  let kind: String
  let rows: Int
  let columns: Int
  var elements: [Double]

  /// Entries N(0, 1/n): σ₁ ≈ 1 + sqrt(m/n) for an m×n Gaussian matrix.
  static func gaussian(_ m: Int, _ n: Int, seed: UInt64) -> BenchMatrix {
    var rng = BenchRandom(state: seed)
    let s = 1 / Double(n).squareRoot()
    return BenchMatrix(
      kind: "gauss", rows: m, columns: n, elements: (0 ..< m * n).map { _ in s * rng.normal() })
  }

  /// U·diag(σ)·Vᵀ with σ₁ = 1, σ₂ = 0.99 and the rest falling linearly to 0.99/min(m, n), where
  /// U and V are products of three random Householder reflections (exactly orthogonal up to
  /// rounding, so σ₁ = 1 is known): the hard case for power iteration, σ₂/σ₁ = 0.99.
  static func hardSpectrum(_ m: Int, _ n: Int, seed: UInt64) -> BenchMatrix {
    let r = Swift.min(m, n)
    var w = [Double](repeating: 0, count: m * n)
    for i in 0 ..< r {
      w[i * n + i] = i == 0 ? 1 : 0.99 * Double(r - i) / Double(r - 1)
    }
    var rng = BenchRandom(state: seed)
    for _ in 0 ..< 3 {
      reflectRows(&w, m, n, unitVector(m, &rng))
      reflectColumns(&w, m, n, unitVector(n, &rng))
    }
    return BenchMatrix(kind: "hard", rows: m, columns: n, elements: w)
  }

  private static func unitVector(_ k: Int, _ rng: inout BenchRandom) -> [Double] {
    let h = (0 ..< k).map { _ in rng.normal() }
    let s = 1 / h.withUnsafeBufferPointer { Kernels.norm($0.baseAddress!, count: k) }
    return h.map { $0 * s }
  }

  /// W ← (I − 2hhᵀ)W.
  private static func reflectRows(_ w: inout [Double], _ m: Int, _ n: Int, _ h: [Double]) {
    var t = [Double](repeating: 0, count: n)
    w.withUnsafeMutableBufferPointer { wp in
      Kernels.gemvTransposed(wp.baseAddress!, rows: m, columns: n, h, into: &t)
      for i in 0 ..< m { Kernels.axpy(-2 * h[i], t, wp.baseAddress! + i * n, count: n) }
    }
  }

  /// W ← W(I − 2hhᵀ).
  private static func reflectColumns(_ w: inout [Double], _ m: Int, _ n: Int, _ h: [Double]) {
    var t = [Double](repeating: 0, count: m)
    w.withUnsafeMutableBufferPointer { wp in
      Kernels.gemv(wp.baseAddress!, rows: m, columns: n, h, into: &t)
      for i in 0 ..< m { Kernels.axpy(-2 * t[i], h, wp.baseAddress! + i * n, count: n) }
    }
  }

  /// As a DenseMatrix `Matrix`.
  func matrix() throws -> Matrix { try Matrix(rows: rows, columns: columns, elements: elements) }

  /// Writes the matrix as a C-order float64 .npy file (NumPy format 1.0).
  func writeNpy(_ path: String) -> Bool {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    let len = UInt16(header.utf8.count)
    bytes += [UInt8(len & 0xFF), UInt8(len >> 8)] + Array(header.utf8)
    guard let f = fopen(path, "wb") else { return false }
    defer { fclose(f) }
    let a = fwrite(bytes, 1, bytes.count, f)
    let b = elements.withUnsafeBufferPointer { fwrite($0.baseAddress, 8, $0.count, f) }
    return a == bytes.count && b == elements.count
  }
}
