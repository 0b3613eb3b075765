// The Lipschitz constant (ℓ₂ → ℓ₂) of a chain x ↦ W_L φ(… φ(W₁x + b₁) …) + b_L with a 1-Lipschitz
// activation whose slopes lie in [0, 1], bracketed from both sides (MATH.md §10).
//
// Upper bounds. The product Π‖W_l‖₂. A certified bound below it: the chain split into blocks of
// one layer (its σ₁) or two consecutive layers (W_{l+1} φ W_l, bounded by `PatternBound`: the
// largest ‖W_{l+1} D W_l‖ over slope patterns D, which covers every φ with slopes in [0, 1]);
// Lipschitz constants multiply along a composition and φ is 1-Lipschitz, so the product of the
// block bounds is a bound, and with every block of one layer it is the product bound: the best
// split (by dynamic programming over the chain) is never above it.
//
// Lower bound (ReLU and leaky ReLU, where a point's Jacobian is the product for its pattern; for
// tanh the same ascent reads the derivative at each point): ‖J(x)‖₂ at an actual input x is at
// most the constant wherever f is differentiable, i.e. where no pre-activation is 0. The search
// starts from x = 0, from the best pattern of a two-layer chain, and from seeded Gaussian inputs,
// and climbs over patterns: at x, with (u, v) J's top singular pair, ∂σ₁/∂D_{l,ii} =
// (uᵀW_L D ⋯ W_{l+1})_i (W_l ⋯ D₁W₁v)_i says which units to switch on (> 0) and off (< 0); the
// input that realises that target pattern is sought by least squares on the local affine maps of
// the pre-activations (a few Gauss–Newton steps), and the move is kept when ‖J‖ grows.
//
// Convolutions (`ChainStage`): each is a block of its own, measured by its operator norm in the
// product and by a certified ceiling in the certified bound; a chain holding one is searched
// matrix-free (`OperatorAscent`).

import DenseMatrix
import RealModule

/// One affine layer of a chain.
public struct ChainLayer: Sendable, Equatable {
  /// The weight, fan-out × fan-in.
  public var weight: Matrix
  /// The bias (fan-out entries), or nil for none; it moves the activation patterns, not the bounds.
  public var bias: [Double]?

  /// A layer.
  public init(weight: Matrix, bias: [Double]? = nil) {
    self.weight = weight
    self.bias = bias
  }
}

/// How hard `ChainLipschitz` searches.
public struct ChainSearchOptions: Sendable, Equatable {
  /// Branch and bound stops when the upper bound is within this of the best pattern.
  public var relativeGap = 1e-3
  /// Nodes per pair of layers.
  public var nodeBudget = 20_000
  /// Random starts of the lower-bound search.
  public var restarts = 32
  /// The seed of the random starts and relaxations.
  public var seed: UInt64 = 0

  /// The defaults.
  public init() {}
}

extension ChainLipschitz {
  /// The dense layers of `stages`, nil when one is a convolution.
  static func denseLayers(_ stages: [ChainStage]) -> [ChainLayer]? {
    let layers = stages.compactMap(\.dense)
    return layers.count == stages.count ? layers : nil
  }

  /// `count` Gaussian inputs of n entries at four scales in turn (1, 0.3, 3, 0.1): which
  /// patterns dominate depends on |x| against the biases.
  static func gaussianStarts(_ count: Int, _ n: Int, _ random: inout RandomSource) -> [[Double]] {
    (0 ..< count).map { k in
      let scale = [1, 0.3, 3, 0.1][k % 4]
      return (0 ..< n).map { _ in scale * random.normal() }
    }
  }
}

/// An input where the chain's Jacobian is as large as found.
public struct AttainedInput: Sendable, Equatable {
  /// ‖J(x)‖₂.
  public let value: Double
  /// The input x.
  public let x: [Double]
  /// The smallest |pre-activation| at x: f is affine around x (the pattern is realised) when > 0.
  public let margin: Double
  /// Each hidden unit's pattern at x (pre-activation > 0), layer after layer.
  public let pattern: [[Bool]]
}

