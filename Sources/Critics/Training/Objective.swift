// A method's loss recorded once on a tape, with the per-step work around it: drawing a batch into
// the input leaves (and the interpolates or margins the method needs) and the power step of
// spectral normalization. The trainer and the gradient check share it.

import DenseMatrix
import RealModule

/// The recorded loss of one method for one critic, re-runnable every step without allocating.
final class Objective {
  let tape = Tape()
  let method: Method
  let graph: CriticGraph
  let batch: Int
  let real: Distribution
  let fake: Distribution
  let realInput: Variable
  let fakeInput: Variable
  /// Interpolates x̂ (wgan-gp, wgan-lp) and the tangent seed ẋ = 1.
  let interpolates: Variable?
  /// Per-pair constants from |x_r − x_g| of the matched pairs: the margins themselves (lsgan)
  /// or the weights 1/(2λ|x_r − x_g|) of GAN-QP's quadratic term.
  let margins: Variable?
  /// λ of the method (0 when it has none).
  let lambda: Double
  /// The generator the fake samples pass through, nil for the fake distribution as given.
  var generator: AffineGenerator? = nil
  let loss: Variable
  /// BatchNorm's per-pass statistics nodes (real, fake, interpolates), and the running mean and
  /// variance they update, one array per hidden layer.
  private var batchStatistics: [[(h: Variable, r: Variable)]] = []
  private(set) var runningMean: [[Double]]
  private(set) var runningVariance: [[Double]]

  /// Records the loss of `configuration.method` for `critic` (already stripped of normalization
  /// unless the method is `sn`). Initial u, v for sn/specreg are drawn from `rng` when the critic
  /// has none (PyTorch: u, v ~ N(0, I), normalised).
  /// - Throws: `CriticError.invalidOption` when batch × the widest layer exceeds
  ///   `Trainer.maximumBatchElements`.
  init(
    critic: MLPCritic, real: Distribution, fake: Distribution,
    configuration: TrainingConfiguration, rng: inout RandomSource
  ) throws {
    let widest = critic.hidden.max() ?? 1
    guard configuration.batch * widest <= Trainer.maximumBatchElements else {
      throw CriticError.invalidOption(
        option: "batch",
        reason: "batch × widest layer must be at most \(Trainer.maximumBatchElements), "
          + "got \(configuration.batch)×\(widest)")
    }
    if critic.featureNormalization == .batch, configuration.batch < 2 {
      throw CriticError.invalidOption(
        option: "batch", reason: "must be at least 2 for BatchNorm (a variance over the batch)")
    }
    method = configuration.method
    batch = configuration.batch
    runningMean = critic.normalizationLayers.map(\.runningMean)
    runningVariance = critic.normalizationLayers.map(\.runningVariance)
    self.real = real
    self.fake = fake
    var critic = critic
    if method.usesPowerIteration, critic.normalization == nil {
      critic.normalization = SpectralNormalization.random(for: critic, using: &rng)
    }
    graph = try CriticGraph(
      critic, on: tape, spectral: method.usesPowerIteration, normalize: method == .sn,
      weightNormalize: method == .wn)
    let column = Matrix(rows: batch, columns: 1)
    realInput = tape.constant(column)
    fakeInput = tape.constant(column)
    interpolates = method.usesGradientPenalty ? tape.constant(column) : nil
    margins = method == .lsgan || method == .ganQP ? tape.constant(column) : nil
    let ones = tape.constant(Matrix(rows: batch, columns: 1, repeating: 1))

    let t = tape
    let realPass = try graph.apply(realInput, on: t), fakePass = try graph.apply(fakeInput, on: t)
    let (fr, fg) = (realPass.f!, fakePass.f!)
    var statistics = [realPass.statistics, fakePass.statistics]
    let wasserstein = try t.subtract(t.mean(fg), t.mean(fr))  // E_g f − E_r f
    let lambda = configuration.lambda ?? 0
    self.lambda = lambda
    switch method {
    case .wganClip, .sn, .wn, .wgan:
      loss = wasserstein
    case .wganGP, .wganLP:
      let pass = try graph.apply(interpolates!, tangent: ones, output: false, on: t)
      statistics.append(pass.statistics)
      let slope = pass.slope!
      var excess = t.addScalar(t.abs(slope), -1)  // |f'(x̂)| − 1
      if method == .wganLP { excess = t.relu(excess) }
      loss = try t.add(wasserstein, t.scale(t.mean(t.square(excess)), by: lambda))
    case .specreg:
      loss = try t.add(wasserstein, t.scale(graph.spectralPenalty(on: t), by: lambda / 2))
    case .l2:
      loss = try t.add(wasserstein, t.scale(graph.frobeniusPenalty(on: t), by: lambda))
    case .lsgan:
      // L = −f: γ E_r L + λ E max(0, Δ + L(x_r) − L(x_g)) = −γ E_r f + λ E max(0, Δ − f_r + f_g).
      // The weight decay λ_w Σ ‖W_l‖F² (decay=) keeps L Lipschitz, as MATH.md §6 asks.
      let hinge = t.relu(try t.add(t.subtract(margins!, fr), fg))
      var objective = try t.add(
        t.scale(t.mean(fr), by: -(configuration.gamma ?? 0)), t.scale(t.mean(hinge), by: lambda))
      if let decay = configuration.decay, decay > 0 {
        objective = try t.add(objective, t.scale(graph.frobeniusPenalty(on: t), by: decay))
      }
      loss = objective
    case .ganQP:
      // −E[d] + E[d² / (2λ|x_r − x_g|)] with d = f(x_r) − f(x_g) over matched pairs.
      let d = try t.subtract(fr, fg)
      loss = try t.add(t.scale(t.mean(d), by: -1), t.mean(t.multiply(t.square(d), margins!)))
    case .gan:
      // −E_r log σ(f) − E_g log(1 − σ(f)) = E_r softplus(−f) + E_g softplus(f).
      loss = try t.add(t.mean(t.softplus(t.scale(fr, by: -1))), t.mean(t.softplus(fg)))
    }
    batchStatistics = statistics.filter { !$0.isEmpty }
  }

