// The second stage of the two-stage reduction: an upper band matrix (bandwidth b) is taken to
// upper bidiagonal form by Householder bulge chasing (Schwarz 1968 with reflectors instead of
// rotations; Lang 1996; Ltaief, Luszczek & Dongarra 2013). Sweep i makes row i bidiagonal with
// one right reflector; the fill it leaves below the diagonal is annihilated column by column by
// left reflectors, the fill those leave right of the band by right reflectors b columns further,
// until the bulge leaves the matrix. Each reflector is at most b long and touches O(b²) entries,
// so a sweep costs O(nb) and the reduction O(n²b), with no vectors kept.
//
// NOTE: each step annihilates only the first column (row) of its bulge; the rest is annihilated
// by later sweeps. Rather than rely on the shape of that pipelined fill, the reduction keeps, for
// every row, bounds on the columns it may be nonzero in, and for every column on the rows, and
// applies each reflector to everything the bounds cover. A reflector widens the bounds of what
// it mixes; before a bound is used it is tightened past exact zeros (a reflector leaves a row or
// column that is zero on its support unchanged, so skipping it is exact). No nonzero is ever
// missed, and the bounds stay within the O(b) fill. Annihilated entries are set to exact zeros,
// so the finished rows stay bidiagonal.

enum BandBidiagonalization {
  /// Reduces the n×n upper band matrix at `a` (row stride `ld`; a[i·ld + j] = 0 unless
  /// i ≤ j ≤ i + `bandwidth`) to upper bidiagonal form by orthogonal transformations from both
  /// sides, and returns its diagonal (n entries) and superdiagonal (n − 1). On return every
  /// other entry of the block is exactly zero.
  ///
  /// `checkpoint` receives the fraction of sweeps done every 16 sweeps. O(n²·bandwidth)
  /// arithmetic; O(n + bandwidth) scratch.
  static func reduce(
    _ a: UnsafeMutablePointer<Double>, n: Int, ld: Int, bandwidth bw: Int,
    checkpoint: (Double) throws -> Void
  ) throws -> (diagonal: [Double], superdiagonal: [Double]) {
    var chase = Chase(a: a, n: n, ld: ld, bandwidth: Swift.max(1, bw))
    defer { chase.deallocate() }
    for i in 0 ..< Swift.max(n - 1, 0) {
      chase.reflectRow(i, from: i + 1)
      var c = i + 1
      while c < n {
        chase.reflectColumn(c)
        let edge = c + chase.bandwidth
        guard edge < n, chase.lastColumn(c, notBefore: edge) > edge else { break }
        chase.reflectRow(c, from: edge)
        c = edge
      }
      if i % 16 == 15 { try checkpoint(Double(i + 1) / Double(n - 1)) }
    }
    let d = (0 ..< n).map { a[$0 * ld + $0] }
    let e = (0 ..< Swift.max(n - 1, 0)).map { a[$0 * ld + $0 + 1] }
    return (d, e)
  }
}

/// The band matrix being chased and the extents of its nonzeros (internal).
private struct Chase {
  let a: UnsafeMutablePointer<Double>
  let n: Int, ld: Int, bandwidth: Int
  /// Row r may be nonzero only in columns rowFirst[r]...rowLast[r]; column c only in rows
  /// columnFirst[c]...columnLast[c].
  var rowFirst: [Int], rowLast: [Int], columnFirst: [Int], columnLast: [Int]
  /// A reflector vector (≤ n entries), and the row combination of a left reflector (≤ n).
  let v: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>

  init(a: UnsafeMutablePointer<Double>, n: Int, ld: Int, bandwidth: Int) {
    (self.a, self.n, self.ld, self.bandwidth) = (a, n, ld, bandwidth)
    rowFirst = Array(0 ..< n)
    rowLast = (0 ..< n).map { Swift.min($0 + bandwidth, n - 1) }
    columnFirst = (0 ..< n).map { Swift.max($0 - bandwidth, 0) }
    columnLast = Array(0 ..< n)
    v = .allocate(capacity: Swift.max(n, 1))
    w = .allocate(capacity: Swift.max(n, 1))
  }

  func deallocate() {
    v.deallocate()
    w.deallocate()
  }