/// Both sides of a chain's Lipschitz constant.
public struct ChainLipschitz: Sendable {
  /// σ₁ of each layer: a convolution's operator norm, exact by the FFT (circular padding, stride
  /// 1) or by Lanczos (an estimate from below; see `convolutionNorms`).
  public let sigmas: [Double]
  /// The certified upper bound on each layer's norm: σ₁ for a dense layer, a convolution's
  /// `ConvolutionNorms.ceiling` (equal to its norm for circular padding and stride 1).
  public let certifiedSigmas: [Double]
  /// Each convolution's norms, nil for a dense layer.
  public let convolutionNorms: [ConvolutionNorms?]
  /// Π σ₁ (certified only when no convolution was measured by Lanczos).
  public let product: Double
  /// For each consecutive pair (l, l + 1), its pattern bound, or nil when its relaxation at the
  /// root was not below σ₁σ₁ (the pair is then measured by the product).
  public let pairs: [PatternBound?]
  /// The sizes (1 or 2) of the blocks of the certified bound, input side first.
  public let blocks: [Int]
  /// The certified upper bound, ≤ Π `certifiedSigmas`.
  public let upper: Double
  /// The best input found, nil when the activation is not given.
  public let attained: AttainedInput?
  /// For two ReLU layers: ‖W₂DW₁‖₂ of the best pattern of the branch and bound.
  public let bestPattern: Double?
  /// True when an input realising the best pattern was found.
  public let bestPatternRealised: Bool
  /// True when Ctrl-C stopped a search early (the bounds hold, less tight).
  public let interrupted: Bool

  /// The lower end of the interval (0 without an attained input).
  public var lower: Double { attained?.value ?? 0 }

  /// (upper − lower)/lower, ∞ without a lower bound.
  public var gap: Double { lower > 0 ? (upper - lower) / lower : .infinity }

  /// True when both ends agree to rounding.
  public var isExact: Bool { lower > 0 && gap <= 1e-9 }

  /// Brackets the Lipschitz constant of the dense `layers` (input side first); see
  /// `init(stages:activation:options:limit:isInterrupted:progress:)`.
  public init(
    _ layers: [ChainLayer], activation: Activation?, options: ChainSearchOptions = ChainSearchOptions(),
    isInterrupted: () -> Bool = { false }, progress: (String, Double) -> Void = { _, _ in }
  ) throws {
    try self.init(
      stages: layers.map { .dense($0) }, activation: activation, options: options, isInterrupted: isInterrupted,
      progress: progress)
  }

