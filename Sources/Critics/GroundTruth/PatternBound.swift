// A certified upper bound of max over activation patterns D ∈ {0,1}^h of ‖W₂ D W₁‖₂, the
// Lipschitz constant of a two-layer block x ↦ W₂ φ(W₁ x + b) for every φ with slopes in [0, 1],
// by branch and bound over the pattern with a semidefinite bound at each node.
//
// The problem. Let Q = (W₂ᵀW₂) ∘ (W₁W₁ᵀ) (h×h, positive semidefinite as a Schur product of two
// such). For a 0/1 (or [0,1]) vector d, ‖W₂ diag(d) W₁‖_F² = Σ_k ‖Σ_i d_i W₂[k,i] W₁[i,:]‖²
// = dᵀQd, and ‖·‖₂ ≤ ‖·‖_F with equality when W₂ has one row (a scalar output: Q = VVᵀ with
// v_i = w₂ᵢ·W₁[i,:]). dᵀQd is convex, so its maximum over the box [0,1]^h is at a vertex: the
// bound over {0,1}^h covers every slope pattern in [0,1]^h, i.e. every such φ.
//
// Bounds at a node (units fixed on, fixed off, the rest U free, m = |U|; c = d_onᵀQd_on,
// a = (Q d_on)_U, P = Q_UU; the node's objective is c + 2aᵀd + dᵀPd over d ∈ {0,1}^U):
// - Gram bound: c + Σ_{i∈U} max(0, 2a_i + P_ii + Σ_{j∈U, j≠i} max(0, P_ij)). Proof: the objective
//   minus c is Σ_i d_i (2a_i + P_ii + Σ_{j≠i} P_ij d_j), and each term is at most the max of 0
//   and its largest value.
// - Semidefinite bound: with d = (1 + e₀e)/2, e ∈ {±1}^U, e₀ = ±1, the objective is
//   κ + ẽᵀQ̃ẽ over ẽ = (e₀, e) ∈ {±1}^N, N = m + 1, where κ = c + Σa + ¼·1ᵀP1, Q̃₀₀ = 0,
//   Q̃₀ᵢ = Q̃ᵢ₀ = bᵢ/2 with b = a + ½P1, Q̃ᵢⱼ = Pᵢⱼ/4. For every λ ∈ ℝ^N,
//   ẽᵀQ̃ẽ = Σλᵢ + ẽᵀ(Q̃ − diag λ)ẽ ≤ Σλᵢ + N·λ_max(Q̃ − diag λ), since ‖ẽ‖² = N: a certified bound
//   for any λ (the dual of Shor's relaxation, the semidefinite program LipSDP-type bounds solve).
//   λ comes from the relaxation's primal solved by the mixing method (Wang, Chang & Kolter 2017:
//   X = YYᵀ with unit rows, each row in turn set to the direction of Σ_{j≠i} Q̃ᵢⱼ y_j), λᵢ =
//   yᵢᵀ(Q̃Y)ᵢ; λ_max is bounded above through the SVD of Q̃ − diag λ + sI, s its Gershgorin radius
//   (positive semidefinite, so its σ₁ is λ_max + s), plus a rounding margin.
// - A node with at most `enumerationSize` free units is evaluated exactly by running through
//   its 2^m patterns in Gray-code order (one O(h) update per pattern).
// Incumbents: the rounding sign(y₀·yᵢ) of each node's relaxation, then ascent: d ← [Qd > 0]
// (which never decreases dᵀQd: f(d′) ≥ f(d) + 2(Qd)ᵀ(d′ − d) ≥ f(d) for convex f) and single
// flips until none improves. For a scalar output [Qd > 0]ᵢ is [uᵀvᵢ > 0] with u = s/‖s‖.
//
// Search: best first (the open node with the largest bound), branching on the free unit the
// relaxation is least sure of (smallest |y₀·yᵢ|); a node whose bound is at most the incumbent
// (to 1e-12) is closed. It stops when the largest open bound is within `relativeGap` of the
// incumbent (on the norms, not their squares), at the node budget, or when interrupted; the
// certified bound is then the largest of the incumbent, the open bounds and the closed ones.

