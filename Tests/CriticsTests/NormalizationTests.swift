// BatchNorm and LayerNorm inside critics: the primitives' gradients against central
// differences, BatchNorm's backward against the textbook closed form, the gradient of the
// gradient through both, the running statistics, the batch dependence of a BatchNorm critic,
// and the Lipschitz constants in evaluation mode against dense grids.

import DenseMatrix
import Testing

@testable import Critics

@Suite("Normalization in critics")
struct NormalizationTests {
  static let axes: [StatisticsAxis] = [.overSamples, .overFeatures]

  @Test("the normalization primitives' backward rules", arguments: [0, 1])
  func primitives(_ k: Int) throws {
    let axis = Self.axes[k]
    let x = randomMatrix(5, 4, seed: UInt64(80 + k))
    let stat = axis.statisticShape(rows: 5, columns: 4)
    let b = randomMatrix(stat.rows, stat.columns, seed: UInt64(90 + k), away: 0.2)
    let errors = [
      try worstGradientError([x]) { t, p in t.center(p[0], along: axis) },
      try worstGradientError([x]) { t, p in
        t.inverseRootMeanSquare(p[0], along: axis, epsilon: 1e-5)
      },
      try worstGradientError([x]) { t, p in t.mean(p[0], along: axis) },
      try worstGradientError([x, b]) { t, p in try t.multiply(p[0], broadcasting: p[1], along: axis) },
      // A whole normalization, with the input used twice (overwriting and accumulating paths).
      try worstGradientError([x]) { t, p in
        let c = t.center(p[0], along: axis)
        let r = t.inverseRootMeanSquare(c, along: axis, epsilon: 1e-5)
        return try t.add(t.multiply(c, broadcasting: r, along: axis), p[0])
      },
    ]
    for (i, e) in errors.enumerated() { #expect(e <= 1e-6, "primitive \(i): \(e)") }
  }

  @Test("a broadcast factor of the wrong shape is a typed error")
  func broadcastShape() {
    let tape = Tape()
    let a = tape.parameter(Matrix(rows: 3, columns: 2)), b = tape.parameter(Matrix(rows: 3, columns: 1))
    #expect(throws: MatrixError.self) { try tape.multiply(a, broadcasting: b, along: .overSamples) }
  }

  @Test("BatchNorm's backward equals the textbook form through dx̂, dσ² and dμ")
  func batchNormClosedForm() throws {
    let (m, n) = (6, 3)
    let x = randomMatrix(m, n, seed: 101), gamma = randomMatrix(1, n, seed: 102, away: 0.3)
    let dy = randomMatrix(m, n, seed: 103)
    let eps = 1e-5
    let tape = Tape()
    let xv = tape.parameter(x), gv = tape.constant(gamma)
    let c = tape.center(xv, along: .overSamples)
    let r = tape.inverseRootMeanSquare(c, along: .overSamples, epsilon: eps)
    let y = try tape.multiply(
      tape.multiply(c, broadcasting: r, along: .overSamples), broadcasting: gv, along: .overSamples)
    try tape.backward(from: tape.sum(tape.multiply(y, tape.constant(dy))))
    var expected = Matrix(rows: m, columns: n)
    for j in 0 ..< n {
      let mu = (0 ..< m).map { x[$0, j] }.reduce(0, +) / Double(m)
      let v = (0 ..< m).map { (x[$0, j] - mu) * (x[$0, j] - mu) }.reduce(0, +) / Double(m)
      let dxhat = (0 ..< m).map { dy[$0, j] * gamma[0, j] }
      let dvar = (0 ..< m).map { dxhat[$0] * (x[$0, j] - mu) }.reduce(0, +)
        * -0.5 * Double.pow(v + eps, -1.5)
      let dmu = (0 ..< m).map { -dxhat[$0] / (v + eps).squareRoot() }.reduce(0, +)
        + dvar * (0 ..< m).map { -2 * (x[$0, j] - mu) }.reduce(0, +) / Double(m)
      for i in 0 ..< m {
        expected[i, j] = dxhat[i] / (v + eps).squareRoot() + dvar * 2 * (x[i, j] - mu) / Double(m)
          + dmu / Double(m)
      }
    }
    #expect(tape.gradient(xv).isApproximatelyEqual(to: expected, relative: 1e-10, absolute: 1e-12))
  }

  static let norms: [FeatureNormalization] = [.batch, .layer]

  @Test("every method's loss, the gradient penalty's gradient of a gradient included",
        arguments: [0, 1], [Method.wganGP, .wganLP, .sn, .wn, .wganClip, .specreg, .lsgan, .gan])
  func lossGradients(_ k: Int, _ method: Method) throws {
    let critic = try MLPCritic(hidden: [6, 5], norm: Self.norms[k], seed: 7)
    let report = try GradientCheck.run(
      critic, method: method, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 2, sd: 0.5),
      batch: 8, seed: 3)
    #expect(report.parameters.contains { $0.name == "γ2" } && report.parameters.count == 10)
    #expect(report.worstRelativeError <= 1e-5, "\(method) \(Self.norms[k]): \(report)")
  }

