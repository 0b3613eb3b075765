// `step bn x`: one training-mode pass of a BatchNorm layer (from `bnlayer`) over the batch x. The
// batch is normalised with its own statistics, and the running ones move toward them as PyTorch
// moves them; the table shows both, channel by channel. (`step p` of a power tracker is the same
// command; it hands a BatchNorm layer to this file.)

import DenseMatrix

extension CommandTable {
  /// The help paragraph `step` gives its BatchNorm form.
  static let stepBatchNormHelp =
    "'step bn x' with a BatchNorm layer (bn = bnlayer(C)) is one forward pass in training mode over the batch x (N×C, N×C×L or N×C×H×W): x is normalised by its own per-channel mean and biased variance, and the running statistics move toward them, r ← (1 − m)·r + m·μ and v ← (1 − m)·v + m·σ²·B/(B − 1), the unbiased variance of the B values of each channel, as PyTorch keeps it. The table shows, per channel, the batch's mean and biased variance and the new running mean and variance; batchnorm(x, layer=bn) then normalises with the running ones (evaluation mode)."

  /// Runs `step bn x` for the BatchNorm layer `layer` held in `name`.
  static func stepBatchNorm(_ name: String, _ layer: BatchNormValue, _ context: CommandContext)
    throws(Diagnostic)
  {
    let arguments = context.arguments
    if arguments.has("mode") {
      throw Diagnostic(
        "'step \(name)' is always a training step", at: arguments.range(option: "mode"),
        notes: ["evaluation mode is batchnorm(x, layer=\(name)), which changes nothing"])
    }
    guard arguments.count > 1 else {
      throw Diagnostic(
        "'step \(name)' needs a batch: step \(name) x", at: arguments.range,
        notes: ["x is an N×\(layer.width)×… tensor or an N×\(layer.width) matrix"])
    }
    let x = try FunctionTable.batch(arguments, 1)
    let layout = try core(at: arguments.range(1)) { try ChannelLayout(x.shape) }
    guard layout.channels == layer.width else {
      throw Diagnostic(
        "'\(name)' has \(layer.width) channels; the batch \(x.shapeText) has \(layout.channels)",
        at: arguments.range(1))
    }
    let (mean, variance, count) = try core(at: arguments.range(1)) { try Normalization.groupStatistics(x, .batch) }
    var updated = layer
    updated.layer.updateRunningStatistics(mean: mean, biasedVariance: variance, count: count, momentum: layer.momentum)
    updated.steps += 1
    let format = context.format
    context.print(
      "  \(name): training step \(updated.steps), batch \(x.shapeText), \(count) values per channel, momentum \(format.string(layer.momentum))")
    var table = ReportTable(
      header: ["channel", "batch mean", "batch var", "running mean", "running var"], rightAligned: [0])
    for c in 0 ..< layer.width {
      table.rows.append([
        String(c + 1), format.string(mean[c]), format.string(variance[c]),
        format.string(updated.layer.runningMean[c]), format.string(updated.layer.runningVariance[c]),
      ])
    }
    context.print(lines: table.render())
    context.assign(name, .object(updated))
  }
}
