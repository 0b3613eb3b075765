// The singular values (and vectors) of an upper bidiagonal matrix B by implicit QR sweeps, to
// high relative accuracy: Demmel & Kahan, "Accurate singular values of bidiagonal matrices"
// (SIAM J. Sci. Stat. Comput. 11, 1990), the algorithm of LAPACK's dbdsqr.
//
// Each sweep chases a bulge through the active block with plane rotations, from the end with
// the larger diagonal entry. The shift is the smaller singular value of the trailing 2×2 block,
// except when it would be negligible against the block's smallest singular value estimate;
// then the zero-shift sweep is used, which computes every entry without cancellation, so even
// tiny singular values come out with relative accuracy. Off-diagonal entries are dropped by
// the relative tests of Demmel & Kahan (|e_j| ≤ tol·μ_j, μ the running estimate of σ_min of
// the leading part), which keep that accuracy.
//
// With vectors, B = Lᵀ·Σ·R: the rotations are logged and applied in strips of 64 columns of L
// and R (n×n, rows are the vectors) that stay in the L2 cache, many sweeps per pass over a strip.

/// The bidiagonal QR iteration (internal).
struct BidiagonalQR {
  /// A rotation acting on rows (i, i + 1) of L or R, and its cosine and sine.
  private var leftLog: [(Int32, Double, Double)] = []
  private var rightLog: [(Int32, Double, Double)] = []
  /// The sweeps in the logs (the same for both), in order.
  private var chains: [RotationChain] = []
  /// Rows of L and R are the vectors: n×n row-major; nil for singular values only.
  private let left: UnsafeMutablePointer<Double>?
  private let right: UnsafeMutablePointer<Double>?
  private let n: Int
  /// How many rotations are logged before they are applied.
  private let logCapacity: Int

  /// The iteration did not converge within its sweep budget (never observed; the caller
  /// falls back to the Jacobi SVD).
  struct NotConverged: Error {}

  private init(n: Int, left: UnsafeMutablePointer<Double>?, right: UnsafeMutablePointer<Double>?) {
    self.n = n
    self.left = left
    self.right = right
    logCapacity = 1 << 15
    if left != nil {
      leftLog.reserveCapacity(logCapacity)
      rightLog.reserveCapacity(logCapacity)
    }
  }

  /// Replaces `d` (n entries) by the singular values of the bidiagonal matrix with diagonal `d`
  /// and superdiagonal `e` (n − 1 entries, destroyed), sorted descending. With `left` and
  /// `right` (n×n row-major, both the identity or any L₀, R₀) they are updated to L₀·…, R₀·…
  /// so that B = Lᵀ·diag(d)·R, their rows sorted with d.
  ///
  /// `checkpoint` receives the fraction of sweeps done (against a typical count) every few
  /// milliseconds. O(n²) without vectors, O(n³) with (about 12n³ flops, vectorised rotations).
  /// - Throws: `NotConverged` after 6n² inner steps; what `checkpoint` throws.
  static func solve(
    _ d: inout [Double], _ e: inout [Double], left: UnsafeMutablePointer<Double>? = nil,
    right: UnsafeMutablePointer<Double>? = nil, checkpoint: (Double) throws -> Void
  ) throws {
    let n = d.count
    var solver = BidiagonalQR(n: n, left: left, right: right)
    if n > 1 {
      try d.withUnsafeMutableBufferPointer { dp in
        try e.withUnsafeMutableBufferPointer { ep in
          try solver.iterate(dp.baseAddress!, ep.baseAddress!, checkpoint: checkpoint)
        }
      }
    }
    try solver.flush(checkpoint: checkpoint)
    solver.finish(&d)
  }