import DenseMatrix

/// The outcome of branch and bound over the activation patterns of a two-layer block.
public struct PatternBound: Sendable, Equatable {
  /// A certified upper bound of max_D ‖W₂DW₁‖ (Frobenius; spectral for one output row).
  public let upper: Double
  /// The best pattern's ‖W₂DW₁‖_F (its ‖·‖₂ for one output row): a value the maximum reaches.
  public let best: Double
  /// The best pattern found, one flag per hidden unit (true: active).
  public let pattern: [Bool]
  /// Nodes expanded.
  public let nodes: Int
  /// True when the search closed (no open node above `relativeGap`); false when it stopped at
  /// the node budget or an interruption.
  public let closed: Bool
  /// True when the bound is on the Frobenius norm (more than one output row).
  public let isFrobenius: Bool

  /// The relative gap (upper − best)/best, 0 when both are 0.
  public var gap: Double { best > 0 ? (upper - best) / best : (upper > 0 ? .infinity : 0) }
}

extension PatternBound {
  /// Free units up to which a node is evaluated by enumerating its patterns.
  public static let enumerationSize = 12

  /// The bound for W₂·φ(W₁x + b) (W₁ h×n, W₂ m×h).
  ///
  /// Cost per node O(h²·r·sweeps) for the relaxation (r ≈ √(2h), sweeps ≤ 200) plus an h×h SVD;
  /// nodes ≤ `nodeBudget`. Deterministic for a given `seed`. `progress(nodes)` is called every
  /// 16 nodes; `isInterrupted` is polled at every node and stops the search (closed = false).
  /// - Throws: `MatrixError.shapeMismatch` when W₂.columns ≠ W₁.rows, `nonFinite` for NaN or ∞.
  public static func search(
    w1: Matrix, w2: Matrix, relativeGap: Double = 1e-3, nodeBudget: Int = 20_000, seed: UInt64 = 0,
    isInterrupted: () -> Bool = { false }, progress: (Int) -> Void = { _ in }
  ) throws -> PatternBound {
    guard w2.columns == w1.rows else {
      throw MatrixError.shapeMismatch(op: "pattern bound", lhs: w2.shape, rhs: w1.shape)
    }
    guard w1.isFinite, w2.isFinite else { throw MatrixError.nonFinite(op: "pattern bound") }
    let h = w1.rows
    // Q = (W₂ᵀW₂) ∘ (W₁W₁ᵀ).
    let g1 = try w1 * w1.transposed()
    let g2 = try w2.transposed() * w2
    var q = [Double](repeating: 0, count: h * h)
    for i in 0 ..< h * h { q[i] = g1.elements[i] * g2.elements[i] }
    var solver = PatternSearch(q: q, h: h, seed: seed)
    let outcome = solver.run(
      relativeGap: relativeGap, nodeBudget: nodeBudget, isInterrupted: isInterrupted, progress: progress)
    return PatternBound(
      upper: outcome.upper.squareRoot(), best: outcome.best.squareRoot(), pattern: outcome.pattern,
      nodes: outcome.nodes, closed: outcome.closed, isFrobenius: w2.rows > 1)
  }
}

/// The branch and bound over d ∈ {0,1}^h of dᵀQd (see the file's header).
struct PatternSearch {
  let q: [Double]
  let h: Int
  var random: RandomSource
  /// The incumbent dᵀQd and its pattern.
  var best = 0.0
  var bestPattern: [Bool]

  init(q: [Double], h: Int, seed: UInt64) {
    self.q = q
    self.h = h
    self.random = RandomSource(seed: seed)
    self.bestPattern = [Bool](repeating: false, count: h)
  }

