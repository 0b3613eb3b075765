// `groups x method=batch|layer|instance|group [groups=G]`: the figure every normalization
// tutorial draws, in text. The batch is an N × C grid of cells (one cell: the H·W positions of
// one sample's channel); every cell carries the label of the group whose entries share one mean
// and one variance. Then each group's mean and variance before and after normalising (γ = 1,
// β = 0): 0 and σ²/(σ² + ε) ≈ 1 within rounding.

import DenseMatrix

extension CommandTable {
  /// The most samples and channels the figure draws (the rest are elided).
  static let groupsFigureLimit = (samples: 12, channels: 16)
  /// The most groups the table lists.
  static let groupsTableLimit = 12

  static var groups: CommandSpec {
    CommandSpec(
      "groups",
      summary: "which entries of a batch share one mean and variance under batch, layer, instance or group norm",
      help: [
        "x is a batch: N×C×H×W, N×C×L or an N×C matrix. The figure has one row per sample and one column per channel; a cell stands for the H·W (or L) positions of that sample's channel, and cells with the same label form one group, normalised by one mean and one variance: method=batch labels each channel (a column, across the batch), layer each sample (a row), instance each cell, group each run of C/G channels of a sample (groups=G, which must divide C).",
        "The table lists each group's size and its mean and biased variance before normalising, and after (γ = 1, β = 0, ε = 1e-5): the mean is 0 and the variance σ²/(σ² + ε), 1 within rounding unless σ² is comparable to ε.",
      ],
      signature: Signature(
        [Parameter("x")],
        options: [
          OptionSpec("method", .word, help: "batch, layer, instance or group (default batch)", values: ["batch", "layer", "instance", "group"]),
          OptionSpec("groups", help: "G for method=group (must divide the channels)"),
        ])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      let x = try FunctionTable.batch(arguments)
      let layout = try core(at: arguments.range(0)) { try ChannelLayout(x.shape) }
      let method = try normalizationMethod(arguments, layout)
      let before = try core(at: arguments.range(0)) { try Normalization.groupStatistics(x, method) }
      let limit = arguments.elementLimit
      let y = try core(at: arguments.range) {
        try Normalization.normalized(x, try Normalization.statistics(x, method), limit: limit)
      }
      let after = try core(at: arguments.range) { try Normalization.groupStatistics(y, method) }
      let count = before.mean.count
      let label = arguments.label(0) ?? "x"
      let positions = x.rank > 2 ? Tensor.text(of: Array(x.shape.dropFirst(2))) : "1"
      context.print(
        "  \(label) : \(x.shapeText) — \(method.name)norm: \(count) group\(count == 1 ? "" : "s") of \(before.entries) entries share one mean and variance")
      context.print(lines: groupsFigure(layout, method, count: count, positions: positions))
      let format = context.format
      var table = ReportTable(
        header: ["group", "entries", "mean", "var", "mean after", "var after"], rightAligned: [0, 1])
      for g in 0 ..< min(count, groupsTableLimit) {
        table.rows.append([
          groupLabel(g, of: count), String(before.entries), format.string(before.mean[g]),
          format.string(before.variance[g]), format.string(after.mean[g]), format.string(after.variance[g]),
        ])
      }
      context.print("")
      context.print(lines: table.render())
      if count > groupsTableLimit { context.print("  … \(count - groupsTableLimit) more groups") }
      let worstMean = after.mean.map { Swift.abs($0) }.max() ?? 0
      let worstVariance = after.variance.map { Swift.abs($0 - 1) }.max() ?? 0
      context.print(
        "  after, over all \(count) groups: max |mean| = \(format.string(worstMean)), max |var − 1| = \(format.string(worstVariance))")
    }
  }

  /// The method of `method=` and `groups=` (batch when absent).
  static func normalizationMethod(_ arguments: Arguments, _ layout: ChannelLayout) throws(Diagnostic)
    -> NormalizationMethod
  {
    let word = try arguments.word(option: "method") ?? (arguments.has("groups") ? "group" : "batch")
    switch word {
    case "layer": return .layer
    case "instance": return .instance
    case "group":
      return try FunctionTable.groupMethod(arguments, layout, what: "method=group", at: arguments.range(option: "method"))
    default:
      if arguments.has("groups") {
        throw Diagnostic("groups= goes with method=group", at: arguments.range(option: "groups"))
      }
      return .batch
    }
  }

  /// The N × C grid of group labels, elided past `groupsFigureLimit`.
  private static func groupsFigure(
    _ layout: ChannelLayout, _ method: NormalizationMethod, count: Int, positions: String
  ) -> [String] {
    let n = min(layout.samples, groupsFigureLimit.samples)
    let c = min(layout.channels, groupsFigureLimit.channels)
    let width = String(count).count + 1
    func cell(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    var header = "             channel"
    for j in 0 ..< c { header += " " + cell(String(j + 1)) }
    if c < layout.channels { header += "  …" }
    var lines = [header]
    for i in 0 ..< n {
      let number = String(i + 1)
      var line = "  sample " + number + String(repeating: " ", count: max(0, 11 - number.count))
      for j in 0 ..< c {
        line += " " + cell(groupLabel(Normalization.group(ofSample: i, channel: j, method, layout), of: count))
      }
      if c < layout.channels { line += "  …" }
      lines.append(line)
    }
    if n < layout.samples { lines.append("  … \(layout.samples - n) more samples") }
    lines.append("  (a cell is one sample's channel: its \(positions) positions; one label, one group)")
    return lines
  }

  /// Group g's label: a letter while there are at most 52 groups, else its number.
  static func groupLabel(_ g: Int, of count: Int) -> String {
    guard count <= 52 else { return String(g + 1) }
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return String(letters[g])
  }
}