  /// Brackets the Lipschitz constant of `stages` (input side first) with activation `activation`
  /// (nil: any φ with slopes in [0, 1], when only the upper bounds apply).
  ///
  /// A convolution's factor in `product` is its operator norm (exact by the FFT for circular
  /// padding and stride 1, else Lanczos on the operator: an estimate from below); in the
  /// certified bound it is `ConvolutionNorms.ceiling` (the exact circular stride-1 norm on n, or
  /// on n + k − 1 for zero padding), a convolution is always a block of its own, and consecutive
  /// dense layers pair as before. The lower bound of a chain holding a convolution is the
  /// matrix-free search of `OperatorAscent`.
  ///
  /// Cost: a σ₁ per layer (`Convolution.norms` for a convolution); a branch and bound per
  /// consecutive dense pair (`PatternBound`, at most `nodeBudget` nodes each); the lower search
  /// costs (1 + restarts) · ≤ 20 climbs of about 60 Jacobians (m·Σ h_l h_{l−1} each, m outputs)
  /// and a few n×n or H×H solves (H hidden units) for dense chains, (1 + restarts) · ≤ 20 · 62
  /// points of ≤ 40 power steps (two passes through the layers each) with a convolution.
  /// Deterministic. `progress(stage, fraction)` reports; `isInterrupted` stops the searches
  /// (bounds still hold).
  /// - Throws: `CriticError.invalidArchitecture` for an empty chain, shapes that do not chain, a
  ///   bias of the wrong length; `invalidOption` for a leaky slope outside [0, 1];
  ///   `MatrixError.nonFinite` for NaN or ∞; `MatrixError.tooLarge` past `limit`.
  public init(
    stages: [ChainStage], activation: Activation?, options: ChainSearchOptions = ChainSearchOptions(),
    limit: Int = Matrix.defaultElementLimit,
    isInterrupted: () -> Bool = { false }, progress: (String, Double) -> Void = { _, _ in }
  ) throws {
    guard !stages.isEmpty else { throw CriticError.invalidArchitecture("a chain needs at least one layer") }
    for l in stages.indices {
      let finite: Bool
      switch stages[l] {
      case .dense(let layer): finite = layer.weight.isFinite
      case .convolution(let c, _): finite = c.kernel.elements.allSatisfy(\.isFinite)
      }
      guard finite, stages[l].bias?.allSatisfy(\.isFinite) ?? true else { throw MatrixError.nonFinite(op: "netlip") }
      guard stages[l].inputCount > 0, stages[l].outputCount > 0 else {
        throw CriticError.invalidArchitecture("layer \(l + 1) is empty")
      }
      if let b = stages[l].bias {
        let expected: Int
        switch stages[l] {
        case .dense(let layer): expected = layer.weight.rows
        case .convolution(let c, _): expected = c.outputChannels
        }
        guard b.count == expected else {
          throw CriticError.invalidArchitecture("layer \(l + 1)'s bias has \(b.count) entries for \(expected) outputs")
        }
      }
      if l > 0, stages[l].inputCount != stages[l - 1].outputCount {
        throw CriticError.invalidArchitecture(
          "layer \(l + 1) takes \(stages[l].inputCount) inputs, not layer \(l)'s \(stages[l - 1].outputCount) outputs")
      }
    }
    if case .leaky(let s) = activation, !(0 ... 1).contains(s) {
      throw CriticError.invalidOption(option: "slope", reason: "must lie in [0, 1] for the pattern bound, got \(s)")
    }
    var sigmas: [Double] = []
    var certified: [Double] = []
    var convolutionNorms: [ConvolutionNorms?] = []
    for (l, stage) in stages.enumerated() {
      progress("layer \(l + 1) of \(stages.count)", 0)
      switch stage {
      case .dense(let layer):
        let sigma = try layer.weight.spectralNorm()
        sigmas.append(sigma)
        certified.append(sigma)
        convolutionNorms.append(nil)
      case .convolution(let c, _):
        let norms = try c.norms(gramIterations: 0, limit: limit)
        sigmas.append(norms.norm)
        certified.append(norms.ceiling)
        convolutionNorms.append(norms)
      }
    }
    self.sigmas = sigmas
    self.certifiedSigmas = certified
    self.convolutionNorms = convolutionNorms
    product = sigmas.reduce(1, *)

    var stopped = false
    var pairs: [PatternBound?] = []
    for l in 0 ..< stages.count - 1 {
      guard let first = stages[l].dense, let second = stages[l + 1].dense else {
        pairs.append(nil)
        continue
      }
      progress("pair \(l + 1) of \(stages.count - 1)", 0)
      let (w1, w2) = (first.weight, second.weight)
      let ceiling = certified[l] * certified[l + 1]
      let root = try PatternBound.search(w1: w1, w2: w2, nodeBudget: 0, seed: options.seed)
      guard root.upper < ceiling, !stopped else {
        pairs.append(nil)
        continue
      }
      let bound = try PatternBound.search(
        w1: w1, w2: w2, relativeGap: options.relativeGap, nodeBudget: options.nodeBudget,
        seed: options.seed, isInterrupted: isInterrupted,
        progress: { progress("pair \(l + 1) of \(stages.count - 1)", Double($0) / Double(options.nodeBudget)) })
      if !bound.closed, isInterrupted() { stopped = true }
      pairs.append(bound)
    }
    self.pairs = pairs
    // The best split into blocks of one and two layers: best[k] for the first k layers.
    var best = [1.0] + [Double](repeating: .infinity, count: stages.count)
    var last = [Int](repeating: 1, count: stages.count + 1)
    for k in 1 ... stages.count {
      best[k] = best[k - 1] * certified[k - 1]
      if k >= 2, let pair = pairs[k - 2], best[k - 2] * pair.upper < best[k] {
        best[k] = best[k - 2] * pair.upper
        last[k] = 2
      }
    }
    var blocks: [Int] = []
    var k = stages.count
    while k > 0 {
      blocks.insert(last[k], at: 0)
      k -= last[k]
    }
    self.blocks = blocks
    upper = min(best[stages.count], certified.reduce(1, *))

    // The lower bound.
    guard let activation else {
      attained = nil
      bestPattern = nil
      bestPatternRealised = false
      interrupted = stopped
      return
    }
    guard let layers = Self.denseLayers(stages) else {
      var random = RandomSource(seed: options.seed)
      let n = stages[0].inputCount
      let starts = [[Double](repeating: 0, count: n)] + Self.gaussianStarts(options.restarts, n, &random)
      var search = OperatorAscent(stages: stages, activation: activation, start: (0 ..< n).map { _ in random.normal() })
      for (i, start) in starts.enumerated() {
        if isInterrupted() {
          stopped = true
          break
        }
        progress("lower bound", Double(i) / Double(starts.count))
        try search.climb(from: start, target: nil, isInterrupted: isInterrupted)
      }
      attained = try search.refined(seed: options.seed, limit: limit)
      bestPattern = nil
      bestPatternRealised = false
      interrupted = stopped
      return
    }
    var search = AscentSearch(layers: layers, activation: activation)
    var starts: [(x: [Double], target: [[Bool]]?)] = [([Double](repeating: 0, count: layers[0].weight.columns), nil)]
    var patternValue: Double? = nil
    if layers.count == 2, activation == .relu, let pair = pairs[0] {
      search.watched = [pair.pattern]
      starts.insert((starts[0].x, [pair.pattern]), at: 0)
      var dw1 = layers[0].weight
      for i in 0 ..< dw1.rows where !pair.pattern[i] {
        for j in 0 ..< dw1.columns { dw1.elements[i * dw1.columns + j] = 0 }
      }
      patternValue = try (layers[1].weight * dw1).spectralNorm()
    }
    var random = RandomSource(seed: options.seed)
    starts += Self.gaussianStarts(options.restarts, layers[0].weight.columns, &random).map { ($0, nil) }
    for (i, start) in starts.enumerated() {
      if isInterrupted() {
        stopped = true
        break
      }
      progress("lower bound", Double(i) / Double(starts.count))
      try search.climb(from: start.x, target: start.target, isInterrupted: isInterrupted)
    }
    attained = search.best
    bestPattern = patternValue
    bestPatternRealised = search.watchedRealised
    interrupted = stopped
  }
}

