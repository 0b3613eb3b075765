// `gradcheck c [method=]`: the check behind every gradient liplab computes, shown to the user —
// the reverse-mode gradient of a method's loss against central finite differences, per
// parameter tensor, pass or fail at a relative error of 1e-6.

import Critics

extension CommandTable {
  /// The relative error a gradient must stay within.
  static let gradientTolerance = 1e-6

  /// `gradcheck`.
  static var gradcheck: CommandSpec {
    CommandSpec(
      "gradcheck",
      summary: "check the gradient of a method's loss against finite differences",
      help: [
        "Draws one batch, computes the gradient of the method's loss with respect to every weight and bias by reverse mode, and again by central differences (L(θ + h) − L(θ − h)) / 2h with h = 1e-5·max(1, |θ|), up to 24 entries per tensor. The relative error ‖g_reverse − g_fd‖ / ‖g‖ must stay below 1e-6.",
        "For wgan-gp and wgan-lp the loss contains f'(x̂), so its gradient is the gradient of a gradient: the check covers the penalty too. Without method= the critic's last method is checked (wgan-gp before training).",
      ],
      signature: Signature(
        [Parameter("c", .variable)],
        options: [
          OptionSpec("method", .word, help: "the method whose loss is checked", values: TrainOptions.methodNames),
          OptionSpec("batch", help: "samples of each distribution (default 8)"),
          OptionSpec("seed", help: "seed of the batch (default 0)"),
        ] + TrainOptions.dataSpecs),
      recordsInHistory: false
    ) { context throws(Diagnostic) in
      let (name, value) = try criticArgument(context)
      let a = context.arguments
      let method = try TrainOptions.method(a, fallback: value.method ?? .wganGP)
      let (real, fake) = try TrainOptions.data(a, last: (value.real, value.fake))
      let batch = try a.count(option: "batch") ?? 8
      let seed = UInt64(try a.count(option: "seed") ?? 0)
      let report = try a.critics {
        try GradientCheck.run(value.critic, method: method, real: real, fake: fake, batch: batch, seed: seed)
      }
      context.print(lines: GradCheckView(report: report, format: context.format).lines(name: name, batch: batch, seed: seed))
    }
  }
}

/// What `gradcheck` prints.
struct GradCheckView {
  var report: GradientCheckReport
  var format: NumberFormat

  /// The check's lines for critic `name`.
  func lines(name: String, batch: Int, seed: UInt64) -> [String] {
    let tolerance = CommandTable.gradientTolerance
    var table = ReportTable(
      header: ["tensor", "entries", "largest |∂L/∂θ|", "relative error", "≤ \(format.string(tolerance))"],
      rightAligned: [1])
    for p in report.parameters {
      table.rows.append([
        p.name, String(p.entriesChecked), format.string(p.largestGradient), format.string(p.relativeError),
        p.relativeError <= tolerance ? "pass" : "FAIL",
      ])
    }
    // NOTE: written as "not ≤" so that a NaN error (a critic whose values overflow) fails.
    let failures = report.parameters.filter { !($0.relativeError <= tolerance) }.count
    let verdict = failures == 0
      ? "  all \(report.parameters.count) tensors pass"
      : "  \(failures) of \(report.parameters.count) tensors FAIL (a relu kink within h of a pre-activation can do this; try another seed=)"
    return [
      "  \(name): the \(report.method.rawValue) loss \(format.string(report.loss)) on one batch of \(batch) (seed \(seed))",
      "  reverse mode against central differences, h = \(format.string(report.step))·max(1, |θ|)",
    ] + table.render() + [verdict]
  }
}
