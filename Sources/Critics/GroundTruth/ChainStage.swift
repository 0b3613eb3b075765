// A layer of a chain that may be a convolution, and the lower-bound search for chains that hold
// one. A convolution is applied matrix-free (`Convolution.apply`), so the chain's Jacobian
// J(x) = A_L D_{L−1} A_{L−1} ⋯ D₁ A₁ is never formed: ‖J(x)‖₂ comes from power iteration on
// JᵀJ (products with J and Jᵀ through the layers and the slopes of the forward pass), the final
// value from Golub–Kahan–Lanczos on the same operator. Both are Ritz values, ≤ ‖J(x)‖₂.
//
// The search is the dense chains' climb (`PatternClimb`): from x = 0 and seeded Gaussian inputs
// at four scales, toward the activation patterns ∂σ₁/∂D asks for and along the direction J
// stretches most, keeping a move when ‖J‖ grows; only the step toward a pattern differs, a sum
// of linearised steps along each unit's own gradient instead of least squares on explicit maps. Where f is affine around x (every
// pre-activation nonzero for ReLU and leaky ReLU) ‖J(x)‖₂ is at most the Lipschitz constant.

import DenseMatrix

/// One layer of a chain: a dense layer, or a convolution with one bias per output channel.
public enum ChainStage: Sendable {
  /// A dense layer.
  case dense(ChainLayer)
  /// A convolution (its input c_in·n^d and output c_out·⌈n/s⌉^d entries channel-major, the
  /// C-order flattening of PyTorch) and its bias, c_out entries or nil.
  case convolution(Convolution, bias: [Double]?)

  /// The length of the layer's input.
  public var inputCount: Int {
    switch self {
    case .dense(let layer): layer.weight.columns
    case .convolution(let c, _): c.inputCount
    }
  }

  /// The length of the layer's output.
  public var outputCount: Int {
    switch self {
    case .dense(let layer): layer.weight.rows
    case .convolution(let c, _): c.outputCount
    }
  }

  /// The bias: one per output (dense) or per output channel (convolution).
  public var bias: [Double]? {
    switch self {
    case .dense(let layer): layer.bias
    case .convolution(_, let bias): bias
    }
  }

  /// The dense layer, nil for a convolution.
  public var dense: ChainLayer? {
    if case .dense(let layer) = self { return layer }
    return nil
  }

  /// A x, without the bias.
  func apply(_ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: outputCount)
    x.withUnsafeBufferPointer { xp in
      y.withUnsafeMutableBufferPointer { yp in apply(xp.baseAddress!, into: yp.baseAddress!) }
    }
    return y
  }

  /// Aᵀ y.
  func applyTransposed(_ y: [Double]) -> [Double] {
    var x = [Double](repeating: 0, count: inputCount)
    y.withUnsafeBufferPointer { yp in
      x.withUnsafeMutableBufferPointer { xp in applyTransposed(yp.baseAddress!, into: xp.baseAddress!) }
    }
    return x
  }

  func apply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    switch self {
    case .dense(let layer):
      layer.weight.elements.withUnsafeBufferPointer { w in
        Kernels.gemv(w.baseAddress!, rows: layer.weight.rows, columns: layer.weight.columns, x, into: y)
      }
    case .convolution(let c, _): c.apply(x, into: y)
    }
  }

  func applyTransposed(_ y: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>) {
    switch self {
    case .dense(let layer):
      layer.weight.elements.withUnsafeBufferPointer { w in
        Kernels.gemvTransposed(w.baseAddress!, rows: layer.weight.rows, columns: layer.weight.columns, y, into: x)
      }
    case .convolution(let c, _): c.applyTransposed(y, into: x)
    }
  }

  /// A x + b, a convolution's bias repeated over each output channel's positions.
  func affine(_ x: [Double]) -> [Double] {
    var z = apply(x)
    guard let b = bias, !b.isEmpty else { return z }
    let run = z.count / b.count
    for i in z.indices { z[i] += b[i / run] }
    return z
  }
}