  /// The QR sweeps until every superdiagonal entry is negligible.
  private mutating func iterate(
    _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>,
    checkpoint: (Double) throws -> Void
  ) throws {
    let eps = Double.ulpOfOne / 2
    // NOTE: LAPACK's tolerance: tol = ε·max(10, min(100, ε^(−1/8))) ≈ 1.1e−14.
    let tol = eps * Swift.max(10, Swift.min(100, (1 / eps).squareRoot().squareRoot().squareRoot()))
    let maxSteps = 6 * n * n
    // σ_min estimate of the whole matrix (Demmel & Kahan's recurrence), for the absolute floor.
    var mu = Swift.abs(d[0])
    var smallest = mu
    for i in 1 ..< n where smallest > 0 {
      mu = Swift.abs(d[i]) * (mu / (mu + Swift.abs(e[i - 1])))
      smallest = Swift.min(smallest, mu)
    }
    let threshold = Swift.max(
      tol * smallest / Double(n).squareRoot(), 6 * Double(n) * Double(n) * Double.leastNormalMagnitude)
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 6 * n)
    defer { scratch.deallocate() }
    var steps = 0
    var work = 0
    var hi = n - 1
    var (oldLow, oldHigh) = (-1, -1)
    var chaseDown = true
    outer: while hi > 0 {
      guard steps <= maxSteps else { throw NotConverged() }
      // The active block low...hi: the largest one ending at hi with no negligible e.
      if Swift.abs(e[hi - 1]) <= threshold {
        e[hi - 1] = 0
        hi -= 1
        continue
      }
      var low = 0
      var blockMax = Swift.max(Swift.abs(d[hi]), Swift.abs(e[hi - 1]))
      var j = hi - 1
      while j > 0 {
        if Swift.abs(e[j - 1]) <= threshold {
          e[j - 1] = 0
          low = j
          break
        }
        blockMax = Swift.max(blockMax, Swift.abs(d[j]), Swift.abs(e[j - 1]))
        j -= 1
      }
      blockMax = Swift.max(blockMax, Swift.abs(d[low]))
      if low > oldHigh || hi < oldLow {
        // A new block: chase from the end with the larger diagonal entry.
        chaseDown = Swift.abs(d[low]) >= Swift.abs(d[hi])
      }
      // Relative convergence tests (Demmel & Kahan §4), in the chasing direction.
      var sminEstimate: Double
      if chaseDown {
        if Swift.abs(e[hi - 1]) <= tol * Swift.abs(d[hi]) {
          e[hi - 1] = 0
          continue
        }
        var mu = Swift.abs(d[low])
        sminEstimate = mu
        for l in low ..< hi {
          if Swift.abs(e[l]) <= tol * mu {
            e[l] = 0
            continue outer
          }
          mu = Swift.abs(d[l + 1]) * (mu / (mu + Swift.abs(e[l])))
          sminEstimate = Swift.min(sminEstimate, mu)
        }
      } else {
        if Swift.abs(e[low]) <= tol * Swift.abs(d[low]) {
          e[low] = 0
          continue
        }
        var mu = Swift.abs(d[hi])
        sminEstimate = mu
        for l in stride(from: hi - 1, through: low, by: -1) {
          if Swift.abs(e[l]) <= tol * mu {
            e[l] = 0
            continue outer
          }
          mu = Swift.abs(d[l]) * (mu / (mu + Swift.abs(e[l])))
          sminEstimate = Swift.min(sminEstimate, mu)
        }
      }
      (oldLow, oldHigh) = (low, hi)
      // The shift: zero when it could not be told from rounding against σ_min of the block.
      var shift = 0.0
      if Double(n) * tol * (sminEstimate / blockMax) > Swift.max(eps, 0.01 * tol) {
        let (end, f, g, h) = chaseDown
          ? (Swift.abs(d[low]), d[hi - 1], e[hi - 1], d[hi])
          : (Swift.abs(d[hi]), d[low], e[low], d[low + 1])
        shift = Self.smallerSingularValue(f, g, h)
        if end > 0 && (shift / end) * (shift / end) < eps { shift = 0 }
      }
      let count = hi - low + 1
      steps += count - 1
      work += count
      if chaseDown {
        sweep(d + low, e + low, count: count, shift: shift, rotations: scratch)
        try log(from: scratch, count: count - 1, at: low, reversed: false)
        if Swift.abs(e[hi - 1]) <= threshold { e[hi - 1] = 0 }
      } else {
        // The bottom-up sweep is the top-down one on the reversed block J·Bᵀ·J.
        let (rd, re) = (scratch + 4 * n, scratch + 5 * n)
        for i in 0 ..< count { rd[i] = d[hi - i] }
        for i in 0 ..< count - 1 { re[i] = e[hi - 1 - i] }
        sweep(rd, re, count: count, shift: shift, rotations: scratch)
        for i in 0 ..< count { d[hi - i] = rd[i] }
        for i in 0 ..< count - 1 { e[hi - 1 - i] = re[i] }
        try log(from: scratch, count: count - 1, at: low, reversed: true)
        if Swift.abs(e[low]) <= threshold { e[low] = 0 }
      }
      if work > 1 << 14 {
        work = 0
        try checkpoint(Swift.min(0.99, Double(steps) / (2 * Double(n) * Double(n))))
      }
    }
  }

  /// One implicit QR sweep on the block d[0..<count], e[0..<count−1]: Demmel–Kahan's zero-shift
  /// sweep when `shift` is 0, else the standard shifted one. Writes the right rotations
  /// (c, s) of step i to rotations[2i], [2i + 1] and the left ones to rotations[2(count−1) + …].
  private func sweep(
    _ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>, count: Int,
    shift: Double, rotations: UnsafeMutablePointer<Double>
  ) {
    let last = count - 1
    let leftRotations = rotations + 2 * last
    if shift == 0 {
      var (cs, oldcs, oldsn) = (1.0, 1.0, 0.0)
      for i in 0 ..< last {
        let (c, s, r) = Self.rotation(d[i] * cs, e[i])
        cs = c
        if i > 0 { e[i - 1] = oldsn * r }
        let (lc, ls, lr) = Self.rotation(oldcs * r, d[i + 1] * s)
        (oldcs, oldsn, d[i]) = (lc, ls, lr)
        rotations[2 * i] = c
        rotations[2 * i + 1] = s
        leftRotations[2 * i] = lc
        leftRotations[2 * i + 1] = ls
      }
      let h = d[last] * cs
      d[last] = h * oldcs
      e[last - 1] = h * oldsn
      return
    }
    let d0 = d[0]
    var f = (Swift.abs(d0) - shift) * ((d0 >= 0 ? 1 : -1) + shift / d0)
    var g = e[0]
    for i in 0 ..< last {
      let (cr, sr, rr) = Self.rotation(f, g)
      if i > 0 { e[i - 1] = rr }
      f = cr * d[i] + sr * e[i]
      e[i] = cr * e[i] - sr * d[i]
      g = sr * d[i + 1]
      d[i + 1] = cr * d[i + 1]
      let (cl, sl, rl) = Self.rotation(f, g)
      d[i] = rl
      f = cl * e[i] + sl * d[i + 1]
      d[i + 1] = cl * d[i + 1] - sl * e[i]
      if i < last - 1 {
        g = sl * e[i + 1]
        e[i + 1] = cl * e[i + 1]
      }
      rotations[2 * i] = cr
      rotations[2 * i + 1] = sr
      leftRotations[2 * i] = cl
      leftRotations[2 * i + 1] = sl
    }
    e[last - 1] = f
  }

  /// Logs a sweep's rotations for the vectors (nothing without vectors). A rotation (c, s) of
  /// block rows (i, i + 1) acts on rows (low + i, low + i + 1); in a reversed block it is
  /// (c, −s) on rows (hi − i − 1, hi − i), and left and right trade places.
  private mutating func log(
    from rotations: UnsafePointer<Double>, count: Int, at low: Int, reversed: Bool
  ) throws {
    guard left != nil else { return }
    let leftRotations = rotations + 2 * count
    let hi = low + count
    if count > 0 { chains.append(RotationChain(first: leftLog.count, count: count, descending: reversed)) }
    for i in 0 ..< count {
      let (rc, rs, lc, ls) = (rotations[2 * i], rotations[2 * i + 1], leftRotations[2 * i], leftRotations[2 * i + 1])
      if reversed {
        let row = Int32(hi - i - 1)
        leftLog.append((row, rc, -rs))
        rightLog.append((row, lc, -ls))
      } else {
        let row = Int32(low + i)
        rightLog.append((row, rc, rs))
        leftLog.append((row, lc, ls))
      }
    }
    if leftLog.count >= logCapacity { try flush(checkpoint: { _ in }) }
  }

  /// Applies the logged rotations to L and R, strip of 16 columns by strip, and empties the
  /// logs.
  ///
  /// NOTE: four sweeps at a time pass down a strip as a wavefront (`Kernels.rotateChains`), so
  /// that each row of the strip is read and written once per four sweeps; the strip (n rows ×
  /// 16 columns, 128 KiB for n = 1024) stays in L2 for the whole log. The result does not
  /// depend on the strip width: each entry sees the same rotations in the same order.
  private mutating func flush(checkpoint: (Double) throws -> Void) throws {
    guard let left, let right, !leftLog.isEmpty else { return }
    let width = Kernels.rotationStripWidth
    for (matrix, entries) in [(left, leftLog), (right, rightLog)] {
      try entries.withUnsafeBufferPointer { log in
        var c0 = 0
        while c0 + width <= n {
          Kernels.rotateChains(matrix + c0, ld: n, log, chains)
          c0 += width
          if c0 % 256 == 0 { try Interruption.checkpoint() }
        }
        if c0 < n {
          for (row, c, s) in log {
            let x = matrix + Int(row) * n + c0
            Kernels.rotateRows(x, x + n, count: n - c0, c: c, s: s)
          }
        }
      }
    }
    leftLog.removeAll(keepingCapacity: true)
    rightLog.removeAll(keepingCapacity: true)
    chains.removeAll(keepingCapacity: true)
  }

  /// Makes d non-negative (negating the matching rows of R) and sorts it descending, permuting
  /// the rows of L and R alike.
  private func finish(_ d: inout [Double]) {
    for i in 0 ..< n where d[i] < 0 {
      d[i] = -d[i]
      if let right { Kernels.scale(-1, right + i * n, count: n) }
    }
    guard left != nil || right != nil else {
      d.sort(by: >)
      return
    }
    // Selection sort: at most n − 1 row swaps.
    for i in 0 ..< n {
      var largest = i
      for j in i + 1 ..< n where d[j] > d[largest] { largest = j }
      guard largest != i else { continue }
      d.swapAt(i, largest)
      for matrix in [left, right].compactMap({ $0 }) {
        let (x, y) = (matrix + i * n, matrix + largest * n)
        for c in 0 ..< n { (x[c], y[c]) = (y[c], x[c]) }
      }
    }
  }
}