  /// Moves BatchNorm's running statistics toward those of the batches the last `forward()`
  /// normalised, one pass after the other as PyTorch's training-mode calls would:
  /// r ← (1 − m)·r + m·μ and v ← (1 − m)·v + m·σ²·B/(B − 1) (the unbiased variance), m = 0.1.
  /// σ² + ε = 1/r² is read from the graph. O(passes · batch · Σ widths), no allocation.
  func updateRunningStatistics() {
    let m = FeatureNormalization.momentum, eps = FeatureNormalization.epsilon
    let unbiased = Double(batch) / Double(batch - 1)
    for pass in batchStatistics {
      for (l, node) in pass.enumerated() {
        let width = tape.shape(node.h).columns
        let h = tape.valuePointer(node.h), r = tape.valuePointer(node.r)
        for j in 0 ..< width {
          var mean = 0.0
          for i in 0 ..< batch { mean += h[i * width + j] }
          mean /= Double(batch)
          let variance = 1 / (r[j] * r[j]) - eps
          runningMean[l][j] = (1 - m) * runningMean[l][j] + m * mean
          runningVariance[l][j] = (1 - m) * runningVariance[l][j] + m * variance * unbiased
        }
      }
    }
  }

  /// The trainable parameters (weights, then biases) as optimiser buffers.
  var parameterBuffers: [ParameterBuffer] { graph.parameterBuffers(on: tape) }

  /// Draws a fresh batch into the input leaves: real and fake samples (the latter through the
  /// generator, when there is one), then the interpolation
  /// weights ε ~ U[0, 1] (x̂ = εx_r + (1 − ε)x_g) or the per-pair constants of pairs i ↔ i.
  func drawBatch(using rng: inout RandomSource) {
    let xr = tape.valuePointer(realInput), xg = tape.valuePointer(fakeInput)
    real.sample(into: xr, count: batch, using: &rng)
    fake.sample(into: xg, count: batch, using: &rng)
    if let g = generator {
      let (a, b) = (g.scale, g.shift)
      for i in 0 ..< batch { xg[i] = a * xg[i] + b }
    }
    if let x = interpolates {
      let xh = tape.valuePointer(x)
      for i in 0 ..< batch {
        let e = rng.uniform()
        xh[i] = e * xr[i] + (1 - e) * xg[i]
      }
    }
    if let m = margins {
      let d = tape.valuePointer(m)
      if method == .ganQP {
        // NOTE: a pair at distance 0 would divide by 0; 1e-12 keeps its weight finite (huge).
        for i in 0 ..< batch { d[i] = 1 / (2 * lambda * max(Swift.abs(xr[i] - xg[i]), 1e-12)) }
      } else {
        for i in 0 ..< batch { d[i] = Swift.abs(xr[i] - xg[i]) }
      }
    }
  }

  /// One power step per layer on the raw weights (see `CriticGraph.powerStep(on:)`).
  func powerStep() { graph.powerStep(on: tape) }

  /// The critic as currently held by the tape (normalization kept for sn).
  func critic(shapedLike template: MLPCritic) -> MLPCritic {
    var c = template
    graph.read(into: &c, from: tape, normalized: method == .sn)
    if method != .sn { c.normalization = nil }
    if method == .wn {
      for l in graph.applied.indices { c.layers[l].weight = tape.value(graph.applied[l]) }
    }
    for l in c.normalizationLayers.indices {
      c.normalizationLayers[l].runningMean = runningMean[l]
      c.normalizationLayers[l].runningVariance = runningVariance[l]
    }
    return c
  }
}