  @Test("LayerNorm's tangent on the tape equals the evaluator's slope and finite differences")
  func layerNormSlope() throws {
    var critic = try MLPCritic(hidden: [5, 4], norm: .layer, seed: 12)
    for l in critic.normalizationLayers.indices {
      critic.normalizationLayers[l].gamma = randomMatrix(1, critic.hidden[l], seed: 13).elements
      critic.normalizationLayers[l].beta = randomMatrix(1, critic.hidden[l], seed: 14).elements
    }
    let points = [-1.3, -0.2, 0.45, 1.7]
    let tape = Tape()
    let graph = try CriticGraph(critic, on: tape, spectral: false, normalize: false)
    let x = tape.constant(Matrix(column: points))
    let pass = try graph.apply(x, tangent: tape.constant(Matrix(rows: 4, columns: 1, repeating: 1)), on: tape)
    let samples = critic.evaluate(at: points)
    let h = 1e-6
    for (i, p) in points.enumerated() {
      let fd = (critic.values(at: [p + h])[0] - critic.values(at: [p - h])[0]) / (2 * h)
      #expect(abs(samples.slope[i] - fd) <= 1e-6 * max(1, abs(fd)))
      #expect(abs(tape.value(pass.slope!).elements[i] - samples.slope[i]) <= 1e-12 * max(1, abs(fd)))
      #expect(abs(tape.value(pass.f!).elements[i] - samples.value[i]) <= 1e-12)
    }
  }

  @Test("with BatchNorm f(x) depends on the batch; with LayerNorm it does not")
  func batchDependence() throws {
    for norm in Self.norms {
      let critic = try MLPCritic(hidden: [8, 8], norm: norm, seed: 5)
      let a = try critic.trainingModeValues(at: [0.5, -1, 2])
      let b = try critic.trainingModeValues(at: [0.5, 3, 4, 5])
      let alone = critic.values(at: [0.5])[0]
      if norm == .batch {
        #expect(abs(a[0] - b[0]) > 1e-3)
        // The first point by hand: one BatchNorm over these three pre-activations per layer.
        #expect(abs(a[0] - manualBatchNorm(critic, [0.5, -1, 2])[0]) <= 1e-12)
      } else {
        #expect(abs(a[0] - b[0]) <= 1e-14 && abs(a[0] - alone) <= 1e-14)
      }
    }
    let bn = try MLPCritic(hidden: [4], norm: .batch, seed: 1)
    #expect(throws: CriticError.self) { try bn.trainingModeValues(at: [1]) }
  }

  /// A BatchNorm critic in training mode on `xs`, written out with plain loops.
  func manualBatchNorm(_ c: MLPCritic, _ xs: [Double]) -> [Double] {
    var a = xs.map { [$0] }
    for (l, layer) in c.layers.enumerated() {
      var h = a.map { row in
        (0 ..< layer.weight.rows).map { i in
          layer.bias[i] + (0 ..< row.count).map { layer.weight[i, $0] * row[$0] }.reduce(0, +)
        }
      }
      if l < c.hidden.count {
        let bn = c.normalizationLayers[l]
        for j in 0 ..< layer.weight.rows {
          let mu = h.map { $0[j] }.reduce(0, +) / Double(h.count)
          let v = h.map { ($0[j] - mu) * ($0[j] - mu) }.reduce(0, +) / Double(h.count)
          for i in h.indices {
            let y = bn.gamma[j] * (h[i][j] - mu) / (v + 1e-5).squareRoot() + bn.beta[j]
            h[i][j] = y > 0 ? y : 0.2 * y
          }
        }
      }
      a = h
    }
    return a.map { $0[0] }
  }