  /// A node: each unit's state, 1 on, 0 off, −1 free.
  struct Node {
    var state: [Int8]
    var bound: Double
    /// The free unit to branch on (−1 when the node was evaluated exactly).
    var branch: Int
  }

  struct Outcome {
    var upper: Double
    var best: Double
    var pattern: [Bool]
    var nodes: Int
    var closed: Bool
  }

  mutating func run(
    relativeGap: Double, nodeBudget: Int, isInterrupted: () -> Bool, progress: (Int) -> Void
  ) -> Outcome {
    // Units with Q_ii = 0 have a zero row (Q is semidefinite): off, they change nothing.
    let root = [Int8](repeating: -1, count: h).enumerated().map { i, s in q[i * h + i] > 0 ? s : 0 }
    improve(root.map { $0 != 0 })
    var heap = NodeHeap()
    var closedMax = 0.0
    let first = evaluate(root)
    if first.branch < 0 { closedMax = first.bound } else { heap.push(first) }
    var nodes = 0
    var stopped = false
    while let top = heap.peek {
      if top.bound <= best * (1 + 1e-12) || within(relativeGap, top.bound) { break }
      if nodes >= nodeBudget || isInterrupted() {
        stopped = true
        break
      }
      heap.pop()
      nodes += 1
      if nodes % 16 == 0 { progress(nodes) }
      for value: Int8 in [1, 0] {
        var state = top.state
        state[top.branch] = value
        let child = evaluate(state)
        if child.branch < 0 || child.bound <= best * (1 + 1e-12) {
          closedMax = max(closedMax, child.bound)
        } else {
          heap.push(child)
        }
      }
    }
    let openMax = heap.peek?.bound ?? 0
    return Outcome(
      upper: max(best, closedMax, openMax), best: best, pattern: bestPattern, nodes: nodes,
      closed: !stopped)
  }

  /// True when √bound ≤ (1 + gap)·√best.
  private func within(_ gap: Double, _ bound: Double) -> Bool {
    best > 0 && bound.squareRoot() <= (1 + gap) * best.squareRoot()
  }

  /// The node's bound (exact when few units are free), updating the incumbent.
  mutating func evaluate(_ state: [Int8]) -> Node {
    let free = state.indices.filter { state[$0] < 0 }
    var on = [Double](repeating: 0, count: h)
    for i in 0 ..< h where state[i] == 1 { on[i] = 1 }
    let qOn = times(on)
    let c = Vector.dot(on, qOn)
    let m = free.count
    if m <= PatternBound.enumerationSize {
      return Node(state: state, bound: enumerate(state, free: free, c: c, qOn: qOn), branch: -1)
    }
    let a = free.map { qOn[$0] }
    var p = [Double](repeating: 0, count: m * m)
    for (k, i) in free.enumerated() {
      for (l, j) in free.enumerated() { p[k * m + l] = q[i * h + j] }
    }
    // The Gram bound, then the semidefinite one when the Gram bound does not close the node.
    var gram = c
    for k in 0 ..< m {
      var row = 2 * a[k] + p[k * m + k]
      for l in 0 ..< m where l != k { row += max(0, p[k * m + l]) }
      gram += max(0, row)
    }
    if gram <= best * (1 + 1e-12) { return Node(state: state, bound: gram, branch: -1) }
    let relaxation = Relaxation(c: c, a: a, p: p, m: m, random: &random)
    // The rounding of the relaxation as an incumbent.
    var rounded = state.map { $0 == 1 }
    for (k, i) in free.enumerated() where relaxation.correlation[k] > 0 { rounded[i] = true }
    improve(rounded)
    var branchAt = 0
    for k in 1 ..< m where abs(relaxation.correlation[k]) < abs(relaxation.correlation[branchAt]) { branchAt = k }
    return Node(state: state, bound: min(gram, relaxation.bound), branch: free[branchAt])
  }

