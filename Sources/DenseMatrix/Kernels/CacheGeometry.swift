// The machine the kernels run on: cache sizes and associativities, vector width and register
// count, read once at start-up, and the blocking of the matrix product derived from them with
// the analytical model of BLIS (Low, Igual, Smith, Quintana-Ortí, "Analytical modeling is
// enough for high-performance BLIS", ACM TOMS 43(2), 2016). Nothing here is tuned for one
// microarchitecture; the same formulas pick the tile and the blocks on every machine.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The data caches and vector registers of a machine, as far as the kernels' blocking needs them.
///
/// `host` is read once per process (/sys/devices/system/cpu/cpu0/cache where the kernel
/// describes the caches, else sysconf, else common sizes); tests build other geometries.
///
/// NOTE: sysfs comes first because glibc's sysconf reads CPUID itself and, under a hypervisor,
/// can report the host's L3 rather than the guest's: on a KVM guest of a Zen 1 EPYC it gave
/// 64 MiB 64-way where sysfs (and lscpu) give the 8 MiB 16-way of one core complex.
struct CacheGeometry: Sendable, Equatable, CustomStringConvertible {
  /// Size, associativity and line size of one level of data cache, in bytes.
  struct Level: Sendable, Equatable {
    var bytes: Int
    var ways: Int
    var lineBytes: Int
    /// Number of sets (at least 1).
    var sets: Int { Swift.max(1, bytes / Swift.max(1, ways * lineBytes)) }
    /// Bytes of one way: the cache holds `ways` of these, each at every set.
    var wayBytes: Int { sets * lineBytes }
  }

  var l1: Level
  var l2: Level
  var l3: Level
  /// Width of one vector register in bytes: 64 with AVX-512, 32 with AVX, 16 with SSE2 or NEON.
  var vectorBytes: Int
  /// Number of architectural vector registers: 32 with AVX-512 or AArch64, else 16.
  var vectorRegisters: Int

  var description: String {
    "L1d \(l1.bytes / 1024) KiB \(l1.ways)-way, L2 \(l2.bytes / 1024) KiB \(l2.ways)-way, "
      + "L3 \(l3.bytes / 1024) KiB, \(vectorRegisters) × \(8 * vectorBytes)-bit vectors"
  }

  /// The machine this process runs on, read once.
  ///
  /// NOTE: the vector width comes from the CPU's flags, not from the compiler: Swift has no
  /// `#if` for target features. Release builds compile for the build machine (`-target-cpu
  /// native`) and liplab is built where it runs, so the flags describe the compiled code too; a
  /// binary built for a narrower target still computes the same numbers, only slower.
  static let host: CacheGeometry = {
    let fallback = CacheGeometry.typical
    func level(_ n: Int, size: Int32, ways: Int32, line: Int32, _ def: Level) -> Level {
      var (s, w, c) = (0, 0, 0)
      if let dir = sysfsCacheDirectory(level: n),
        let bytes = readSmallFile(dir + "size", limit: 64).flatMap({ parseSize(trim($0)) }), bytes > 0
      {
        func number(_ field: String) -> Int {
          readSmallFile(dir + field, limit: 64).flatMap { Int(trim($0)) } ?? 0
        }
        (s, w, c) = (bytes, number("ways_of_associativity"), number("coherency_line_size"))
      } else {
        #if canImport(Glibc)
          (s, w, c) = (sysconf(size), sysconf(ways), sysconf(line))
        #endif
      }
      var l = def
      if s > 0 { l.bytes = s }
      if w > 0 { l.ways = w }
      if c > 0 { l.lineBytes = c }
      return l
    }
    #if canImport(Glibc)
      let l1 = level(1, size: Int32(_SC_LEVEL1_DCACHE_SIZE), ways: Int32(_SC_LEVEL1_DCACHE_ASSOC),
        line: Int32(_SC_LEVEL1_DCACHE_LINESIZE), fallback.l1)
      let l2 = level(2, size: Int32(_SC_LEVEL2_CACHE_SIZE), ways: Int32(_SC_LEVEL2_CACHE_ASSOC),
        line: Int32(_SC_LEVEL2_CACHE_LINESIZE), fallback.l2)
      let l3 = level(3, size: Int32(_SC_LEVEL3_CACHE_SIZE), ways: Int32(_SC_LEVEL3_CACHE_ASSOC),
        line: Int32(_SC_LEVEL3_CACHE_LINESIZE), fallback.l3)
    #else
      let l1 = level(1, size: 0, ways: 0, line: 0, fallback.l1)
      let l2 = level(2, size: 0, ways: 0, line: 0, fallback.l2)
      let l3 = level(3, size: 0, ways: 0, line: 0, fallback.l3)
    #endif
    let (width, registers) = hostVectors()
    return CacheGeometry(
      l1: sane(l1, fallback.l1, min: 8 << 10), l2: sane(l2, fallback.l2, min: 64 << 10),
      l3: sane(l3, fallback.l3, min: 0), vectorBytes: width, vectorRegisters: registers)
  }()

