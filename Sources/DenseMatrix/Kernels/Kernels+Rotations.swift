// Chains of plane rotations applied to the rows of a matrix: the singular vectors of the
// bidiagonal QR iteration. A QR sweep's rotations form a chain, (r, r+1), (r+1, r+2), … (or
// upwards), and consecutive sweeps run over nearly the same rows, so the rotations of up to four
// sweeps are applied in one pass down a strip of 16 columns as a wavefront (Van Zee, van de
// Geijn & Quintana-Ortí, "Restructuring the tridiagonal and bidiagonal QR algorithms for
// performance", ACM TOMS 40(3), 2014): at step t, sweep s rotates rows t − s and t − s + 1, the
// five rows involved stay in registers, and each row is loaded and stored once per four sweeps
// instead of once per sweep.
//
// NOTE: the wavefront only reorders rotations that touch different rows; every entry sees the
// same rotations in the same order, each computed as (c·x + s·y, c·y − s·x), so the result is
// bit-identical to applying the log one rotation at a time (`rotateRows`), whatever the strip.

/// A run of logged rotations: entries first..<first + count of the log act on rows
/// (row, row + 1) with the row rising by one per entry, or falling when `descending`.
struct RotationChain: Sendable, Equatable {
  var first: Int
  var count: Int
  var descending: Bool
}

extension Kernels {
  /// Columns per strip of `rotateChains`.
  static let rotationStripWidth = 16
  /// Chains applied together in one wavefront.
  static let wavefrontDepth = 4

  /// Applies the rotations of `log` (entry (r, c, s): rows r and r + 1 become
  /// (c·x + s·y, c·y − s·x)), in order, to the `rotationStripWidth` columns at `a` of a matrix
  /// with row stride `ld`; `chains` partition the log, in order. O(16·log.count).
  /// (Not inlined, so that Tests/vectorised finds it in this file's object.)
  @inline(never)
  static func rotateChains(
    _ a: UnsafeMutablePointer<Double>, ld: Int,
    _ log: UnsafeBufferPointer<(Int32, Double, Double)>, _ chains: [RotationChain]
  ) {
    var k = 0
    while k < chains.count {
      // Up to four consecutive chains running the same way.
      var end = k + 1
      while end < chains.count && end - k < wavefrontDepth
        && chains[end].descending == chains[k].descending
      {
        end += 1
      }
      if chains[k].descending {
        wavefront(a, ld: ld, log, chains[k ..< end], descending: true)
      } else {
        wavefront(a, ld: ld, log, chains[k ..< end], descending: false)
      }
      k = end
    }
  }

  /// One wavefront over ≤ 4 chains running the same way. Rows are visited in the chains'
  /// direction; a position p is row top + p (rising) or bottom − p (falling), so a chain's
  /// rotations sit at consecutive positions in either case.
  @inline(__always)
  private static func wavefront(
    _ a: UnsafeMutablePointer<Double>, ld: Int,
    _ log: UnsafeBufferPointer<(Int32, Double, Double)>, _ chains: ArraySlice<RotationChain>,
    descending: Bool
  ) {
    // The rows the chains touch, and where each chain starts in position.
    var top = Int.max, bottom = Int.min
    for chain in chains {
      let r = Int(log[chain.first].0)
      let (lo, hi) = descending ? (r - chain.count + 1, r + 1) : (r, r + chain.count)
      top = Swift.min(top, lo)
      bottom = Swift.max(bottom, hi)
    }
    let base = descending ? a + bottom * ld : a + top * ld
    let step = descending ? -ld : ld
    let last = bottom - top  // the last position
    // Chain s: its first position, its first log entry and its length (empty past the group).
    var start = (0, 0, 0, 0), first = (0, 0, 0, 0), length = (0, 0, 0, 0)
    for (s, chain) in chains.enumerated() {
      let r = Int(log[chain.first].0)
      let p = descending ? bottom - r - 1 : r - top
      switch s {
      case 0: (start.0, first.0, length.0) = (p, chain.first, chain.count)
      case 1: (start.1, first.1, length.1) = (p, chain.first, chain.count)
      case 2: (start.2, first.2, length.2) = (p, chain.first, chain.count)
      default: (start.3, first.3, length.3) = (p, chain.first, chain.count)
      }
    }
    /// Rotates the pair (upper, lower) in position order with entry i of chain s when position
    /// p = upper's holds one of its rotations. Falling, the upper position is row r + 1.
    @inline(__always)
    func rotate(_ upper: inout RowPair, _ lower: inout RowPair, _ p: Int, _ st: Int, _ f: Int, _ len: Int) {
      let i = p - st
      guard i >= 0 && i < len else { return }
      let (_, c, s) = log[f + i]
      if descending {
        RowPair.rotate(&lower, &upper, c: c, s: s)
      } else {
        RowPair.rotate(&upper, &lower, c: c, s: s)
      }
    }
    // The window: w0…w4 hold positions t − 3 … t + 1 at step t.
    var w0 = RowPair(), w1 = RowPair(), w2 = RowPair(), w3 = RowPair()
    var w4 = RowPair(base)
    var t = 0
    while t <= last + 3 {
      // Shift the window and bring in position t + 1.
      (w0, w1, w2, w3) = (w1, w2, w3, w4)
      if t + 1 <= last { w4 = RowPair(base + (t + 1) * step) }
      rotate(&w3, &w4, t, start.0, first.0, length.0)
      rotate(&w2, &w3, t - 1, start.1, first.1, length.1)
      rotate(&w1, &w2, t - 2, start.2, first.2, length.2)
      rotate(&w0, &w1, t - 3, start.3, first.3, length.3)
      // Position t − 3 is finished.
      if t >= 3 && t - 3 <= last { w0.store(base + (t - 3) * step) }
      t += 1
    }
  }
}

/// 16 doubles of one row as two SIMD8 values, so that they live in registers (internal).
struct RowPair {
  var a, b: V8

  @inline(__always) init() { (a, b) = (V8(), V8()) }
  @inline(__always) init(_ p: UnsafeMutablePointer<Double>) { (a, b) = (p.v8(0), p.v8(8)) }

  @inline(__always) func store(_ p: UnsafeMutablePointer<Double>) {
    p.store(0, a)
    p.store(8, b)
  }

  /// (x, y) ← (c·x + s·y, c·y − s·x).
  @inline(__always) static func rotate(_ x: inout RowPair, _ y: inout RowPair, c: Double, s: Double) {
    let vc = V8(repeating: c), vs = V8(repeating: s)
    let (xa, xb, ya, yb) = (x.a, x.b, y.a, y.b)
    x.a = vc * xa + vs * ya
    x.b = vc * xb + vs * yb
    y.a = vc * ya - vs * xa
    y.b = vc * yb - vs * xb
  }
}