  /// The exact maximum over the free units' 2^m patterns (Gray code), updating the incumbent.
  private mutating func enumerate(_ state: [Int8], free: [Int], c: Double, qOn: [Double]) -> Double {
    var d = state.map { $0 == 1 }
    var s = qOn
    var value = c
    var top = c
    var topCode = 0
    var code = 0
    let count = 1 << free.count
    for step in 1 ..< max(count, 1) {
      let k = step.trailingZeroBitCount
      let i = free[k]
      let delta: Double = d[i] ? -1 : 1
      value += 2 * delta * s[i] + q[i * h + i]
      addRow(i, times: delta, to: &s)
      d[i].toggle()
      code ^= 1 << k
      if value > top {
        top = value
        topCode = code
      }
    }
    if top > best {
      var pattern = state.map { $0 == 1 }
      for (k, i) in free.enumerated() where topCode & (1 << k) != 0 { pattern[i] = true }
      best = top
      bestPattern = pattern
    }
    return top
  }

  /// Ascent from `start` (d ← [Qd > 0], then single flips); keeps the result when it is the best.
  mutating func improve(_ start: [Bool]) {
    var d = start.map { $0 ? 1.0 : 0.0 }
    var s = times(d)
    var value = Vector.dot(d, s)
    for _ in 0 ..< 4 * h + 8 {
      var changed = false
      let next = s.map { $0 > 0 ? 1.0 : 0.0 }
      let nextS = times(next)
      let nextValue = Vector.dot(next, nextS)
      if nextValue > value * (1 + 1e-15) {
        (d, s, value, changed) = (next, nextS, nextValue, true)
      }
      for i in 0 ..< h {
        let delta = 1 - 2 * d[i]
        let gain = 2 * delta * s[i] + q[i * h + i]
        if gain > 1e-15 * max(value, 1e-300) {
          d[i] += delta
          addRow(i, times: delta, to: &s)
          value += gain
          changed = true
        }
      }
      if !changed { break }
    }
    if value > best {
      best = value
      bestPattern = d.map { $0 > 0 }
    }
  }

  /// Q·x (`Kernels.gemv`).
  private func times(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: h)
    q.withUnsafeBufferPointer { qp in
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeMutableBufferPointer { yp in
          Kernels.gemv(qp.baseAddress!, rows: h, columns: h, xp.baseAddress!, into: yp.baseAddress!)
        }
      }
    }
    return y
  }

  /// s += δ·Q[i, :] (Q is symmetric: its row i is its column i).
  private func addRow(_ i: Int, times delta: Double, to s: inout [Double]) {
    let offset = i * h
    for j in 0 ..< h { s[j] += delta * q[offset + j] }
  }
}

/// The semidefinite bound of max over d ∈ {0,1}^m of c + 2aᵀd + dᵀPd (see the file's header).
struct Relaxation {
  /// The certified bound.
  let bound: Double
  /// y₀·yᵢ for each free unit: its sign is the rounding, its size how sure the relaxation is.
  let correlation: [Double]

  /// Largest number of mixing sweeps.
  static let sweeps = 200