/// The ascent over activation patterns behind the lower bound (see the file's header).
struct AscentSearch: PatternClimb {
  let layers: [ChainLayer]
  let activation: Activation
  /// The best point found (margin > 0 for piecewise-linear activations).
  var best: AttainedInput?
  /// A pattern to look out for, and whether a point realised it (every pre-activation nonzero).
  var watched: [[Bool]]? = nil
  var watchedRealised = false

  init(layers: [ChainLayer], activation: Activation) {
    self.layers = layers
    self.activation = activation
  }

  /// What the chain is at one input.
  struct Point: ClimbPoint {
    var x: [Double]
    /// Pre-activations of the hidden layers.
    var z: [[Double]]
    /// φ′ at each hidden pre-activation.
    var slopes: [[Double]]
    /// J(x), m × n.
    var jacobian: Matrix
    var sigma: Double
    var u: [Double]
    var v: [Double]
    var margin: Double
  }

  /// The chain at x: a forward pass for the pre-activations, then J = W_L D ⋯ D W₁ multiplied
  /// from the output side (m rows throughout, the cheap order when m ≤ n).
  func point(_ x: [Double]) throws -> Point {
    var a = x
    var z: [[Double]] = []
    var slopes: [[Double]] = []
    for l in 0 ..< layers.count - 1 {
      var pre = try layers[l].weight.times(a)
      if let b = layers[l].bias { for i in pre.indices { pre[i] += b[i] } }
      let values = pre.map { activation.valueAndDerivative($0) }
      z.append(pre)
      slopes.append(values.map(\.1))
      a = values.map(\.0)
    }
    var j = layers[layers.count - 1].weight
    for l in stride(from: layers.count - 2, through: 0, by: -1) {
      for r in 0 ..< j.rows {
        for c in 0 ..< j.columns { j.elements[r * j.columns + c] *= slopes[l][c] }
      }
      j = try j * layers[l].weight
    }
    var sigma = 0.0, u: [Double] = [], v: [Double] = []
    if j.rows == 1 {
      v = j.elements
      sigma = Vector.norm(v)
      u = [1]
      if sigma > 0 { v = v.map { $0 / sigma } }
    } else {
      let d = try j.svd()
      sigma = d.singularValues.first ?? 0
      u = d.u.column(0)
      v = d.v.column(0)
    }
    let margin = z.joined().map(abs).min() ?? .infinity
    return Point(x: x, z: z, slopes: slopes, jacobian: j, sigma: sigma, u: u, v: v, margin: margin)
  }

  /// The local linear maps x ↦ z_l (h_l × n) of the hidden layers at p: M₁ = W₁,
  /// M_l = W_l D_{l−1} M_{l−1}.
  func maps(at p: Point) throws -> [Matrix] {
    var result = [layers[0].weight]
    for l in 1 ..< max(layers.count - 1, 1) {
      var scaled = result[l - 1]
      for i in 0 ..< scaled.rows {
        for j in 0 ..< scaled.columns { scaled.elements[i * scaled.columns + j] *= p.slopes[l - 1][i] }
      }
      result.append(try layers[l].weight * scaled)
    }
    return result
  }

