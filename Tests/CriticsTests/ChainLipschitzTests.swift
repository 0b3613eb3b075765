// The pattern bound and the chain's interval against brute force: every activation pattern
// enumerated by plain loops, the Jacobian at the attained input recomputed by a plain forward
// pass, and a critic's exact piecewise-linear constant.

import DenseMatrix
import Testing

@testable import Critics

/// ‖W₂ diag(d) W₁‖_F for the pattern `code` (bit i: unit i active), by plain loops.
private func patternNorm(_ w1: Matrix, _ w2: Matrix, code: Int) -> Double {
  var total = 0.0
  for k in 0 ..< w2.rows {
    for j in 0 ..< w1.columns {
      var s = 0.0
      for i in 0 ..< w1.rows where code & (1 << i) != 0 { s += w2[k, i] * w1[i, j] }
      total += s * s
    }
  }
  return total.squareRoot()
}

/// The largest `patternNorm` over all 2^h patterns.
private func bruteForce(_ w1: Matrix, _ w2: Matrix) -> Double {
  (0 ..< (1 << w1.rows)).reduce(0) { max($0, patternNorm(w1, w2, code: $1)) }
}

/// A seeded Gaussian m×n matrix scaled by 1/√n.
private func gaussian(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
  var rng = RandomSource(seed: seed)
  var w = Matrix(rows: m, columns: n)
  for i in w.elements.indices { w.elements[i] = rng.normal() / Double(n).squareRoot() }
  return w
}

/// The Jacobian's ‖·‖₂ at x and the smallest |pre-activation|, by a plain forward pass that
/// carries the Jacobian (a one-row output: its Euclidean norm).
private func jacobianNorm(_ layers: [ChainLayer], at x: [Double], slope: Double = 0) -> (Double, Double) {
  var a = x
  var j = Matrix(rows: x.count, columns: x.count)
  for i in 0 ..< x.count { j[i, i] = 1 }
  var margin = Double.infinity
  for (l, layer) in layers.enumerated() {
    let w = layer.weight
    var z = [Double](repeating: 0, count: w.rows)
    var next = Matrix(rows: w.rows, columns: x.count)
    for i in 0 ..< w.rows {
      z[i] = layer.bias?[i] ?? 0
      for k in 0 ..< w.columns { z[i] += w[i, k] * a[k] }
      for c in 0 ..< x.count {
        var s = 0.0
        for k in 0 ..< w.columns { s += w[i, k] * j[k, c] }
        next[i, c] = s
      }
    }
    if l < layers.count - 1 {
      for i in 0 ..< w.rows {
        margin = min(margin, abs(z[i]))
        let d = z[i] > 0 ? 1 : slope
        for c in 0 ..< x.count { next[i, c] *= d }
        z[i] *= d
      }
    }
    (a, j) = (z, next)
  }
  #expect(j.rows == 1)
  return (j.elements.reduce(0) { $0 + $1 * $1 }.squareRoot(), margin)
}

@Suite struct PatternBoundTests {
  @Test(arguments: [(6, 9, 1), (10, 12, 1), (16, 20, 1), (9, 5, 3), (14, 16, 2)])
  func equalsTheLargestPatternNorm(h: Int, n: Int, m: Int) throws {
    let w1 = gaussian(h, n, seed: UInt64(h * 100 + n))
    let w2 = gaussian(m, h, seed: UInt64(h * 100 + m + 7))
    let exact = bruteForce(w1, w2)
    let bound = try PatternBound.search(w1: w1, w2: w2, relativeGap: 0)
    #expect(bound.upper >= exact * (1 - 1e-12))
    #expect(abs(bound.best - exact) <= 1e-12 * exact)
    #expect(bound.upper <= exact * (1 + 1e-9))
    #expect(bound.closed)
    let code = bound.pattern.enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) }
    #expect(abs(patternNorm(w1, w2, code: code) - bound.best) <= 1e-12 * exact)
    #expect(bound.isFrobenius == (m > 1))
  }

  @Test func aStoppedSearchStaysCertified() throws {
    let w1 = gaussian(18, 20, seed: 3)
    let w2 = gaussian(1, 18, seed: 4)
    let exact = bruteForce(w1, w2)
    for budget in [0, 1, 3] {
      let bound = try PatternBound.search(w1: w1, w2: w2, relativeGap: 0, nodeBudget: budget)
      #expect(bound.upper >= exact * (1 - 1e-12), "budget \(budget)")
      #expect(bound.best <= exact * (1 + 1e-12))
    }
    let interrupted = try PatternBound.search(w1: w1, w2: w2, relativeGap: 0, isInterrupted: { true })
    #expect(!interrupted.closed && interrupted.upper >= exact * (1 - 1e-12))
  }

  /// The semidefinite bound of a node is above the node's exact maximum, found by enumeration.
  @Test(arguments: [UInt64(1), 2, 3, 4, 5])
  func theRelaxationBoundsTheNode(seed: UInt64) {
    let m = 11
    let v = gaussian(m, 7, seed: seed)
    var p = [Double](repeating: 0, count: m * m)
    for i in 0 ..< m {
      for j in 0 ..< m { for k in 0 ..< 7 { p[i * m + j] += v[i, k] * v[j, k] } }
    }
    var rng = RandomSource(seed: seed + 50)
    let a = (0 ..< m).map { _ in rng.normal() * 0.3 }
    let c = 0.7
    var exact = -Double.infinity
    for code in 0 ..< (1 << m) {
      var value = c
      for i in 0 ..< m where code & (1 << i) != 0 {
        value += 2 * a[i]
        for j in 0 ..< m where code & (1 << j) != 0 { value += p[i * m + j] }
      }
      exact = max(exact, value)
    }
    var random = RandomSource(seed: seed)
    let relaxation = Relaxation(c: c, a: a, p: p, m: m, random: &random)
    #expect(relaxation.bound >= exact * (1 - 1e-12))
    #expect(relaxation.bound <= exact * 1.5)
  }

  @Test func mismatchedShapesThrow() {
    #expect(throws: MatrixError.self) { try PatternBound.search(w1: gaussian(3, 4, seed: 1), w2: gaussian(1, 4, seed: 2)) }
  }
}