extension BidiagonalQR {
  /// The plane rotation (c, s, r) with c·f + s·g = r, −s·f + c·g = 0, c² + s² = 1.
  ///
  /// NOTE: r = sqrt(f² + g²) directly while both squares stay in range, else through the
  /// larger magnitude (no overflow or harmful underflow).
  @inline(__always)
  static func rotation(_ f: Double, _ g: Double) -> (c: Double, s: Double, r: Double) {
    if g == 0 { return (1, 0, f) }
    if f == 0 { return (0, 1, g) }
    let r = Householder.hypot(f, g)
    return (f / r, g / r, r)
  }

  /// The smaller singular value of the 2×2 upper triangular [[f, g], [0, h]].
  ///
  /// NOTE: from (σ₁ ± σ₂)² = (|f| ± |h|)² + g² and σ₁σ₂ = |fh|:
  /// σ₂ = 2·min·/(sqrt((1 + r)² + q²) + sqrt((1 − r)² + q²)) with r = min/max of |f|, |h| and
  /// q = |g|/max; when |g| ≥ max the same is written through max/|g| so nothing overflows.
  static func smallerSingularValue(_ f: Double, _ g: Double, _ h: Double) -> Double {
    let (fa, ga, ha) = (Swift.abs(f), Swift.abs(g), Swift.abs(h))
    let small = Swift.min(fa, ha), big = Swift.max(fa, ha)
    guard small > 0 else { return 0 }
    let plus = 1 + small / big, minus = (big - small) / big
    if ga < big {
      let q = (ga / big) * (ga / big)
      return 2 * small / ((plus * plus + q).squareRoot() + (minus * minus + q).squareRoot())
    }
    let t = big / ga
    if t == 0 { return small * big / ga }
    let c = 1 / ((1 + (plus * t) * (plus * t)).squareRoot() + (1 + (minus * t) * (minus * t)).squareRoot())
    return 2 * (small * c) * t
  }
}