  /// Annihilates row p right of column c0 (columns c0 + 1...) with a reflector from the right
  /// on columns c0...(its last nonzero), applied to every row those columns may hold.
  mutating func reflectRow(_ p: Int, from c0: Int) {
    let c1 = lastColumn(p, notBefore: c0)
    let count = c1 - c0 + 1
    guard count > 1 else { return }
    let row = a + p * ld + c0
    for j in 0 ..< count { v[j] = row[j] }
    let (beta, tau) = Householder.reflector(v, count: count)
    row[0] = beta
    for j in 1 ..< count { row[j] = 0 }
    var r0 = p, r1 = p
    for c in c0 ... c1 {
      let last = lastRow(c)
      guard last >= 0 else { continue }
      r0 = Swift.min(r0, firstRow(c, notAfter: last))
      r1 = Swift.max(r1, last)
    }
    if tau != 0 {
      for r in r0 ... r1 where r != p {
        let x = a + r * ld + c0
        let s = Kernels.dot(x, v, count: count)
        if s != 0 { Kernels.axpy(-tau * s, v, x, count: count) }
      }
    }
    for r in r0 ... r1 where r != p {
      rowFirst[r] = Swift.min(rowFirst[r], c0)
      rowLast[r] = Swift.max(rowLast[r], c1)
    }
    for c in c0 ... c1 {
      columnFirst[c] = Swift.min(columnFirst[c], r0)
      columnLast[c] = Swift.max(columnLast[c], r1)
    }
    rowLast[p] = c0
  }

  /// The last column at or after `floor` in which row r may be nonzero (`floor` when none),
  /// its bound tightened past exact zeros.
  mutating func lastColumn(_ r: Int, notBefore floor: Int) -> Int {
    let c = firstNonzero(r * ld, stride: 1, from: rowLast[r], to: floor)
    rowLast[r] = Swift.max(c, rowFirst[r])
    return c
  }

  /// The first column of row r that may be nonzero, at most `ceiling`, tightened likewise.
  mutating func firstColumn(_ r: Int, notAfter ceiling: Int) -> Int {
    rowFirst[r] = firstNonzero(r * ld, stride: 1, from: rowFirst[r], to: ceiling)
    return rowFirst[r]
  }

  /// The last row in which column c may be nonzero (−1 when it is zero), tightened.
  mutating func lastRow(_ c: Int) -> Int {
    let r = firstNonzero(c, stride: ld, from: columnLast[c], to: columnFirst[c])
    if a[r * ld + c] == 0 { return -1 }
    columnLast[c] = r
    return r
  }

  /// The first row of column c that may be nonzero, at most `ceiling`, tightened.
  mutating func firstRow(_ c: Int, notAfter ceiling: Int) -> Int {
    columnFirst[c] = firstNonzero(c, stride: ld, from: columnFirst[c], to: ceiling)
    return columnFirst[c]
  }

  /// The first i from `from` towards `to` (either way, one at a time) with a[base + i·stride]
  /// not exactly zero; `to` when there is none.
  func firstNonzero(_ base: Int, stride: Int, from: Int, to: Int) -> Int {
    let step = from <= to ? 1 : -1
    var i = from
    while i != to && a[base + i * stride] == 0 { i += step }
    return i
  }

  /// Annihilates column c below the diagonal (rows c + 1...) with a reflector from the left on
  /// rows c...(its last nonzero), applied to every column those rows may hold.
  mutating func reflectColumn(_ c: Int) {
    let r1 = Swift.max(lastRow(c), c)
    let count = r1 - c + 1
    guard count > 1 else { return }
    let top = a + c * ld + c
    for i in 0 ..< count { v[i] = top[i * ld] }
    let (beta, tau) = Householder.reflector(v, count: count)
    for i in 0 ..< count { top[i * ld] = 0 }
    var c0 = c, c1 = c
    for r in c ... r1 {
      let last = lastColumn(r, notBefore: rowFirst[r])
      c0 = Swift.min(c0, firstColumn(r, notAfter: last))
      c1 = Swift.max(c1, last)
    }
    if tau != 0 {
      // w = vᵀ·A[rows, c0...c1] (column c, now zero, included), then A −= τ·v·wᵀ.
      let width = c1 - c0 + 1
      for j in 0 ..< width { w[j] = 0 }
      for i in 0 ..< count where v[i] != 0 {
        Kernels.axpy(v[i], a + (c + i) * ld + c0, w, count: width)
      }
      for i in 0 ..< count where v[i] != 0 {
        Kernels.axpy(-tau * v[i], w, a + (c + i) * ld + c0, count: width)
      }
    }
    top[0] = beta
    rowFirst[c] = Swift.min(rowFirst[c], c)
    for r in c ... r1 {
      rowFirst[r] = Swift.min(rowFirst[r], c0)
      rowLast[r] = Swift.max(rowLast[r], c1)
    }
    for j in c0 ... c1 where j != c {
      columnFirst[j] = Swift.min(columnFirst[j], c)
      columnLast[j] = Swift.max(columnLast[j], r1)
    }
    columnLast[c] = c
  }
}