  @Test("the running statistics follow PyTorch's update, the variance unbiased")
  func runningStatistics() throws {
    let critic = try MLPCritic(hidden: [3], norm: .batch, seed: 2)
    var options = TrainingOptions(method: .wgan)
    options.batch = 4
    let configuration = try options.resolved()
    var rng = RandomSource(seed: 9)
    let objective = try Objective(
      critic: critic, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 2, sd: 1),
      configuration: configuration, rng: &rng)
    objective.drawBatch(using: &rng)
    objective.tape.forward()
    objective.updateRunningStatistics()
    let w = critic.layers[0]
    var mean = [0.0, 0, 0], variance = [1.0, 1, 1]
    for input in [objective.realInput, objective.fakeInput] {
      let x = objective.tape.value(input).elements
      for j in 0 ..< 3 {
        let h = x.map { w.weight[j, 0] * $0 + w.bias[j] }
        let mu = h.reduce(0, +) / 4
        let unbiased = h.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 3
        mean[j] = 0.9 * mean[j] + 0.1 * mu
        variance[j] = 0.9 * variance[j] + 0.1 * unbiased
      }
    }
    for j in 0 ..< 3 {
      #expect(abs(objective.runningMean[0][j] - mean[j]) <= 1e-12)
      #expect(abs(objective.runningVariance[0][j] - variance[j]) <= 1e-9)
    }
  }

  @Test("a BatchNorm batch of 1 is refused")
  func batchOfOne() throws {
    var options = TrainingOptions(method: .wganGP)
    options.batch = 1
    let critic = try MLPCritic(hidden: [4], norm: .batch, seed: 0)
    #expect(throws: CriticError.self) {
      try Trainer.train(critic, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 1, sd: 1), options: options)
    }
  }

  @Test("trained with every method, BatchNorm's evaluation-mode constant is exact and LayerNorm's a labelled grid value under its bound",
        arguments: [0, 1], [Method.wganGP, .wganLP, .sn, .wn, .wganClip, .l2, .gan])
  func trainedLipschitz(_ k: Int, _ method: Method) throws {
    let critic = try MLPCritic(hidden: [8, 8], norm: Self.norms[k], seed: 4)
    var options = TrainingOptions(method: method)
    options.steps = 40
    options.batch = 32
    let report = try Trainer.train(
      critic, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 2, sd: 0.5), options: options)
    #expect(report.status == .completed)
    let trained = report.critic
    #expect(trained.normalizationLayers.count == 2 && trained.normalizationLayers != critic.normalizationLayers)
    let lip = report.lipschitz
    // Independently: central differences of f on a dense grid of the same interval.
    let n = 20_001
    let a = lip.interval.lowerBound, b = lip.interval.upperBound
    let xs = (0 ..< n).map { a + (b - a) * Double($0) / Double(n - 1) }
    let f = trained.values(at: xs)
    var dense = 0.0
    for i in 0 ..< n - 1 { dense = max(dense, abs(f[i + 1] - f[i]) / (xs[i + 1] - xs[i])) }
    if Self.norms[k] == .batch {
      #expect(lip.isExact)
      #expect(dense <= lip.value * (1 + 1e-6) && dense >= lip.value * (1 - 1e-3), "\(dense) \(lip.value) \(lip.gridEstimate)")
    } else {
      #expect(!lip.isExact && lip.pieceCount == nil)
      #expect(abs(dense - lip.value) <= 1e-2 * lip.value)
      #expect(lip.value <= lip.spectralBound)
    }
  }

  @Test("BatchNorm in evaluation mode is the per-feature affine map folded into the layers")
  func folding() throws {
    var critic = try MLPCritic(hidden: [3], norm: .batch, seed: 6)
    critic.normalizationLayers[0].runningMean = [0.3, -0.2, 1]
    critic.normalizationLayers[0].runningVariance = [0.04, 2, 0.5]
    critic.normalizationLayers[0].gamma = [1.5, -0.7, 2]
    let folded = critic.effectiveLayers[0]
    let raw = critic.layers[0], bn = critic.normalizationLayers[0]
    for x in [-1.0, 0.25, 2] {
      for j in 0 ..< 3 {
        let h = raw.weight[j, 0] * x + raw.bias[j]
        let y = bn.gamma[j] * (h - bn.runningMean[j]) / (bn.runningVariance[j] + 1e-5).squareRoot()
          + bn.beta[j]
        #expect(abs(folded.weight[j, 0] * x + folded.bias[j] - y) <= 1e-12)
      }
    }
  }

  @Test("weight normalization's rows v/‖v‖: the backward rule, and a trained critic's spectra")
  func weightNormalization() throws {
    let error = try worstGradientError([randomMatrix(4, 3, seed: 120)]) { t, p in
      t.normalizedRows(p[0])
    }
    #expect(error <= 1e-6)
    let plain = try MLPCritic(hidden: [8, 8], seed: 2)
    let gp = try GradientCheck.run(
      plain, method: .wn, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 2, sd: 0.5), seed: 1)
    #expect(gp.worstRelativeError <= 1e-6)
    var options = TrainingOptions(method: .wn)
    options.steps = 100
    let trained = try Trainer.train(
      plain, real: .normal(mean: 0, sd: 1), fake: .normal(mean: 2, sd: 0.5), options: options
    ).critic
    #expect(trained.normalization == nil)
    for layer in trained.effectiveLayers {
      let w = layer.weight
      for i in 0 ..< w.rows {
        let norm = (0 ..< w.columns).map { w[i, $0] * w[i, $0] }.reduce(0, +).squareRoot()
        #expect(abs(norm - 1) <= 1e-12)
      }
      // max|g| = 1 ≤ ‖W‖₂ ≤ ‖g‖₂ = sqrt(fan-out).
      let sigma = try w.spectralNorm()
      #expect(sigma >= 1 - 1e-12 && sigma <= Double(w.rows).squareRoot() + 1e-12)
    }
  }
}
