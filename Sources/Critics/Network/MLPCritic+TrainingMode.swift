// A critic applied to a whole batch in training mode, as the training loop applies it: with
// BatchNorm every sample is normalised by the statistics of the batch it sits in, so f at one
// point depends on the other points (Gulrajani et al. 2017, §4: the per-sample gradient
// penalty then constrains a function of the whole batch).

import DenseMatrix

extension MLPCritic {
  /// f at every point of `batch`, evaluated together in training mode (BatchNorm by the batch's
  /// mean and biased variance; LayerNorm and a plain critic as in `values(at:)`); the running
  /// statistics are not changed. O(batch · Σ mn).
  /// - Throws: `CriticError.invalidOption` for a BatchNorm critic and fewer than 2 points, or
  ///   more than `Trainer.maximumBatchElements` activations in a layer.
  public func trainingModeValues(at batch: [Double]) throws -> [Double] {
    if featureNormalization == .batch, batch.count < 2 {
      throw CriticError.invalidOption(
        option: "batch", reason: "must be at least 2 for BatchNorm (a variance over the batch)")
    }
    guard batch.count * (hidden.max() ?? 1) <= Trainer.maximumBatchElements else {
      throw CriticError.invalidOption(
        option: "batch", reason: "batch × widest layer must be at most \(Trainer.maximumBatchElements)")
    }
    let tape = Tape()
    let graph = try CriticGraph(self, on: tape, spectral: false, normalize: normalization != nil)
    var x = Matrix(rows: batch.count, columns: 1)
    x.elements = batch
    return tape.value(try graph.apply(tape.constant(x), on: tape).f!).elements
  }
}