  /// Records a point; a piecewise-linear chain's point counts only where f is affine around it.
  mutating func record(_ p: Point) {
    let pattern = p.z.map { $0.map { $0 > 0 } }
    if p.margin > 0, pattern == watched { watchedRealised = true }
    if activation.isPiecewiseLinear && !(p.margin > 0) { return }
    if p.sigma > (best?.value ?? -1) {
      best = AttainedInput(value: p.sigma, x: p.x, margin: p.margin, pattern: pattern)
    }
  }

  /// The patterns ∂σ₁/∂D asks for at p: the current one with the units whose derivative
  /// disagrees with their state switched (on where positive, off where negative), the `limit`
  /// largest disagreements for each limit in `limits` (nil: all of them).
  func wanted(at p: Point, limits: [Int?]) throws -> [[[Bool]]] {
    let hidden = layers.count - 1
    let current = p.z.map { $0.map { $0 > 0 } }
    var flips: [(layer: Int, unit: Int, size: Double)] = []
    // r_l = M_l v, the pre-activations' change along v, by a forward pass of v.
    var r: [[Double]] = []
    var t = p.v
    for l in 0 ..< hidden {
      let rl = try layers[l].weight.times(t)
      r.append(rl)
      t = zip(rl, p.slopes[l]).map(*)
    }
    var w = try layers[hidden].weight.transposeTimes(p.u)
    for l in stride(from: hidden - 1, through: 0, by: -1) {
      let r = r[l]
      for i in w.indices where w[i] * r[i] != 0 && (w[i] * r[i] > 0) != current[l][i] {
        flips.append((l, i, abs(w[i] * r[i])))
      }
      if l > 0 { w = try layers[l].weight.transposeTimes(zip(w, p.slopes[l]).map(*)) }
    }
    flips.sort { $0.size > $1.size || ($0.size == $1.size && ($0.layer, $0.unit) < ($1.layer, $1.unit)) }
    var result: [[[Bool]]] = []
    for limit in limits {
      var pattern = current
      for f in flips.prefix(limit ?? flips.count) { pattern[f.layer][f.unit].toggle() }
      if !flips.isEmpty, !result.contains(pattern) { result.append(pattern) }
    }
    return result
  }

  /// One least-squares step from p toward pre-activations of the signs `target`.
  func step(from p: Point, toward target: [[Bool]]) throws -> [Double]? {
    let n = p.x.count
    let maps = try maps(at: p)
    var rows: [[Double]] = []
    var residual: [Double] = []
    for (l, zl) in p.z.enumerated() {
      let scale = 0.5 * zl.reduce(0) { $0 + abs($1) } / Double(max(zl.count, 1)) + 1e-9
      for i in zl.indices {
        let t = (target[l][i] ? 1.0 : -1.0) * max(abs(zl[i]), scale)
        rows.append(maps[l].row(i))
        residual.append(t - zl[i])
      }
    }
    let k = rows.count
    guard k > 0 else { return nil }
    // δ = argmin ‖Kδ − r‖² + μ‖δ‖², through the smaller of KKᵀ and KᵀK.
    var trace = 0.0
    for row in rows { for e in row { trace += e * e } }
    let mu = 1e-12 * trace / Double(min(k, n)) + 1e-300
    if k <= n {
      var a = [Double](repeating: 0, count: k * k)
      for i in 0 ..< k {
        for j in 0 ... i {
          let s = Vector.dot(rows[i], rows[j])
          a[i * k + j] = s
          a[j * k + i] = s
        }
        a[i * k + i] += mu
      }
      guard let alpha = choleskySolve(a, k, residual) else { return nil }
      var x = p.x
      for i in 0 ..< k { for j in 0 ..< n { x[j] += alpha[i] * rows[i][j] } }
      return x
    }
    var a = [Double](repeating: 0, count: n * n)
    var rhs = [Double](repeating: 0, count: n)
    for (row, r) in zip(rows, residual) {
      for i in 0 ..< n {
        rhs[i] += row[i] * r
        for j in 0 ... i { a[i * n + j] += row[i] * row[j] }
      }
    }
    for i in 0 ..< n {
      for j in 0 ..< i { a[j * n + i] = a[i * n + j] }
      a[i * n + i] += mu
    }
    guard let delta = choleskySolve(a, n, rhs) else { return nil }
    return zip(p.x, delta).map(+)
  }

