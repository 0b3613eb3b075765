// Tensor arithmetic and the normalization layers' arithmetic: broadcasting of per-channel
// vectors, the group statistics against a plain loop, the closed-form Jacobians against
// Jacobians built column by column by central differences, their spectral norms against the
// closed forms (training-mode BatchNorm: max|γ|/sqrt(σ² + ε); LayerNorm → max|γ|/sqrt(ε)),
// and Weight Norm's rows and bounds.

import DenseMatrix
import Testing

@Suite struct TensorNormalizationTests {
  static func batch(_ shape: [Int], seed: UInt64 = 7, scale: Double = 1) throws -> Tensor {
    var rng = RandomSource(seed: seed)
    return try Tensor.randn(shape, using: &rng).mapped { $0 * scale + 0.3 }
  }

  /// The Jacobian of `f` at x, column j = (f(x + h e_j) − f(x − h e_j))/2h.
  static func finiteDifferenceJacobian(_ x: Tensor, h: Double = 1e-6, _ f: (Tensor) throws -> Tensor)
    throws -> Matrix
  {
    let n = x.elements.count
    var j = Matrix(rows: n, columns: n)
    for col in 0 ..< n {
      var plus = x, minus = x
      plus.elements[col] += h
      minus.elements[col] -= h
      let (a, b) = (try f(plus).elements, try f(minus).elements)
      for row in 0 ..< n { j[row, col] = (a[row] - b[row]) / (2 * h) }
    }
    return j
  }

