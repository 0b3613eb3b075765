// `compare wgan-clip wgan-gp sn lsgan … steps=N`: the same critic, data and seed trained by each
// method, one table of how each is judged against the exact truth, and small plots of the f(x)
// they learnt side by side.

import Critics
import TermPlot

extension CommandTable {
  /// `compare`.
  static var compare: CommandSpec {
    CommandSpec(
      "compare",
      summary: "train the same critic on the same data with several methods and compare them",
      help: [
        "Each method starts from the same freshly initialised critic (critic(hidden=, act=, seed=)) and trains on the same data with the same seed, with its paper's defaults (lr= sets one learning rate for all). The table shows the estimate E_r f − E_g f, the exact W₁, the critic's exact Lipschitz constant ‖f‖_L, the ratio estimate / (‖f‖_L·W₁) (1 for an optimal critic), and the layer-wise bounds Π‖W‖₂ and Π‖W‖F; small plots show each f(x). With generator=affine (or ncritic=) every method also trains a generator on the fake data (see 'help train'), and a column shows the W₁ each generator ends with.",
        "At a terminal a time column shows each method's wall-clock training time; transcripts and pipes leave it out, so they never depend on the machine. Ctrl-C stops the method being trained and skips the rest; a method that diverges is reported in its row, and so is one whose critic grew beyond what the data can justify ('runaway': ‖f‖_L above \(NumberFormat(digits: 6).string(TrainingReport.runawaySlope))) or ranks the fake data above the real ('estimate < 0').",
        "With the defaults wgan-gp ends with an estimate near −3.2 while wgan-lp reaches 4.8: its critic starts decreasing, and for a linear critic f(x) = s·x the two-sided loss −s·Δ + λ(|s| − 1)² has a second minimum at s = −1 + Δ/(2λ) = −0.8, behind a barrier of loss λ at s = 0 (the global one is at s = 1 + Δ/(2λ) = 1.2, an estimate of 4.8). The one-sided penalty of wgan-lp has no barrier. compare then prints that loss against s.",
      ],
      signature: Signature(
        [Parameter("method", .word, variadic: true, values: TrainOptions.methodNames)],
        options: [
          OptionSpec("steps", help: "critic updates per method (default 2000)"),
          OptionSpec("batch", help: "samples of each distribution per step (default 256)"),
          OptionSpec("lr", help: "one learning rate for every method (default: each paper's)"),
          OptionSpec("seed", help: "seed of the critic's weights and of training (default 0)"),
          OptionSpec("hidden", help: "hidden-layer widths of the critic (default [32 32])"),
          OptionSpec("act", .word, help: "the activation: leaky (default), relu or tanh", values: Activation.names),
          OptionSpec(
            "norm", .word, help: "a normalization layer after each hidden linear map: none (default), batch or layer (see 'help critic')",
            values: FeatureNormalization.allCases.map(\.rawValue)),
        ] + TrainOptions.generatorSpecs + TrainOptions.dataSpecs)
    ) { context throws(Diagnostic) in
      let a = context.arguments
      var methods: [Method] = []
      for i in 0 ..< a.count {
        let method = Method(rawValue: try a.word(i))!  // checked against the declared values
        guard !methods.contains(method) else {
          throw Diagnostic("'\(method.rawValue)' is listed twice", at: a.range(i))
        }
        methods.append(method)
      }
      let (real, fake) = try TrainOptions.data(a)
      let seed = UInt64(try a.count(option: "seed") ?? 0)
      let hidden = try a.hiddenWidths()
      let activation = Activation(name: try a.word(option: "act") ?? "leaky") ?? .leakyDefault
      let norm = FeatureNormalization(rawValue: try a.word(option: "norm") ?? "none")!
      let start = try a.critics(at: a.range(option: "hidden")) {
        try MLPCritic(hidden: hidden, activation: activation, norm: norm, seed: seed)
      }
      var optionsList: [TrainingOptions] = []
      for method in methods {
        var options = TrainingOptions(method: method)
        if let steps = try a.count(option: "steps") { options.steps = steps }
        if let batch = try a.count(option: "batch") { options.batch = batch }
        options.learningRate = try a.number(option: "lr")
        options.seed = seed
        try TrainOptions.generator(a, into: &options)
        _ = try a.critics { try options.resolved() }
        optionsList.append(options)
      }

      var reports: [TrainingReport] = []
      var times: [Duration] = []
      for options in optionsList {
        if context.isInterrupted { break }
        let label = options.method.rawValue
        let every = max(1, options.steps / 50)
        let (report, time) = try context.timed { () throws(Diagnostic) in
          try a.critics {
            try Trainer.train(
              start, real: real, fake: fake, options: options,
              progress: { p in
                guard p.step % every == 0 else { return }
                context.progress("compare \(label)", done: p.step, of: p.steps)
              },
              isInterrupted: { context.isInterrupted })
          }
        }
        reports.append(report)
        if let time { times.append(time) }
      }
      context.progress("")
      let view = CompareReport(
        reports: reports, times: times.count == reports.count ? times : nil, format: context.format)
      let shown = CriticValue(critic: start, seed: seed)
      context.print(
        lines: view.header(critic: shown, steps: optionsList.first?.steps ?? 0, seed: seed, real: real, fake: fake)
          .flatMap { wrappedLine(String($0.dropFirst(2)), at: ", ", width: context.settings.width, indent: "  ") })
      let style: PlotStyle = context.settings.unicodePlots ? .unicode : .ascii
      context.print(lines: view.table(width: context.settings.width))
      if reports.count < methods.count {
        context.print("  interrupted: \(methods.count - reports.count) method\(methods.count - reports.count == 1 ? "" : "s") not run")
      }
      context.print("")
      context.print(lines: try view.plots(width: context.settings.width, style: style))
      context.print(lines: view.lesson(width: context.settings.width, style: style))
    }
  }
}