@Suite struct ChainLipschitzTests {
  /// Two layers, input dimension ≥ width: every pattern is reached and the interval closes on
  /// the brute-force maximum.
  @Test(arguments: [4, 9, 13])
  func twoLayersCloseOnTheExactConstant(h: Int) throws {
    let layers = [
      ChainLayer(weight: gaussian(h, h + 3, seed: UInt64(h)), bias: (0 ..< h).map { Double($0 % 3) * 0.1 - 0.1 }),
      ChainLayer(weight: gaussian(1, h, seed: UInt64(h + 1)), bias: [0.2]),
    ]
    let exact = bruteForce(layers[0].weight, layers[1].weight)
    let r = try ChainLipschitz(layers, activation: .relu)
    #expect(abs(r.upper - exact) <= 1e-9 * exact)
    #expect(abs(r.lower - exact) <= 1e-9 * exact)
    #expect(r.isExact && r.bestPatternRealised)
    let x = try #require(r.attained)
    let (norm, margin) = jacobianNorm(layers, at: x.x)
    #expect(abs(norm - x.value) <= 1e-12 * exact)
    #expect(margin > 0 && abs(margin - x.margin) <= 1e-12)
    let sigma1 = try layers[0].weight.svd(method: .jacobi).singularValues[0]
    let sigma2 = try layers[1].weight.svd(method: .jacobi).singularValues[0]
    #expect(abs(r.product - sigma1 * sigma2) <= 1e-12 * r.product)
  }

  @Test func deeperChainsAreBracketed() throws {
    let widths = [6, 8, 7, 8, 1]
    let layers = (0 ..< widths.count - 1).map { l in
      ChainLayer(weight: gaussian(widths[l + 1], widths[l], seed: UInt64(40 + l)), bias: [Double](repeating: 0.05, count: widths[l + 1]))
    }
    let r = try ChainLipschitz(layers, activation: .relu)
    #expect(r.upper <= r.product * (1 + 1e-15))
    #expect(r.lower <= r.upper)
    // The bound of the blocks chosen, recomputed: each pair by brute force (exact: ≤ 8 units).
    var recomputed = 1.0
    var l = 0
    for size in r.blocks {
      if size == 2 {
        recomputed *= bruteForce(layers[l].weight, layers[l + 1].weight)
      } else {
        recomputed *= r.sigmas[l]
      }
      l += size
    }
    #expect(l == layers.count)
    #expect(abs(recomputed - r.upper) <= 1e-9 * r.upper)
    let x = try #require(r.attained)
    let (norm, margin) = jacobianNorm(layers, at: x.x)
    #expect(abs(norm - x.value) <= 1e-12 * norm && margin > 0)
  }

