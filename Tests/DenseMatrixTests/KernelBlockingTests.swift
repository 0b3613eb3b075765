// The machine description and the blocking of the matrix product: the cache model on known
// caches, the host's blocking in range, and gemm against the triple loop for every
// register tile with forced tiny blocks (depth 3–8, two micro-panels per block), so that every
// block edge, the packed and the in-place path and the repacked last panel are exercised on any
// machine; one and two threads bit-identical under those blocks too.

@testable @_spi(Tuning) import DenseMatrix
import Foundation
import Testing

/// A cache level of `kib` KiB with `ways` ways and 64-byte lines.
private func level(_ kib: Int, _ ways: Int) -> CacheGeometry.Level {
  .init(bytes: kib << 10, ways: ways, lineBytes: 64)
}

@Test func blockingFollowsTheAnalyticalModel() {
  // AVX-512 with a 48 KiB 12-way L1, a 2 MiB 16-way L2 and 32 MiB of L3 (Sapphire Rapids,
  // Zen 5): the 14×16 tile; op(A)'s micro-panel in 11 ways: kc = 11·4096/(8·14) = 402 → 400;
  // half of L2: nc = 8·131072/(8·400) = 327 → 320; a quarter of L3: mc = 2621 → 2618.
  let spr = CacheGeometry(
    l1: level(48, 12), l2: level(2048, 16), l3: level(32768, 16), vectorBytes: 64,
    vectorRegisters: 32)
  #expect(GemmBlocking(for: spr) == GemmBlocking(mr: 14, nr: 16, kc: 400, mc: 2618, nc: 320))
  // AVX-512 with a 32 KiB 8-way L1 and a 1 MiB 8-way L2 (Zen 4): kc = 7·4096/112 = 256;
  // nc = 4·131072/(8·256) = 256; mc = 4096 → 4088.
  let zen4 = CacheGeometry(
    l1: level(32, 8), l2: level(1024, 8), l3: level(32768, 16), vectorBytes: 64,
    vectorRegisters: 32)
  #expect(GemmBlocking(for: zen4) == GemmBlocking(mr: 14, nr: 16, kc: 256, mc: 4088, nc: 256))
  // AVX2 (16 × 256-bit): the 6×8 tile; kc = 7·4096/48 = 597, at most 512;
  // nc = 8·65536/(8·512) = 128; mc = 2048 → 2046.
  let b = GemmBlocking(for: .typical)
  #expect(b == GemmBlocking(mr: 6, nr: 8, kc: 512, mc: 2046, nc: 128))
  // NEON (32 × 128-bit): also 6×8.
  var neon = CacheGeometry.typical
  neon.vectorBytes = 16
  neon.vectorRegisters = 32
  #expect(GemmBlocking(for: neon).mr == 6)
}

@Test func hostBlockingIsInRange() {
  let g = CacheGeometry.host, b = GemmBlocking.host
  #expect(g.l1.bytes >= 8 << 10 && g.l2.bytes >= 64 << 10)
  #expect([16, 32, 64].contains(g.vectorBytes))
  #expect(Kernels.tileRows(b.nr).contains(b.mr))
  #expect(b.kc >= 32 && b.kc <= 512 && b.mc % b.mr == 0 && b.nc % b.nr == 0)
  // The packed blocks fit the caches they are meant for.
  #expect(8 * b.kc * b.mr <= g.l1.bytes)
  #expect(8 * b.kc * b.nc <= g.l2.bytes / 2)
}

