// `train c method=… [options]`: trains a critic in place with one of the Lipschitz methods, with
// the paper's defaults, and judges it against the exact W₁ and its exact Lipschitz constant.

import Critics

extension CommandTable {
  /// The critic held in positional 0, with its variable name.
  static func criticArgument(_ context: CommandContext) throws(Diagnostic) -> (String, CriticValue) {
    let (name, value) = try context.arguments.object(
      0, as: CriticValue.self, what: "a critic (make one with 'c = critic()')")
    return (name, value)
  }

  /// `train`.
  static var train: CommandSpec {
    CommandSpec(
      "train",
      summary: "train a critic with a Lipschitz method and judge it against the exact W₁",
      help: ["Each method runs with its paper's defaults unless overridden:"]
        + Method.allCases.map { "  \($0.rawValue): \($0.summary)." } + [
        "Training continues from the critic's current weights with a fresh optimiser; without method=, real= or fake= the critic's last ones are used. It is deterministic: the same critic, data and seed give the same result. The estimate E_r f − E_g f, the exact W₁ and the critic's exact Lipschitz constant are printed after the run.",
        "With generator=affine (or ncritic=N) a generator x_g = a·z + b, z drawn from fake=, starts at the identity and takes one update after every n_critic critic updates, with its paper's loss (−E f(x_g); the vanilla GAN's E log(1 − D(x_g))) and the critic's optimiser settings. The critic is then judged against the distribution the generator ends with, which becomes the critic's fake data. Like any GAN training, such a run amplifies the last bits of rounding: it repeats exactly on one build, but another build or CPU can end somewhere else.",
        "wn (Salimans & Kingma 2016) keeps g fixed at 1: with a trainable g, w = g·v/‖v‖ can be any matrix, a reparametrisation that constrains nothing; with g = 1 every row is a unit vector, so 1 ≤ ‖W‖₂ ≤ sqrt(fan-out) (max|g| ≤ ‖W‖₂ ≤ ‖g‖₂), a band where SN pins ‖W‖₂ = 1. A 1-D critic's first layer has fan-in 1: its weights are sign(v) = ±1 and get no gradient. On a critic with norm=batch or norm=layer every method trains γ and β too (see 'help critic').",
        "Ctrl-C stops between two steps and keeps the critic trained so far. If the loss or a weight becomes NaN or infinite, training stops with an error and the critic is left as it was before 'train' (a failing statement changes nothing); lower lr= and try again.",
      ],
      signature: Signature(
        [Parameter("c", .variable)],
        options: [OptionSpec("method", .word, help: "the method (see above)", values: TrainOptions.methodNames)]
          + TrainOptions.hyperSpecs + TrainOptions.generatorSpecs + TrainOptions.dataSpecs)
    ) { context throws(Diagnostic) in
      var (name, value) = try criticArgument(context)
      let a = context.arguments
      let method = try TrainOptions.method(a, fallback: value.method)
      let options = try TrainOptions.options(method, a)
      let (real, fake) = try TrainOptions.data(a, last: (value.real, value.fake))
      let report = try a.critics {
        try Trainer.train(
          value.critic, real: real, fake: fake, options: options,
          progress: stepProgress("train \(name) \(method.rawValue)", context, steps: options.steps),
          isInterrupted: { context.isInterrupted })
      }
      try settle(
        report.status, steps: report.stepsDone, learningRate: report.configuration.optimizer.learningRate,
        name: name, command: "train", context: context)
      var view = TrainReport(report: report, format: context.format, width: context.settings.width)
      view.unsteppedNormalization =
        method == .sn && value.critic.normalization == nil && report.stepsDone == 0
      value.critic = report.critic
      value.trainedSteps += report.stepsDone
      value.method = method
      value.real = real
      value.fake = report.fake  // the generated distribution when a generator was trained
      context.assign(name, .object(value))
      context.print(
        lines: view.lines(
          name: name, requested: options.steps,
          style: context.settings.unicodePlots ? .unicode : .ascii))
    }
  }

  /// The progress callback of a training loop: a bar labelled `label` with the loss, every 1 %
  /// of `steps` (terminals only).
  static func stepProgress(
    _ label: String, _ context: CommandContext, steps: Int
  ) -> (TrainingProgress) -> Void {
    let every = max(1, steps / 100)
    return { p in
      guard p.step % every == 0 || p.step == p.steps else { return }
      context.progress(label, done: p.step, of: p.steps, detail: "loss \(context.format.string(p.loss))")
    }
  }

  /// What a training command does once its loop has ended with `status` after `steps` steps:
  /// clears the progress line; throws the divergence diagnostic (the variable `name` is then left
  /// as it was, since a failing statement changes nothing); records an interrupted statement with
  /// the steps it took, so that `save` replays to the same network.
  static func settle(
    _ status: TrainingStatus, steps: Int, learningRate: Double, name: String, command: String,
    context: CommandContext
  ) throws(Diagnostic) {
    let a = context.arguments
    context.progress("")
    if case .diverged(let step, let what) = status {
      throw Diagnostic(
        "\(command == "fit" ? "fitting" : "training") diverged at step \(step): \(what)",
        at: a.has("lr") ? a.range(option: "lr") : a.range,
        notes: [
          "'\(name)' is left as it was before '\(command)'",
          "lower the learning rate (lr=\(context.format.string(learningRate)) was used)",
        ])
    }
    if status == .interrupted {
      context.recordedText = recorded(
        context.statement, steps: steps, at: a.has("steps") ? a.range(option: "steps") : nil)
    }
  }

  /// `statement` with its `steps=` value (at `range`, or appended before any comment when
  /// absent) replaced by `steps`: what `save` records for a `train` interrupted after `steps`.
  static func recorded(_ statement: StatementSource, steps: Int, at range: SourceRange?) -> String {
    var lines = statement.text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { Array($0.unicodeScalars) }
    if let range, lines.indices.contains(range.line - statement.firstLine) {
      let i = range.line - statement.firstLine
      let start = min(max(range.column - 1, 0), lines[i].count)
      let end = min(start + range.length, lines[i].count)
      lines[i].replaceSubrange(start ..< end, with: String(steps).unicodeScalars)
    } else if let last = lines.indices.last {
      // Before a trailing comment (as the lexer sees it), else at the end.
      var cut = LexicalScan(lines[last]).commentOnLastLine ?? lines[last].count
      while cut > 0 && lines[last][cut - 1] == " " { cut -= 1 }
      lines[last].insert(contentsOf: " steps=\(steps)".unicodeScalars, at: cut)
    }
    return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
  }
}