  @Test func leakyAndUnknownActivations() throws {
    let layers = [ChainLayer(weight: gaussian(5, 6, seed: 8), bias: nil), ChainLayer(weight: gaussian(1, 5, seed: 9), bias: nil)]
    let leaky = try ChainLipschitz(layers, activation: .leaky(slope: 0.3))
    let x = try #require(leaky.attained)
    let (norm, _) = jacobianNorm(layers, at: x.x, slope: 0.3)
    #expect(abs(norm - x.value) <= 1e-12 * norm)
    #expect(x.value <= leaky.upper)
    let any = try ChainLipschitz(layers, activation: nil)
    #expect(any.attained == nil && any.lower == 0 && any.upper == leaky.upper)
    #expect(throws: CriticError.self) { try ChainLipschitz(layers, activation: .leaky(slope: 1.5)) }
    #expect(throws: CriticError.self) { try ChainLipschitz([layers[1], layers[0]], activation: .relu) }
  }

  /// A 1-D critic: its exact constant (breakpoints, over an interval holding all of them) lies in
  /// the interval, and the lower bound reaches it.
  @Test(arguments: [UInt64(2), 5, 6, 7])
  func aCriticsExactConstantIsInside(seed: UInt64) throws {
    let critic = try MLPCritic(hidden: [6, 6], activation: .relu, seed: seed)
    let layers = critic.effectiveLayers.map { ChainLayer(weight: $0.weight, bias: $0.bias) }
    let exact = try ExactLipschitz.of(critic, on: -1e4 ... 1e4, gridPoints: 2).value
    let r = try ChainLipschitz(layers, activation: .relu)
    #expect(exact <= r.upper * (1 + 1e-12))
    #expect(abs(r.lower - exact) <= 1e-9 * exact)
  }

  /// Interrupted at once: the searches stop, the upper bound still holds.
  @Test func anInterruptedChainStaysCertified() throws {
    let layers = [
      ChainLayer(weight: gaussian(16, 18, seed: 21), bias: nil), ChainLayer(weight: gaussian(1, 16, seed: 22), bias: nil),
    ]
    let exact = bruteForce(layers[0].weight, layers[1].weight)
    let r = try ChainLipschitz(layers, activation: .relu, isInterrupted: { true })
    #expect(r.interrupted)
    #expect(r.upper >= exact * (1 - 1e-12) && r.upper <= r.product * (1 + 1e-15))
    #expect(r.lower <= exact * (1 + 1e-12))
  }

  /// A convolution is a block of its own; the dense pair after it is still bounded over its
  /// patterns (brute force here), and the certified bound is the product of the two blocks.
  @Test func aDensePairAfterAConvolutionIsStillPaired() throws {
    var random = RandomSource(seed: 31)
    let kernel = try Tensor(shape: [2, 1, 3], elements: (0 ..< 6).map { _ in random.normal() / 3 })
    let conv = try Convolution(kernel: kernel, size: 5)
    let w1 = gaussian(8, 10, seed: 32), w2 = gaussian(1, 8, seed: 33)
    var options = ChainSearchOptions()
    options.relativeGap = 0
    let r = try ChainLipschitz(
      stages: [.convolution(conv, bias: [0.1, -0.1]), .dense(ChainLayer(weight: w1)), .dense(ChainLayer(weight: w2))],
      activation: .relu, options: options)
    #expect(r.blocks == [1, 2])
    let pair = try #require(r.pairs[1])
    #expect(abs(pair.upper - bruteForce(w1, w2)) <= 1e-9 * pair.upper)
    #expect(r.pairs[0] == nil && r.certifiedSigmas[0] == r.sigmas[0])
    #expect(abs(r.upper - r.certifiedSigmas[0] * pair.upper) <= 1e-12 * r.upper)
    #expect(r.lower > 0 && r.lower <= r.upper)
    let stopped = try ChainLipschitz(
      stages: [.convolution(conv, bias: nil), .dense(ChainLayer(weight: w1)), .dense(ChainLayer(weight: w2))],
      activation: .relu, options: options, isInterrupted: { true })
    #expect(stopped.interrupted && stopped.attained == nil && stopped.upper >= r.upper * (1 - 1e-12))
    #expect(throws: CriticError.self) {
      try ChainLipschitz(stages: [.dense(ChainLayer(weight: w1)), .convolution(conv, bias: nil)], activation: .relu)
    }
  }

  @Test func choleskySolvesASystem() throws {
    let b = gaussian(5, 5, seed: 12)
    var spd = try b * b.transposed()
    for i in 0 ..< 5 { spd[i, i] += 1 }
    let rhs = [1.0, -2, 0.5, 3, 0]
    let x = try #require(choleskySolve(spd.elements, 5, rhs))
    let back = try spd.times(x)
    for i in 0 ..< 5 { #expect(abs(back[i] - rhs[i]) <= 1e-12) }
    #expect(choleskySolve([1, 2, 2, 1], 2, [1, 1]) == nil)
  }
}