  /// A common machine (32 KiB 8-way L1d, 1 MiB 16-way L2, 32 MiB L3, AVX2): the fallback for
  /// anything the system does not report.
  static let typical = CacheGeometry(
    l1: Level(bytes: 32 << 10, ways: 8, lineBytes: 64),
    l2: Level(bytes: 1 << 20, ways: 16, lineBytes: 64),
    l3: Level(bytes: 32 << 20, ways: 16, lineBytes: 64), vectorBytes: 32, vectorRegisters: 16)

  /// `l` when its numbers are plausible (at least `min` bytes, ways and line positive and
  /// dividing the size), else `fallback`.
  private static func sane(_ l: Level, _ fallback: Level, min: Int) -> Level {
    guard l.bytes >= Swift.max(min, 1), l.ways >= 1, l.lineBytes >= 16, l.lineBytes <= 512,
      l.bytes % (l.ways * l.lineBytes) == 0
    else { return fallback }
    return l
  }

  /// The vector width in bytes and the register count of this CPU.
  private static func hostVectors() -> (Int, Int) {
    #if arch(x86_64)
      let flags = cpuFlags()
      if flags.contains("avx512f") { return (64, 32) }
      if flags.contains("avx") || flags.isEmpty { return (32, 16) }
      return (16, 16)
    #elseif arch(arm64)
      return (16, 32)
    #else
      return (16, 16)
    #endif
  }

  /// The words of the first "flags" line of /proc/cpuinfo (empty where there is none).
  private static func cpuFlags() -> Set<Substring> {
    guard let text = readSmallFile("/proc/cpuinfo", limit: 1 << 16),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    return Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }))
  }

  /// The directory /sys/devices/system/cpu/cpu0/cache/index*/ (with its slash) of the data or
  /// unified cache of `level`, or nil where sysfs does not describe it.
  private static func sysfsCacheDirectory(level: Int) -> String? {
    (0 ..< 8).lazy.map { "/sys/devices/system/cpu/cpu0/cache/index\($0)/" }.first { dir in
      readSmallFile(dir + "level", limit: 64).flatMap({ Int(trim($0)) }) == level
        && readSmallFile(dir + "type", limit: 64).map(trim).map({ $0 != "Instruction" }) == true
    }
  }

  private static func parseSize(_ s: String) -> Int? {
    if let v = Int(s) { return v }
    guard let unit = s.last, let v = Int(s.dropLast()) else { return nil }
    switch unit {
    case "K": return v << 10
    case "M": return v << 20
    case "G": return v << 30
    default: return nil
    }
  }

  private static func trim(_ s: String) -> String {
    String(s.filter { !$0.isWhitespace })
  }

  /// The first `limit` bytes of a file, or nil when it cannot be read.
  private static func readSmallFile(_ path: String, limit: Int) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes = [UInt8](repeating: 0, count: limit)
    let n = fread(&bytes, 1, limit, f)
    guard n > 0 else { return nil }
    return String(decoding: bytes[0 ..< n], as: UTF8.self)
  }
}

/// The register tile and cache blocks of the packed matrix product (see Kernels+MatrixProduct).
///
/// `mr`×`nr` is the micro-tile held in registers; an `mr`×`kc` micro-panel of op(A) stays in L1
/// while `kc`×`nr` micro-panels of op(B) stream from the `kc`×`nc` block in L2, and the `mc`×`kc`
/// block of packed op(A) stays in L3. Only `kc` changes results (it fixes where each entry's sum
/// is cut into blocks); `mr`, `nr`, `mc` and `nc` change only speed.
@_spi(Tuning) public struct GemmBlocking: Sendable, Equatable, CustomStringConvertible {
  /// Rows of the register tile: one of `Kernels.tileRows(nr)`.
  public var mr: Int
  /// Columns of the register tile: 16 or 8.
  public var nr: Int
  /// Depth of a packed block (the only block size that changes results).
  public var kc: Int
  /// Rows of op(A) per packed block.
  public var mc: Int
  /// Columns of op(B) per packed block.
  public var nc: Int

