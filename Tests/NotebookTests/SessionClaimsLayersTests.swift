// The numbers and facts session 11's comments state about the normalization layers, each
// recomputed from the values the session's own statements make.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct SessionClaimsLayersTests {
  static func session() -> TestNotebook {
    let nb = preciseNotebook()
    nb.run("x = randn(4, 6, 3, 3, seed=1) * 2 + 1")
    return nb
  }

  static func tensor(_ nb: TestNotebook, _ expression: String) throws -> Tensor {
    nb.run("tmp = \(expression)")
    return try #require(nb.session.value(of: "tmp")?.tensor)
  }

  @Test func groupsAndTheLayers() throws {
    let nb = Self.session()
    let x = try Self.tensor(nb, "x")
    // "every group has mean 0 and variance σ²/(σ² + ε): 1 to within 1e-4 here" (and for the
    // other methods the session draws).
    for method in [NormalizationMethod.batch, .layer, .instance, .group(2)] {
      let (_, before, _) = try Normalization.groupStatistics(x, method)
      let y = try Normalization.normalized(x, try Normalization.statistics(x, method))
      let (mean, variance, _) = try Normalization.groupStatistics(y, method)
      #expect(mean.allSatisfy { abs($0) < 1e-15 })
      for g in variance.indices {
        #expect(abs(variance[g] - before[g] / (before[g] + 1e-5)) < 1e-12)
        #expect(abs(variance[g] - 1) < 1e-4)
      }
    }
    // "G = 1 is LayerNorm and G = C is InstanceNorm, exactly."
    #expect(nb.number("max(abs(groupnorm(x, groups=1) - layernorm(x)))") == 0)
    #expect(nb.number("max(abs(groupnorm(x, groups=6) - instancenorm(x)))") == 0)
    // "channel 2 of the output has mean 1 and standard deviation 3·sqrt(σ²/(σ² + ε)), 3 to
    // within 1e-5."
    let y = try Self.tensor(nb, "batchnorm(x, gamma=[1 3 1 1 1 1], beta=[0 1 0 0 0 0])")
    var channel2: [Double] = []
    for n in 0 ..< 4 {
      let start: Int = (n * 6 + 1) * 9
      channel2 += y.elements[start ..< start + 9]
    }
    let mean: Double = channel2.reduce(0, +) / 36
    var ss = 0.0
    for v in channel2 { ss += (v - mean) * (v - mean) }
    let sd = (ss / 36).squareRoot()
    #expect(abs(mean - 1) < 1e-14)
    #expect(abs(sd - 3) < 1e-5)
    // "LayerNorm of the flattened batch is the same numbers (to rounding)"
    #expect((nb.number("max(abs(reshape(layernorm(x), 4, 54) - layernorm(reshape(x, 4, 54))))") ?? 1) < 1e-14)
    // "one dominant logit picks one method (to rounding, below 1e-12)"
    #expect((nb.number("max(abs(switchnorm(x, mean=[0 0 50], var=[0 0 50]) - batchnorm(x)))") ?? 1) < 1e-12)
    #expect((nb.number("max(abs(switchnorm(x, mean=[50 0 0], var=[50 0 0]) - instancenorm(x)))") ?? 1) < 1e-12)
  }

  @Test func runningStatisticsAndEvaluationMode() throws {
    let nb = Self.session()
    nb.run("bn = bnlayer(6)", "step bn x", "step bn x", "step bn x")
    let x = try Self.tensor(nb, "x")
    let (mu, variance, count) = try Normalization.groupStatistics(x, .batch)
    #expect(count == 36)
    let runningMean = try #require(nb.session.value(of: "bn").flatMap { v -> [Double]? in
      guard case .object(let o) = v, let bn = o as? BatchNormValue else { return nil }
      return bn.layer.runningMean
    })
    nb.run("rv = bn.var")
    let runningVariance = try #require(nb.session.value(of: "rv")?.matrix?.elements)
    for c in 0 ..< 6 {
      // "(1 − 0.9³) = 0.271 of the batch mean" and "0.9³ + 0.271·σ²·36/35"
      #expect(abs(runningMean[c] - 0.271 * mu[c]) < 1e-14)
      #expect(abs(runningVariance[c] - (0.729 + 0.271 * variance[c] * 36 / 35)) < 1e-13)
    }
    // "far from mean 0 and variance 1": evaluation mode, against training mode's 0.
    let e = try #require(nb.number("mean(batchnorm(x, layer=bn))"))
    #expect(abs(e) > 0.3)
    #expect(abs(nb.number("mean(batchnorm(x))") ?? 1) < 1e-15)
    // "its constant is exactly max_c |γ_c|/sqrt(running var_c + ε); here below 1"
    let bound = runningVariance.map { 1 / ($0 + 1e-5).squareRoot() }.max()!
    #expect(nb.run("lip bn").contains(NumberFormat(digits: 17).string(bound)))
    #expect(bound < 1)
  }

  @Test func lipschitzOfTheLayers() throws {
    let nb = Self.session()
    let x = try Self.tensor(nb, "x")
    // "LayerNorm at this x is about 1/σ (σ ≈ 2)"; "it climbs to max|γ|/sqrt(ε) ≈ 316"
    let layer = try LayerLipschitz(x, .layer, gamma: nil, epsilon: 1e-5, limit: 1 << 24)
    #expect(layer.norm > 0.4 && layer.norm < 0.6)
    #expect(abs(layer.worstCase - 316.2) < 0.1)
    #expect(zip(layer.scaled, layer.scaled.dropFirst()).allSatisfy { $0.1 < $1.1 })
    #expect(layer.scaled.last!.1 > 300 && layer.scaled.last!.1 <= layer.worstCase)
    // "Training-mode BatchNorm as one map of the whole batch (216 entries): ‖J‖₂ is
    // max_c |γ_c|/sqrt(σ²_c + ε) again, but sample 1's output moves with sample 2's input"
    #expect(x.elements.count == 216)
    let batch = try LayerLipschitz(x, .batch, gamma: nil, epsilon: 1e-5, limit: 1 << 24)
    let (_, variance, _) = try Normalization.groupStatistics(x, .batch)
    let closed = variance.map { 1 / ($0 + 1e-5).squareRoot() }.max()!
    #expect(abs(batch.norm - closed) < 1e-12 * closed)
    #expect((batch.coupling ?? 0) > 0.1)
    // "‖W‖F = ‖g‖₂ = 2.5 exactly … ‖W‖₂ sits between max|g| = 2 and 2.5; SN fixes ‖W‖₂ at 1"
    nb.run("V = randn(4, 6, seed=3)", "w = weightnorm(V, g=[1 2 0.5 1])")
    // "every row of w has length g_i"
    let w = try #require(nb.session.value(of: "w")?.matrix)
    for (i, g) in [1.0, 2, 0.5, 1].enumerated() {
      #expect(abs(Vector.norm((0 ..< 6).map { w[i, $0] }) - g) < 1e-14)
    }
    #expect(abs((nb.number("fro(w)") ?? 0) - 2.5) < 1e-14)
    let spectral = try #require(nb.number("norm2(w)"))
    #expect(spectral >= 2 && spectral <= 2.5)
    #expect(abs((nb.number("norm2(sn(V))") ?? 0) - 1) < 1e-14)
  }
}