  init(c: Double, a: [Double], p: [Double], m: Int, random: inout RandomSource) {
    let n = m + 1
    // Q̃ and κ.
    var qt = [Double](repeating: 0, count: n * n)
    var kappa = c
    for k in 0 ..< m {
      var rowSum = 0.0
      for l in 0 ..< m { rowSum += p[k * m + l] }
      kappa += a[k] + rowSum / 4
      let b = a[k] + rowSum / 2
      qt[k + 1] = b / 2
      qt[(k + 1) * n] = b / 2
      for l in 0 ..< m { qt[(k + 1) * n + l + 1] = p[k * m + l] / 4 }
    }
    // The mixing method on X = YYᵀ, Y n×r with unit rows.
    let r = min(n, Int(Double(2 * n).squareRoot().rounded(.up)) + 1)
    var y = [Double](repeating: 0, count: n * r)
    for i in 0 ..< n {
      var norm = 0.0
      for t in 0 ..< r {
        let z = random.normal()
        y[i * r + t] = z
        norm += z * z
      }
      norm = norm.squareRoot()
      for t in 0 ..< r { y[i * r + t] /= norm }
    }
    var g = [Double](repeating: 0, count: r)
    var previous = -Double.infinity
    for _ in 0 ..< Self.sweeps {
      var objective = 0.0
      for i in 0 ..< n {
        // g = Σ_{j≠i} Q̃ᵢⱼ yⱼ = Yᵀ Q̃[i, :] − Q̃ᵢᵢ yᵢ.
        qt.withUnsafeBufferPointer { qp in
          y.withUnsafeBufferPointer { yp in
            g.withUnsafeMutableBufferPointer { gp in
              Kernels.gemvTransposed(yp.baseAddress!, rows: n, columns: r, qp.baseAddress! + i * n, into: gp.baseAddress!)
            }
          }
        }
        for t in 0 ..< r { g[t] -= qt[i * n + i] * y[i * r + t] }
        let norm = Vector.norm(g)
        guard norm > 0 else { continue }
        for t in 0 ..< r { y[i * r + t] = g[t] / norm }
        objective += norm
      }
      if objective - previous <= 1e-12 * abs(objective) { break }
      previous = objective
    }
    // λᵢ = yᵢᵀ(Q̃Y)ᵢ, and the certificate Σλ + N·λ_max(Q̃ − diag λ).
    let qy = (try? Matrix(rows: n, columns: n, elements: qt) * Matrix(rows: n, columns: r, elements: y))?.elements
      ?? [Double](repeating: .nan, count: n * r)
    let lambda = (0 ..< n).map { i in Vector.dot(Array(y[i * r ..< (i + 1) * r]), Array(qy[i * r ..< (i + 1) * r])) }
    var shifted = qt
    for i in 0 ..< n { shifted[i * n + i] -= lambda[i] }
    var radius = 0.0
    for i in 0 ..< n {
      var s = 0.0
      for j in 0 ..< n { s += abs(shifted[i * n + j]) }
      radius = max(radius, s)
    }
    for i in 0 ..< n { shifted[i * n + i] += radius }
    let sigma = (try? Matrix(rows: n, columns: n, elements: shifted).singularValues().first) ?? nil
    let margin = 64 * Double(n) * Double.ulpOfOne * max(radius, sigma ?? 0)
    // NOTE: an SVD that fails (it cannot on finite entries) falls back to Gershgorin's λ_max ≤ radius.
    let lambdaMax = (sigma.map { $0 - radius } ?? radius) + margin
    bound = kappa + lambda.reduce(0, +) + Double(n) * lambdaMax
    correlation = (0 ..< m).map { k in
      var dot = 0.0
      for t in 0 ..< r { dot += y[t] * y[(k + 1) * r + t] }
      return dot
    }
  }
}

/// A max-heap of nodes by bound (ties: first pushed first).
struct NodeHeap {
  private var items: [(node: PatternSearch.Node, order: Int)] = []
  private var pushed = 0

  var peek: PatternSearch.Node? { items.first?.node }

  private func above(_ i: Int, _ j: Int) -> Bool {
    items[i].node.bound > items[j].node.bound
      || (items[i].node.bound == items[j].node.bound && items[i].order < items[j].order)
  }

  mutating func push(_ node: PatternSearch.Node) {
    items.append((node, pushed))
    pushed += 1
    var i = items.count - 1
    while i > 0, above(i, (i - 1) / 2) {
      items.swapAt(i, (i - 1) / 2)
      i = (i - 1) / 2
    }
  }

  mutating func pop() {
    items.swapAt(0, items.count - 1)
    items.removeLast()
    var i = 0
    while true {
      let (l, r) = (2 * i + 1, 2 * i + 2)
      var top = i
      if l < items.count, above(l, top) { top = l }
      if r < items.count, above(r, top) { top = r }
      if top == i { break }
      items.swapAt(i, top)
      i = top
    }
  }
}