  static func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    zip(a.elements, b.elements).map { abs($0 - $1) }.max() ?? 0
  }

  @Test func randomTensorsReadTheMatrixStream() throws {
    var a = RandomSource(seed: 3), b = RandomSource(seed: 3)
    let t = try Tensor.randn([2, 3, 4], using: &a)
    let m = try Matrix.randn(1, 24, using: &b)
    #expect(t.elements == m.elements)
  }

  @Test func channelVectorsBroadcastAlongTheSecondDimension() throws {
    let x = try Tensor(shape: [2, 3, 2], elements: (0 ..< 12).map(Double.init))
    let v = try Tensor(shape: [1, 3], elements: [10, 20, 30])
    let y = try x.elementwise(v, op: "+", +)
    for n in 0 ..< 2 {
      for c in 0 ..< 3 {
        for l in 0 ..< 2 { #expect(y[[n, c, l]] == x[[n, c, l]] + Double(10 * (c + 1))) }
      }
    }
    // A column of C entries is per channel too; a trailing H×W matrix broadcasts as NumPy does.
    #expect(try x.elementwise(try v.reshaped([3, 1]), op: "+", +) == y)
    let last = try Tensor(shape: [1, 2], elements: [1, -1])
    let z = try x.elementwise(last, op: ".*", *)
    #expect(z[[1, 2, 1]] == -x[[1, 2, 1]])
    #expect(throws: MatrixError.tensorShapeMismatch(op: "+", lhs: [2, 3, 2], rhs: [2, 4, 2])) {
      try x.elementwise(try Tensor.filled([2, 4, 2], 1), op: "+", +)
    }
    #expect(throws: MatrixError.tensorTooLarge(shape: [2, 3, 2], limit: 11)) {
      try x.elementwise(x, op: "+", limit: 11, +)
    }
  }

  @Test(arguments: [NormalizationMethod.batch, .layer, .instance, .group(2)])
  func groupStatisticsMatchAPlainLoop(method: NormalizationMethod) throws {
    let x = try Self.batch([3, 4, 5])
    let (mean, variance, entries) = try Normalization.groupStatistics(x, method)
    let layout = try ChannelLayout(x.shape)
    var sums = [Double](repeating: 0, count: mean.count), counts = sums
    for n in 0 ..< 3 {
      for c in 0 ..< 4 {
        for l in 0 ..< 5 {
          let g = Normalization.group(ofSample: n, channel: c, method, layout)
          sums[g] += x[[n, c, l]]
          counts[g] += 1
        }
      }
    }
    for g in mean.indices {
      #expect(counts[g] == Double(entries))
      let mu = sums[g] / counts[g]
      #expect(abs(mean[g] - mu) <= 1e-14)
      var ss = 0.0
      for n in 0 ..< 3 {
        for c in 0 ..< 4 where Normalization.group(ofSample: n, channel: c, method, layout) == g {
          for l in 0 ..< 5 { ss += (x[[n, c, l]] - mu) * (x[[n, c, l]] - mu) }
        }
      }
      #expect(abs(variance[g] - ss / counts[g]) <= 1e-14)
    }
  }

  @Test(arguments: [NormalizationMethod.batch, .layer, .instance, .group(2)])
  func jacobianMatchesFiniteDifferences(method: NormalizationMethod) throws {
    let x = try Self.batch([3, 4, 2, 2])
    let gamma = [1.5, -0.5, 2, 0.75]
    let exact = try Normalization.jacobian(x, method, gamma: gamma)
    let numeric = try Self.finiteDifferenceJacobian(x) { t in
      try Normalization.normalized(t, try Normalization.statistics(t, method), gamma: gamma)
    }
    #expect(Self.maxDifference(exact, numeric) < 1e-7)
    let sigma = try numeric.singularValues()[0]
    let norm = try Normalization.jacobianNorm(x, method, gamma: gamma)
    #expect(abs(norm - sigma) < 1e-7 * sigma)
  }

  @Test func trainingBatchNormCouplesTheSamples() throws {
    let x = try Self.batch([4, 2, 3])
    let jacobian = try Normalization.jacobian(x, .batch)
    // Sample 1's outputs (entries 0..<6) against sample 2's inputs (6..<12): not zero.
    var coupling = 0.0
    for i in 0 ..< 6 { for j in 6 ..< 12 { coupling = max(coupling, abs(jacobian[i, j])) } }
    #expect(coupling > 0.01)
    // LayerNorm keeps the samples apart: that block is exactly zero.
    let layer = try Normalization.jacobian(x, .layer)
    for i in 0 ..< 6 { for j in 6 ..< 12 { #expect(layer[i, j] == 0) } }
  }

  @Test func trainingBatchNormNormIsTheClosedForm() throws {
    // Each channel's block is γ_c r_c (I − 11ᵀ/m − x̂x̂ᵀ/m): a projection whose norm is 1 for m ≥ 3.
    let x = try Self.batch([5, 3, 2], scale: 0.2)
    let gamma = [0.5, -3, 1]
    let (_, variance, _) = try Normalization.groupStatistics(x, .batch)
    let closed = (0 ..< 3).map { abs(gamma[$0]) / (variance[$0] + 1e-5).squareRoot() }.max()!
    let norm = try Normalization.jacobianNorm(x, .batch, gamma: gamma)
    #expect(abs(norm - closed) <= 1e-10 * closed)
  }

  @Test func layerNormApproachesItsWorstCaseAsTheSpreadShrinks() throws {
    let gamma = [2.0, -1, 0.5]
    var previous = 0.0
    for scale in [1.0, 1e-2, 1e-3, 1e-4, 1e-6] {
      let x = try Self.batch([1, 3, 4], scale: scale).mapped { $0 - 0.3 }
      let norm = try Normalization.jacobianNorm(x, .layer, gamma: gamma)
      #expect(norm >= previous)
      #expect(norm <= 2 / 1e-5.squareRoot() * (1 + 1e-12))
      previous = norm
    }
    #expect(abs(previous - 2 / 1e-5.squareRoot()) < 1e-3 * previous)
  }

  @Test func switchNormWithOneDominantLogitIsThatMethod() throws {
    let x = try Self.batch([3, 4, 5])
    for (k, method) in [NormalizationMethod.instance, .layer, .batch].enumerated() {
      var logits = [0.0, 0, 0]
      logits[k] = 800
      let mixed = try Normalization.switchStatistics(x, meanLogits: logits, varianceLogits: logits)
      #expect(mixed == (try Normalization.statistics(x, method)))
    }
  }

  @Test func groupsMustDivideTheChannels() {
    #expect(throws: MatrixError.invalidArgument("groups=4 does not divide the 6 channels into equal groups")) {
      try Normalization.statistics(try Tensor(shape: [2, 6], repeating: 1), .group(4))
    }
  }

  @Test func weightNormRowsHaveLengthG() throws {
    var rng = RandomSource(seed: 5)
    let v = try Matrix.randn(4, 6, using: &rng)
    let g = [0.5, 2, 1, 3]
    let w = try v.weightNormalized(g: g)
    for i in 0 ..< 4 {
      let row = (0 ..< 6).map { w[i, $0] }
      #expect(abs(Vector.norm(row) - g[i]) < 1e-14)
      // Same direction as v's row.
      let dot = (0 ..< 6).reduce(0) { $0 + row[$1] * v[i, $1] }
      #expect(abs(dot - g[i] * Vector.norm((0 ..< 6).map { v[i, $0] })) < 1e-12)
    }
    let spectral = try w.spectralNorm()
    #expect(3 <= spectral && spectral <= Vector.norm(g))
    #expect(throws: MatrixError.invalidArgument("row 2 of V is zero and has no direction")) {
      try Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 0]).weightNormalized(g: [1])
    }
  }
}