/// The matrix-free ascent behind the lower bound of a chain holding a convolution.
struct OperatorAscent: PatternClimb {
  let stages: [ChainStage]
  let activation: Activation
  /// The power iteration's start at the first point of a climb.
  let start: [Double]
  /// The best point found (margin > 0 for piecewise-linear activations).
  var best: AttainedInput?
  /// The slopes of the forward pass at `best`.
  private var bestSlopes: [[Double]] = []

  init(stages: [ChainStage], activation: Activation, start: [Double]) {
    self.stages = stages
    self.activation = activation
    self.start = start
  }

  struct Point: ClimbPoint {
    var x: [Double]
    var z: [[Double]]
    var slopes: [[Double]]
    var sigma: Double
    var v: [Double]
    var margin: Double
  }

  /// J v with the slopes of one forward pass.
  static func jacobianTimes(_ stages: [ChainStage], _ slopes: [[Double]], _ v: [Double]) -> [Double] {
    var t = v
    for l in stages.indices {
      t = stages[l].apply(t)
      if l < slopes.count { for i in t.indices { t[i] *= slopes[l][i] } }
    }
    return t
  }

  /// Jᵀ u.
  static func jacobianTransposeTimes(_ stages: [ChainStage], _ slopes: [[Double]], _ u: [Double]) -> [Double] {
    var t = u
    for l in stages.indices.reversed() {
      if l < slopes.count { for i in t.indices { t[i] *= slopes[l][i] } }
      t = stages[l].applyTransposed(t)
    }
    return t
  }

  /// The chain at x: the forward pass, then up to 40 power steps on JᵀJ from the singular
  /// vector of the point the search comes from (`start` for the first; `refined` finishes the
  /// best).
  func point(_ x: [Double], near: Point?) throws -> Point {
    var a = x
    var z: [[Double]] = []
    var slopes: [[Double]] = []
    for l in 0 ..< stages.count - 1 {
      let pre = stages[l].affine(a)
      let values = pre.map { activation.valueAndDerivative($0) }
      z.append(pre)
      slopes.append(values.map(\.1))
      a = values.map(\.0)
    }
    var v = Vector.normalized(near?.v ?? start)
    var sigma = 0.0
    for _ in 0 ..< 40 {
      let jv = Self.jacobianTimes(stages, slopes, v)
      let s = Vector.norm(jv)
      let converged = abs(s - sigma) <= 1e-10 * s
      sigma = max(sigma, s)
      guard s > 0 else { break }
      let next = Self.jacobianTransposeTimes(stages, slopes, jv.map { $0 / s })
      let length = Vector.norm(next)
      guard length > 0 else { break }
      v = next.map { $0 / length }
      if converged { break }
    }
    let margin = z.joined().map(abs).min() ?? .infinity
    return Point(x: x, z: z, slopes: slopes, sigma: sigma, v: v, margin: margin)
  }

  mutating func record(_ p: Point) {
    if activation.isPiecewiseLinear && !(p.margin > 0) { return }
    if p.sigma > (best?.value ?? -1) {
      best = AttainedInput(value: p.sigma, x: p.x, margin: p.margin, pattern: p.z.map { $0.map { $0 > 0 } })
      bestSlopes = p.slopes
    }
  }