  func point(_ x: [Double], near: Point?) throws -> Point { try point(x) }

  func wanted(at p: Point) throws -> [[[Bool]]] { try wanted(at: p, limits: [nil, 4, 1]) }
}

/// What the climb reads of a point of the chain.
protocol ClimbPoint {
  var x: [Double] { get }
  /// Pre-activations of the hidden layers.
  var z: [[Double]] { get }
  /// ‖J(x)‖₂ (or the estimate of it).
  var sigma: Double { get }
  /// J's top right singular vector.
  var v: [Double] { get }
  /// The smallest |pre-activation|.
  var margin: Double { get }
}

/// A lower-bound search over activation patterns: `AscentSearch` for dense chains,
/// `OperatorAscent` for chains holding a convolution.
protocol PatternClimb {
  associatedtype Point: ClimbPoint
  var activation: Activation { get }
  /// The chain at x (`near`: the point the search comes from).
  func point(_ x: [Double], near: Point?) throws -> Point
  /// The patterns ∂σ₁/∂D asks for at p.
  func wanted(at p: Point) throws -> [[[Bool]]]
  /// An input from p toward the signs `target`, nil when there is no step.
  func step(from p: Point, toward target: [[Bool]]) throws -> [Double]?
  /// Records a point.
  mutating func record(_ p: Point)
}

extension PatternClimb {
  /// Climbs from x (toward `target` first when given); every point evaluated is recorded.
  mutating func climb(from x: [Double], target: [[Bool]]?, isInterrupted: () -> Bool) throws {
    var current = try point(x, near: nil)
    record(current)
    var goal = target
    for _ in 0 ..< 20 {
      if isInterrupted() { return }
      let wants = try goal.map { [$0] } ?? wanted(at: current)
      goal = nil
      var next: Point? = nil
      for want in wants {
        var probe = current
        // A few Gauss–Newton steps toward the wanted pattern (the maps change with the pattern).
        for _ in 0 ..< 4 {
          guard let y = try step(from: probe, toward: want) else { break }
          // The full step, and shorter ones that realise part of the pattern.
          var full = probe
          for fraction in [1.0, 0.5, 0.25] {
            let p = try point(zip(probe.x, y).map { $0 + fraction * ($1 - $0) }, near: current)
            record(p)
            if fraction == 1 { full = p }
            if !activation.isPiecewiseLinear || p.margin > 0, p.sigma > (next?.sigma ?? current.sigma) * (1 + 1e-12) {
              next = p
            }
          }
          probe = full
          if probe.z.map({ $0.map { $0 > 0 } }) == want { break }
        }
      }
      // And along the direction J stretches most, across the regions it passes.
      let reach = 1 + Vector.norm(current.x)
      for k in -8 ... 4 {
        for sign in [1.0, -1.0] {
          let t = sign * reach * Double.pow(2, Double(k))
          let p = try point(zip(current.x, current.v).map { $0 + t * $1 }, near: current)
          record(p)
          if !activation.isPiecewiseLinear || p.margin > 0, p.sigma > (next?.sigma ?? current.sigma) * (1 + 1e-12) {
            next = p
          }
        }
      }
      guard let next else { return }
      current = next
    }
  }
}

/// Solves A x = b for a symmetric positive definite n×n A (row-major) by Cholesky; nil when A
/// is not numerically positive definite. O(n³/3).
func choleskySolve(_ a: [Double], _ n: Int, _ b: [Double]) -> [Double]? {
  var l = a
  for j in 0 ..< n {
    var d = l[j * n + j]
    for k in 0 ..< j { d -= l[j * n + k] * l[j * n + k] }
    guard d > 0 else { return nil }
    let root = d.squareRoot()
    l[j * n + j] = root
    for i in j + 1 ..< n {
      var s = l[i * n + j]
      for k in 0 ..< j { s -= l[i * n + k] * l[j * n + k] }
      l[i * n + j] = s / root
    }
  }
  var y = b
  for i in 0 ..< n {
    for k in 0 ..< i { y[i] -= l[i * n + k] * y[k] }
    y[i] /= l[i * n + i]
  }
  for i in stride(from: n - 1, through: 0, by: -1) {
    for k in i + 1 ..< n { y[i] -= l[k * n + i] * y[k] }
    y[i] /= l[i * n + i]
  }
  return y
}