/// What `compare` prints: a header, one table row per method, and small f(x) plots.
struct CompareReport {
  /// One report per method, in the order given.
  var reports: [TrainingReport]
  /// Wall-clock time per method, shown only at a terminal (nil in transcripts).
  var times: [Duration]? = nil
  /// How numbers are printed.
  var format: NumberFormat

  /// The lines naming the common critic, data and W₁.
  func header(critic: CriticValue, steps: Int, seed: UInt64, real: Distribution, fake: Distribution) -> [String] {
    var lines = [
      "  the same critic \(critic.architecture) and batches (seed \(seed)), \(steps) steps each",
      "  real \(DistributionValue.describe(real, format)), fake \(DistributionValue.describe(fake, format))",
    ]
    if let first = reports.first {
      if let g = first.generator {
        lines[1] += ": W₁ = \(format.string(g.initialWasserstein)) before the generators move it"
      } else {
        lines[1] += ": W₁ = \(format.string(first.wasserstein.value)) (\(first.wasserstein.route.rawValue))"
      }
    }
    return lines
  }

  /// The status cell of a run: how it ended, and whether its critic can be read as a W₁
  /// estimate (`runaway` growth, a negative estimate).
  static func status(_ r: TrainingReport) -> String {
    switch r.status {
    case .completed where r.isRunaway: "runaway"
    case .completed where r.estimate < 0: "estimate < 0"
    case .completed: "ok"
    case .interrupted: "interrupted at step \(r.stepsDone + 1)"
    case .diverged(let step, _): "diverged at step \(step)"
    }
  }

