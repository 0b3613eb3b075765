// The numbers and facts session 12's comments state about critics with normalization, each
// recomputed from the critics the session's own statements make.

import Critics
import DenseMatrix
import Testing

@testable import Notebook

@Suite struct SessionClaimsNormalizationTests {
  /// The entries of a matrix the notebook holds after evaluating `expression`.
  func entries(_ nb: TestNotebook, _ expression: String) throws -> [Double] {
    nb.run("tmp = \(expression)")
    guard case .matrix(let m) = try #require(nb.session.value(of: "tmp")) else {
      throw Diagnostic("not a matrix")
    }
    return m.elements
  }

  /// max |Δf/Δx| over 20001 points of `interval`, from the plain forward pass.
  func denseSlope(_ critic: MLPCritic, on interval: ClosedRange<Double>) -> Double {
    let n = 20_001
    let (a, b) = (interval.lowerBound, interval.upperBound)
    let xs = (0 ..< n).map { a + (b - a) * Double($0) / Double(n - 1) }
    let f = xs.map { CriticReference.value(critic, $0) }
    var best = 0.0
    for i in 0 ..< n - 1 {
      let q: Double = abs(f[i + 1] - f[i]) / (xs[i + 1] - xs[i])
      best = max(best, q)
    }
    return best
  }

  @Test func session12BatchNormAndLayerNorm() throws {
    let nb = preciseNotebook()
    nb.run("b = critic(hidden=[16 16], norm=batch, seed=2)")
    let first = try entries(nb, "batchvalues(b, [0 1 2])")
    let second = try entries(nb, "batchvalues(b, [0 5 6])")
    let alone = try entries(nb, "b([0 1])")
    // "The same point x = 0 gets two different values in two batches, and a third one, b(0)"
    #expect(abs(first[0] - second[0]) > 0.1 && abs(first[0] - alone[0]) > 0.01)
    #expect(abs(second[0] - alone[0]) > 0.01)
    nb.run("train b method=wgan-gp steps=300 batch=64 lr=1e-3")
    let b = try #require(nb.critic("b"))
    let lip = try ExactLipschitz.of(b.critic, on: b.span)
    // "the critic stays piecewise linear and its constant is exact. Here it is about 2"
    #expect(lip.isExact)
    #expect(abs(denseSlope(b.critic, on: b.span) - lip.value) <= 1e-6 * lip.value)
    #expect(lip.value > 1.8 && lip.value < 2.2)

    let table = nb.run("compare wgan-gp sn wn steps=300 batch=64 lr=1e-3 hidden=[16 16] seed=2 norm=batch")
    let header = try #require(firstRow("method", in: table))
    let column = try #require(header.firstIndex(of: "‖f‖_L"))
    let shown = try #require(firstRow("sn", in: table).flatMap { Double($0[column]) })
    // "Even sn's critic is far from 1-Lipschitz (‖f‖_L above 3)": the same run, its constant
    // checked on a dense grid.
    var options = TrainingOptions(method: .sn)
    (options.steps, options.batch, options.learningRate, options.seed) = (300, 64, 1e-3, 2)
    let sn = try Trainer.train(
      try MLPCritic(hidden: [16, 16], norm: .batch, seed: 2), real: .normal(mean: 2, sd: 0.5),
      fake: .normal(mean: -2, sd: 0.5), options: options)
    #expect(abs(sn.lipschitz.value - shown) <= 1e-5 * shown)
    #expect(sn.lipschitz.isExact && sn.lipschitz.value > 3)
    #expect(abs(denseSlope(sn.critic, on: -4 ... 4) - sn.lipschitz.value) <= 1e-6 * shown)

    nb.run("l = critic(hidden=[16 16], norm=layer, seed=2)")
    // "No batch dependence"
    let l1 = try entries(nb, "batchvalues(l, [0 1 2])"), l2 = try entries(nb, "batchvalues(l, [0 5 6])")
    let l0 = try entries(nb, "l([0 1])")
    #expect(l1[0] == l2[0] && l1[0] == l0[0])
    nb.run("train l method=wgan-gp steps=300 batch=64 lr=1e-3")
    let l = try #require(nb.critic("l"))
    let report = try ExactLipschitz.of(l.critic, on: l.span)
    #expect(!report.isExact)
    // "max|γ|/sqrt(ε) ≈ 316·max|γ| … more than 100000 times the grid value here"
    #expect(abs(1 / 1e-5.squareRoot() - 316) < 0.5)
    #expect(report.spectralBound > 1e5 * report.gridEstimate)
    let gammas = l.critic.normalizationLayers.map { $0.gamma.map(abs).max()! }
    var product = gammas.reduce(1) { $0 * $1 / 1e-5.squareRoot() }
    for layer in l.critic.effectiveLayers { product *= try layer.weight.spectralNorm() }
    #expect(abs(product - report.spectralBound) <= 1e-9 * product)
  }

  @Test func session12Spectra() throws {
    let nb = preciseNotebook()
    nb.run("w = critic(hidden=[16 16], seed=2)", "train w method=wn steps=300 batch=64 lr=1e-3")
    let w = try #require(nb.critic("w")).critic.effectiveLayers[1].weight
    let sw = try w.singularValues(method: .jacobi)
    // "‖W‖F = sqrt(16) = 4 exactly and 1 ≤ ‖W‖₂ ≤ 4 … σ₁ is above 3.5 … fall off fast"
    #expect(abs(CriticReference.frobeniusNorm(w) - 4) <= 1e-12)
    #expect(sw[0] >= 1 && sw[0] <= 4 && sw[0] > 3.5 && sw[1] < sw[0] / 2)

    nb.run("s = critic(hidden=[16 16], seed=2)", "train s method=sn steps=300 batch=64 lr=1e-3")
    let ss = try #require(nb.critic("s")).critic.effectiveLayers[1].weight.singularValues(method: .jacobi)
    // "SN fixes σ₁ at 1 (to the power iteration's lag) and leaves the others below it"
    #expect(abs(ss[0] - 1) < 0.01 && ss[1] < 1)

    nb.run("k = critic(hidden=[16 16], seed=2)", "train k method=wgan-clip steps=300 batch=64 lr=1e-3")
    let k = try #require(nb.critic("k")).critic.effectiveLayers[1].weight
    // "Clipping to ±0.01 bounds every σ by 0.01·16 = 0.16"
    #expect(k.elements.allSatisfy { abs($0) <= 0.01 })
    let sk = try k.singularValues(method: .jacobi)
    #expect(sk[0] <= 0.16)
  }
}