  public var description: String { "\(mr)×\(nr) tile, KC \(kc), MC \(mc), NC \(nc)" }

  /// The blocking of this machine, computed once from `CacheGeometry.host`.
  public static let host = GemmBlocking(for: .host)

  /// The tile that fits the register file and the blocks of the BLIS analytical model.
  ///
  /// Tile: nr = 16 columns with 512-bit vectors, else 8; the largest supported mr whose
  /// accumulators (mr·nr·8/vectorBytes registers), one row of op(B) and one broadcast fit in the
  /// register file.
  ///
  /// Blocks (after Low et al. 2016, §4, with the roles of the paper's A and B exchanged: here
  /// the broadcast micro-panel of op(A) stays in L1 and the micro-panels of op(B) stream past it):
  /// - kc: the mr×kc micro-panel of op(A) takes all ways of L1 but one, which the streaming
  ///   lines of op(B) and C pass through: kc = (W₁ − 1)·(L1 bytes per way)/(8·mr), rounded
  ///   down to a multiple of 8 (256 on a 32 KiB 8-way L1 with the 14×16 tile). NOTE: the
  ///   paper's split, which keeps a whole kc×nr micro-panel of op(B) in L1 beside it as well,
  ///   gives kc = 96 there; measured on Zen 4, kc from 96 to 216 ran 5–15% slower than 256 on
  ///   1024³ and 2048³ (the C tile's load and store come once per kc steps), and 320 alike.
  /// - nc: the kc×nc block of op(B) takes half the ways of L2, nc rounded down to a multiple of
  ///   nr. NOTE: the model gives it all ways but those of one micro-panel of op(A) and a spare;
  ///   measured on Sapphire Rapids, blocks of 0.4–1 MiB of the 2 MiB L2 ran alike and a 1.8 MiB
  ///   block 10–20% slower (the rows of C and the next micro-panels pass through L2 too); BLIS's
  ///   own Skylake-X blocks take 47% of its L2.
  /// - mc: the mc×kc block of op(A) takes a quarter of L3 (shared by the cores), at most 4096
  ///   rows, rounded down to a multiple of mr.
  init(for g: CacheGeometry) {
    let nr = g.vectorBytes >= 64 ? 16 : 8
    let perRow = Swift.max(1, nr * 8 / g.vectorBytes)
    let budget = (g.vectorRegisters - perRow - 1) / perRow
    let mr = Kernels.tileRows(nr).last(where: { $0 <= budget }) ?? Kernels.tileRows(nr)[0]
    let ways1 = Swift.max(2, g.l1.ways)
    var kc = (ways1 - 1) * g.l1.wayBytes / (8 * mr)
    kc = Swift.min(512, Swift.max(32, kc / 8 * 8))
    let ways2 = Swift.max(2, g.l2.ways)
    var nc = ways2 / 2 * g.l2.wayBytes / (8 * kc)
    nc = Swift.min(8192, Swift.max(nr, nc / nr * nr))
    let l3 = g.l3.bytes > 0 ? g.l3 : CacheGeometry.typical.l3
    var mc = l3.bytes / 4 / (8 * kc)
    mc = Swift.min(4096, Swift.max(mr, mc / mr * mr))
    self.init(mr: mr, nr: nr, kc: kc, mc: mc, nc: nc)
  }

  /// A blocking given block by block (tests force tiny blocks to exercise every edge).
  /// An unsupported tile becomes the nearest supported one (16 columns if nr ≥ 16, else 8;
  /// the largest supported height not above mr).
  public init(mr: Int, nr: Int, kc: Int, mc: Int, nc: Int) {
    let nr = nr >= 16 ? 16 : 8
    let heights = Kernels.tileRows(nr)
    let mr = heights.last(where: { $0 <= mr }) ?? heights[0]
    self.mr = mr
    self.nr = nr
    self.kc = Swift.max(1, kc)
    self.mc = Swift.max(mr, mc / mr * mr)
    self.nc = Swift.max(nr, nc / nr * nr)
  }
}