  /// The table: one row per method, fitted to `width` by leaving out, while it is too wide,
  /// the W₁ column (the header line gives W₁ when no generator moves it) and then Π‖W‖F.
  func table(width: Int = 80) -> [String] {
    let generated = reports.contains { $0.generator != nil }
    var table = ReportTable(
      header: ["method", "E_r f − E_g f", generated ? "W₁ after" : "W₁"]
        + ["‖f‖_L", "ratio", "Π‖W‖₂", "Π‖W‖F", "status"] + (times == nil ? [] : ["time"]))
    for (i, r) in reports.enumerated() {
      let ratio = r.ratio
      let status = Self.status(r)
      table.rows.append([
        r.configuration.method.rawValue, format.string(r.estimate),
        format.string(r.wasserstein.value),
        format.string(r.lipschitz.value) + (r.lipschitz.isExact ? "" : " ≈"),
        ratio.isFinite ? format.string(ratio) : "—",
        format.string(r.lipschitz.spectralBound), format.string(r.lipschitz.frobeniusBound), status,
      ] + (times.map { [Self.seconds($0[i])] } ?? []))
    }
    var rendered = table.render()
    for column in (generated ? ["Π‖W‖F"] : ["W₁", "Π‖W‖F"]) {
      guard rendered.contains(where: { TextWidth.of($0) > width }),
        let j = table.header.firstIndex(of: column)
      else { break }
      table.header.remove(at: j)
      table.rows = table.rows.map { var row = $0; row.remove(at: j); return row }
      rendered = table.render()
    }
    let notes = [
      "ratio = estimate/(‖f‖_L·W₁), 1 if optimal; Π‖W‖₂ ≥ ‖f‖_L (to 1e-12 relative)"
    ]
      + (generated ? ["W₁ after: between real and what each method's generator ends with"] : [])
      + (reports.contains(where: \.isRunaway)
        ? ["runaway: ‖f‖_L above \(format.string(TrainingReport.runawaySlope)), \(TrainReport.runawayReason): lower lr="]
        : [])
      + (reports.contains { $0.status == .completed && !$0.isRunaway && $0.estimate < 0 }
        ? ["estimate < 0: f ranks the fake data above the real data"] : [])
    return rendered + notes.flatMap { wrappedLine($0, at: " ", width: width, indent: "  ", hang: 2) }
  }

  /// The wgan-gp lesson (`PenaltyLesson`) when its run ended with a negative estimate.
  func lesson(width: Int, style: PlotStyle) -> [String] {
    guard let r = reports.first(where: { $0.configuration.method == .wganGP }),
      let lesson = PenaltyLesson(r, format: format)
    else { return [] }
    return [""] + lesson.lines(width: width, style: style)
  }

  /// A duration in seconds, `0.84 s`.
  static func seconds(_ duration: Duration) -> String {
    let (s, attoseconds) = duration.components
    return NumberFormat(digits: 2).string(Double(s) + Double(attoseconds) * 1e-18) + " s"
  }

  /// Small plots of each f(x), as many side by side as fit in `width`.
  func plots(width: Int, style: PlotStyle) throws(Diagnostic) -> [String] {
    guard let first = reports.first else { return [] }
    let span = Distribution.span(
      of: [first.real] + reports.flatMap { [$0.fake] + ($0.generator.map { [$0.noise] } ?? []) })
    let gap = 2, smallest = 26
    let perRow = max(1, min(reports.count, (width + gap) / (smallest + gap)))
    let plotWidth = max(LinePlot.minimumWidth, (width - gap * (perRow - 1)) / perRow)
    var blocks: [[String]] = []
    for r in reports {
      let samples: CriticSamples
      do {
        samples = try r.critic.evaluate(on: span, count: max(101, 2 * plotWidth))
      } catch {
        throw Diagnostic("cannot evaluate the \(r.configuration.method.rawValue) critic: \(error)")
      }
      var plot = LinePlot(
        title: r.configuration.method.rawValue, series: [Series("f", x: samples.x, y: samples.value, marker: "*")],
        width: plotWidth, height: 7, style: style, xRange: span)
      plot.showsLegend = false
      blocks.append(plot.render())
    }
    var lines: [String] = []
    var start = 0
    while start < blocks.count {
      if start > 0 { lines.append("") }
      lines += hstack(Array(blocks[start ..< min(start + perRow, blocks.count)]), gap: gap)
      start += perRow
    }
    return lines
  }
}