/// What Linux's /sys/devices/system/cpu/cpu0/cache says of the data or unified cache of
/// `level`: size, ways and line in bytes, or nil where it does not describe that level.
private func sysfsLevel(_ level: Int) -> CacheGeometry.Level? {
  func read(_ path: String) -> String? {
    (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
  }
  for index in 0 ..< 8 {
    let dir = "/sys/devices/system/cpu/cpu0/cache/index\(index)/"
    guard read(dir + "level") == String(level), read(dir + "type") != "Instruction",
      let size = read(dir + "size"), size.hasSuffix("K"), let kib = Int(size.dropLast()),
      let ways = read(dir + "ways_of_associativity").flatMap({ Int($0) }),
      let line = read(dir + "coherency_line_size").flatMap({ Int($0) })
    else { continue }
    return .init(bytes: kib << 10, ways: ways, lineBytes: line)
  }
  return nil
}

@Test func hostCachesAreTheOnesSysfsDescribes() {
  // sysfs wins over sysconf: under a hypervisor glibc's CPUID reading can report the host's
  // L3 (a Zen 1 KVM guest: 64 MiB 64-way against the 8 MiB 16-way of its core complex).
  let host = CacheGeometry.host
  for (n, got) in [(1, host.l1), (2, host.l2), (3, host.l3)] {
    guard let want = sysfsLevel(n), want.ways > 0, want.lineBytes > 0,
      want.bytes % (want.ways * want.lineBytes) == 0
    else { continue }
    #expect(got == want, "L\(n)")
  }
}

@Test func unsupportedTilesBecomeSupportedOnes() {
  #expect(GemmBlocking(mr: 13, nr: 16, kc: 8, mc: 30, nc: 40).mr == 12)
  #expect(GemmBlocking(mr: 1, nr: 5, kc: 8, mc: 1, nc: 1) == GemmBlocking(mr: 4, nr: 8, kc: 8, mc: 4, nc: 8))
  #expect(GemmBlocking(mr: 14, nr: 16, kc: 0, mc: 20, nc: 20).kc == 1)
}

/// Every register tile with depth-3 or depth-8 blocks of two micro-panels each way.
let tinyBlockings: [GemmBlocking] = [(14, 16), (12, 16), (8, 16), (6, 8), (4, 8)].flatMap {
  (mr, nr) in
  [3, 8].map { GemmBlocking(mr: mr, nr: nr, kc: $0, mc: 2 * mr, nc: 2 * nr) }
}

/// Shapes around two blocks of every tile: narrow (in-place op(A)) and wide (packed), ragged.
let tinyBlockCases: [GemmCase] = tinyBlockings.flatMap { blocking in
  var cases: [GemmCase] = []
  let (mr, nr) = (blocking.mr, blocking.nr)
  let shapes = [
    (1, 1, 1), (mr - 1, nr - 1, 2), (mr, nr, blocking.kc), (2 * mr + 1, 2 * nr + 3, 17),
    (3 * mr + 5, 4 * nr, 7), (5 * mr - 1, 4 * nr + 1, 2 * blocking.kc + 1), (4 * mr, 9 * nr + 7, 9),
  ]
  for (m, n, k) in shapes {
    for ta in [false, true] {
      for tb in [false, true] {
        cases.append(GemmCase(transA: ta, transB: tb, m: m, n: n, k: k, blocking: blocking))
      }
    }
  }
  cases.append(
    GemmCase(
      transA: false, transB: false, m: 2 * mr + 3, n: 3 * nr + 1, k: 13, alpha: -0.5, beta: 1,
      pad: 2, blocking: blocking))
  cases.append(
    GemmCase(
      transA: true, transB: false, m: 3 * mr - 1, n: nr + 5, k: 20, alpha: 2, beta: 0.25, pad: 3,
      blocking: blocking))
  cases.append(
    GemmCase(
      transA: false, transB: true, m: mr + 1, n: 5 * nr + 2, k: 11, beta: -1, pad: 1,
      blocking: blocking))
  cases.append(
    GemmCase(
      transA: true, transB: true, m: 2 * mr, n: 2 * nr, k: 5, alpha: 3, beta: 0, pad: 4,
      blocking: blocking))
  return cases
}

@Test(arguments: tinyBlockCases)
func gemmWithTinyBlocksMatchesTripleLoop(_ c: GemmCase) {
  #expect(c.agrees())
}

@Test(arguments: [
  GemmCase(transA: false, transB: false, m: 61, n: 203, k: 37, beta: 0.5,
    blocking: GemmBlocking(mr: 14, nr: 16, kc: 8, mc: 28, nc: 64)),
  GemmCase(transA: true, transB: true, m: 130, n: 515, k: 70, pad: 2,
    blocking: GemmBlocking(mr: 6, nr: 8, kc: 16, mc: 30, nc: 40)),
  GemmCase(transA: true, transB: false, m: 77, n: 300, k: 29, alpha: 2, beta: 1,
    blocking: GemmBlocking(mr: 12, nr: 16, kc: 5, mc: 24, nc: 48)),
])
func gemmWithTinyBlocksIsIdenticalForOneAndTwoThreads(_ c: GemmCase) {
  var big = c
  // Large enough to be split among threads (m·n·k/8 ≥ the parallel threshold).
  big.k = Swift.max(c.k, 8 * Kernels.parallelThreshold / (c.m * c.n) + 1)
  let one = big.run(threads: 1).0, two = big.run(threads: 2).0
  #expect(identical(one, two))
  #expect(big.agrees(threads: 2))
}

@Test func tilesGiveTheSameBitsForTheSameDepth() {
  // Only kc may change a result: every tile shape, packed or in place, sums each entry alike.
  let base = GemmCase(transA: false, transB: true, m: 45, n: 70, k: 41, alpha: 0.75, beta: 0.5)
  var results: [[Double]] = []
  for (mr, nr) in [(14, 16), (12, 16), (8, 16), (6, 8), (4, 8)] {
    for nc in [nr, 96] {
      var c = base
      c.blocking = GemmBlocking(mr: mr, nr: nr, kc: 16, mc: 3 * mr, nc: nc)
      results.append(c.run().0)
    }
  }
  #expect(results.allSatisfy { identical($0, results[0]) })
}