  /// The patterns ∂σ₁/∂D asks for at p (as `AscentSearch.wanted`: with (u, v) J's top singular
  /// pair, unit i of layer l should be on where (uᵀA_L D ⋯ A_{l+1})_i (A_l ⋯ D₁A₁v)_i > 0): the
  /// current pattern with its largest 1, 4 and 16 disagreements switched.
  func wanted(at p: Point) -> [[[Bool]]] {
    let hidden = stages.count - 1
    guard hidden > 0, p.sigma > 0 else { return [] }
    let u = Self.jacobianTimes(stages, p.slopes, p.v).map { $0 / p.sigma }
    var r: [[Double]] = []
    var t = p.v
    for l in 0 ..< hidden {
      let rl = stages[l].apply(t)
      r.append(rl)
      t = zip(rl, p.slopes[l]).map(*)
    }
    var flips: [(layer: Int, unit: Int, size: Double)] = []
    var w = stages[hidden].applyTransposed(u)
    for l in stride(from: hidden - 1, through: 0, by: -1) {
      for i in w.indices where w[i] * r[l][i] != 0 && (w[i] * r[l][i] > 0) != (p.z[l][i] > 0) {
        flips.append((l, i, abs(w[i] * r[l][i])))
      }
      if l > 0 { w = stages[l].applyTransposed(zip(w, p.slopes[l]).map(*)) }
    }
    flips.sort { $0.size > $1.size || ($0.size == $1.size && ($0.layer, $0.unit) < ($1.layer, $1.unit)) }
    let current = p.z.map { $0.map { $0 > 0 } }
    var result: [[[Bool]]] = []
    for limit in [1, 4, 16] {
      var pattern = current
      for f in flips.prefix(limit) { pattern[f.layer][f.unit].toggle() }
      if !flips.isEmpty, !result.contains(pattern) { result.append(pattern) }
    }
    return result
  }

  /// One step from p toward `target`: for each of the (at most 16) units of the wrong sign,
  /// nearest the input side first, the step that carries its pre-activation along its own
  /// gradient to as far beyond zero as it sits before (at least half its layer's mean |z|);
  /// their sum. nil when every unit agrees.
  func step(from p: Point, toward target: [[Bool]]) -> [Double]? {
    var delta = [Double](repeating: 0, count: p.x.count)
    var moved = 0
    for (l, zl) in p.z.enumerated() {
      let scale = 0.5 * zl.reduce(0) { $0 + abs($1) } / Double(max(zl.count, 1)) + 1e-9
      for (i, z) in zl.enumerated() where (z > 0) != target[l][i] && moved < 16 {
        moved += 1
        // ∇ₓ z_{l,i} = A₁ᵀD₁ ⋯ A_lᵀ e_i.
        var g = [Double](repeating: 0, count: zl.count)
        g[i] = 1
        for k in stride(from: l, through: 0, by: -1) {
          if k < l { for j in g.indices { g[j] *= p.slopes[k][j] } }
          g = stages[k].applyTransposed(g)
        }
        let gg = Vector.dot(g, g)
        guard gg > 0 else { continue }
        let goal = (target[l][i] ? 1.0 : -1.0) * max(abs(z), scale)
        for j in delta.indices { delta[j] += (goal - z) / gg * g[j] }
      }
    }
    return moved > 0 ? zip(p.x, delta).map(+) : nil
  }

  /// `best` with its value raised to Lanczos' on J at its x, when that is larger.
  func refined(seed: UInt64, limit: Int) throws -> AttainedInput? {
    guard let best else { return nil }
    let (stages, slopes) = (self.stages, bestSlopes)
    let m = stages[stages.count - 1].outputCount, n = stages[0].inputCount
    let run = try OperatorLanczos(rows: m, columns: n).largestSingularValue(
      tolerance: 1e-13, maxIterations: 300, seed: seed, limit: limit,
      apply: { v, y in
        let jv = Self.jacobianTimes(stages, slopes, Array(UnsafeBufferPointer(start: v, count: n)))
        y.update(from: jv, count: m)
      },
      applyTransposed: { u, x in
        let ju = Self.jacobianTransposeTimes(stages, slopes, Array(UnsafeBufferPointer(start: u, count: m)))
        x.update(from: ju, count: n)
      })
    guard run.sigma > best.value else { return best }
    return AttainedInput(value: run.sigma, x: best.x, margin: best.margin, pattern: best.pattern)
  }
}
