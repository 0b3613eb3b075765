// A fit's loss recorded once on a tape: the mean squared error of the network on the training
// points plus the method's term (MATH.md §9), re-run every step without allocating. The fit and
// the gradient checks share it.

import DenseMatrix

/// The recorded loss of one fit method for one network on fixed training data.
final class RegressionObjective {
  let tape = Tape()
  let method: FitMethod
  let graph: CriticGraph
  /// MSE + the method's term (1×1).
  let loss: Variable
  /// The mean squared error alone (1×1), a node of `loss`.
  let meanSquaredError: Variable
  /// gp's penalty points (`FitOptions.penaltyPoints` × 1), drawn by `drawPenaltyPoints`.
  let penaltyPoints: Variable?
  /// The span of the training inputs, where gp draws its points.
  let span: ClosedRange<Double>

  /// Records the loss of `configuration.method` for `network` (already stripped of its
  /// normalization unless the method is sn) on the points (x_i, y_i). Initial u, v for sn and
  /// specreg come from `rng` when the network has none.
  /// - Throws: `CriticError.invalidOption` when points × the widest layer exceeds
  ///   `Trainer.maximumBatchElements`.
  init(
    network: MLPCritic, x: [Double], y: [Double], configuration: FitConfiguration,
    rng: inout RandomSource
  ) throws {
    let widest = network.hidden.max() ?? 1
    let rows = max(x.count, configuration.method == .gp ? FitOptions.penaltyPoints : 0)
    guard rows * widest <= Trainer.maximumBatchElements else {
      throw CriticError.invalidOption(
        option: "x",
        reason: "points × widest layer must be at most \(Trainer.maximumBatchElements), "
          + "got \(rows)×\(widest)")
    }
    method = configuration.method
    span = x.min()! ... x.max()!
    var network = network
    if method.usesPowerIteration, network.normalization == nil {
      network.normalization = SpectralNormalization.random(for: network, using: &rng)
    }
    let t = tape
    graph = try CriticGraph(
      network, on: t, spectral: method.usesPowerIteration, normalize: method == .sn)
    let input = t.constant(Matrix(column: x))
    let target = t.constant(Matrix(column: y))
    let f = try graph.apply(input, on: t).f!
    meanSquaredError = t.mean(t.square(try t.subtract(f, target)))
    let lambda = configuration.lambda ?? 0
    switch method {
    case .none, .sn:
      penaltyPoints = nil
      loss = meanSquaredError
    case .l2:
      penaltyPoints = nil
      loss = try t.add(meanSquaredError, t.scale(graph.frobeniusPenalty(on: t), by: lambda))
    case .specreg:
      penaltyPoints = nil
      loss = try t.add(meanSquaredError, t.scale(graph.spectralPenalty(on: t), by: lambda / 2))
    case .gp:
      let n = FitOptions.penaltyPoints
      let points = t.constant(Matrix(rows: n, columns: 1))
      let ones = t.constant(Matrix(rows: n, columns: 1, repeating: 1))
      let slope = try graph.apply(points, tangent: ones, output: false, on: t).slope!
      let excess = t.relu(t.addScalar(t.abs(slope), -(configuration.bound ?? 1)))  // (|f′| − k)₊
      penaltyPoints = points
      loss = try t.add(meanSquaredError, t.scale(t.mean(t.square(excess)), by: lambda))
    }
  }

  /// The trainable parameters as optimiser buffers.
  var parameterBuffers: [ParameterBuffer] { graph.parameterBuffers(on: tape) }

  /// Draws gp's points uniformly on `span` (nothing for the other methods).
  func drawPenaltyPoints(using rng: inout RandomSource) {
    guard let points = penaltyPoints else { return }
    let p = tape.valuePointer(points)
    let (a, width) = (span.lowerBound, span.upperBound - span.lowerBound)
    for i in 0 ..< FitOptions.penaltyPoints { p[i] = a + width * rng.uniform() }
  }

  /// One power step per layer (sn, specreg; see `CriticGraph.powerStep(on:)`).
  func powerStep() {
    if method.usesPowerIteration { graph.powerStep(on: tape) }
  }

  /// The network as currently held by the tape (its u, v kept for sn).
  func network(shapedLike template: MLPCritic) -> MLPCritic {
    var network = template
    graph.read(into: &network, from: tape, normalized: method == .sn)
    if method != .sn { network.normalization = nil }
    return network
  }
}
