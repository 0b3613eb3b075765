// `step p [n]`, `run p [tol=] [max=]` and `plot p`: driving a power-iteration tracker made by
// `p = power(W, …)` and watching it converge. Each command works on a copy of the tracker and
// stores it back, so a failing command leaves `p` as it was.

import TermPlot

extension CommandTable {
  /// The tracker held in positional 0, with its variable name.
  fileprivate static func tracker(_ context: CommandContext) throws(Diagnostic) -> (String, PowerTracker) {
    let (name, tracker) = try context.arguments.object(
      0, as: PowerTracker.self, what: "a power tracker (make one with 'p = power(W)')")
    return (name, tracker)
  }

  /// The most rows one `step` prints.
  static let maxStepsPerCall = 10_000
  /// The most steps one `run` takes (each step keeps a small record in the tracker).
  static let maxStepsPerRun = 1_000_000

  fileprivate static func style(_ context: CommandContext) -> PlotStyle {
    context.settings.unicodePlots ? .unicode : .ascii
  }

  /// `step p [n]`.
  static var step: CommandSpec {
    CommandSpec(
      "step",
      summary: "take one (or n) power-iteration steps and show each one; step bn x trains a BatchNorm layer",
      help: [
        "Each row shows the step k, the estimate σ_k, its relative error |σ_k − σ₁|/σ₁ against the exact σ₁ (for matrices small enough to decompose), the error the rate predicts (\"> 1\" where the first-order formula leaves its range: σ_k lies between 0 and σ₁, so its relative error is at most 1), and the residual ‖Wᵀu − σv‖, zero exactly when (u, σ, v) is a singular triple. (The other residual, ‖Wv − σu‖, is zero by construction here: u is W v normalised.)",
        "For a tracker made with mode=sn each step is one spectral-normalization update with the kept u (v = normalize(Wᵀu), u = normalize(Wv), σ = uᵀWv), as PyTorch does once per training step. 'step p mode=eval' is what a network in evaluation mode does: σ = uᵀWv with the kept u and v, no update, so k and u stay as they are.",
        stepBatchNormHelp,
      ],
      signature: Signature(
        [Parameter("p", .variable), Parameter("n", required: false)],
        options: [
          OptionSpec(
            "mode", .word,
            help: "train (default) updates; eval (SN trackers) reads σ = uᵀWv with the kept u, v and changes nothing",
            values: ["train", "eval"])
        ])
    ) { context throws(Diagnostic) in
      if case (let name, .object(let layer as BatchNormValue))? = try? context.arguments.variable(0) {
        return try stepBatchNorm(name, layer, context)
      }
      var (name, tracker) = try tracker(context)
      if try context.arguments.word(option: "mode") == "eval" {
        try evaluate(tracker, name: name, context: context)
        return
      }
      let count = context.arguments.count > 1 ? try context.arguments.count(1) : 1
      guard count >= 1 else {
        throw Diagnostic("the number of steps must be at least 1", at: context.arguments.range(1))
      }
      guard count <= maxStepsPerCall else {
        throw Diagnostic(
          "at most \(maxStepsPerCall) steps per 'step'", at: context.arguments.range(1),
          notes: ["'run \(name) max=N' takes many steps and prints a summary"])
      }
      let records = try tracker.step(count) { context.isInterrupted }
      context.print(lines: PowerReport(tracker: tracker, format: context.format).table(records))
      if records.count < count { context.print("  interrupted after \(records.count) of \(count) steps") }
      context.assign(name, .object(tracker))
    }
  }

  /// `step p mode=eval`: σ = uᵀWv with the kept vectors, nothing updated.
  fileprivate static func evaluate(_ tracker: PowerTracker, name: String, context: CommandContext)
    throws(Diagnostic)
  {
    guard tracker.mode == .sn else {
      throw Diagnostic(
        "mode=eval needs a spectral-normalization tracker", at: context.arguments.range(option: "mode"),
        notes: ["make one with '\(name) = power(W, mode=sn)'"])
    }
    guard let sigma = try tracker.evaluationSigma(), let k = tracker.last?.k else {
      throw Diagnostic(
        "'\(name)' has no u and v yet", at: context.arguments.range(0),
        notes: ["take a training step first with 'step \(name)'"])
    }
    let format = context.format
    var table = ReportTable(header: ["k", "σ = uᵀWv (eval)"], rightAligned: [0])
    var row = [String(k), format.string(sigma)]
    if let sigma1 = tracker.exactSigma, sigma1 > 0 {
      table.header.append("|σ − σ₁|/σ₁")
      row.append(format.string(abs(sigma - sigma1) / sigma1))
    }
    table.rows.append(row)
    context.print(lines: table.render() + ["  no update: u, v and k are kept as they were"])
  }

  /// `run p [tol=1e-10] [max=1000]`.
  static var run: CommandSpec {
    CommandSpec(
      "run",
      summary: "step a power tracker until σ settles, and summarise",
      help: [
        "Steps until the relative change |σ_k − σ_{k−1}|/σ_k is below tol and the residual ‖Wᵀu − σv‖ below sqrt(tol)·σ (MATH.md §3: σ's error is about the square of the angle, the residual about the angle), or max steps, or Ctrl-C; then prints where it stopped rather than every row. A change below tol with a large residual is a plateau, not convergence, and is reported as one. Converging is not being right: when the start is orthogonal to the top singular vector the iteration settles on σ₂, a true singular pair, and the summary says so, checking against the exact σ₁ or, for a matrix too large to decompose, against norm2(W) computed by Lanczos once the run has converged."
      ],
      signature: Signature(
        [Parameter("p", .variable)],
        options: [
          OptionSpec("tol", help: "stop when the relative change of σ is below this and the residual below sqrt(tol)·σ (default 1e-10)"),
          OptionSpec("max", help: "at most this many steps (default 1000)"),
        ])
    ) { context throws(Diagnostic) in
      var (name, tracker) = try tracker(context)
      let tolerance = try context.arguments.number(option: "tol") ?? 1e-10
      guard tolerance > 0, tolerance.isFinite else {
        throw Diagnostic("tol must be a positive number", at: context.arguments.range(option: "tol"))
      }
      let maxSteps = try context.arguments.count(option: "max") ?? 1000
      guard maxSteps >= 1, maxSteps <= maxStepsPerRun else {
        throw Diagnostic(
          "max must be between 1 and \(maxStepsPerRun)", at: context.arguments.range(option: "max"))
      }
      let records = try tracker.run(tolerance: tolerance, maxSteps: maxSteps) { context.isInterrupted }
      let stop: PowerReport.Stop
      if let last = records.last, PowerTracker.isConverged(last, tolerance: tolerance) {
        stop = .converged
      } else if records.count < maxSteps {
        stop = .interrupted
      } else {
        // A plateau: σ stopped changing while the residual says (u, σ, v) is no singular pair.
        let settled = records.last?.relativeChange.map { $0 <= tolerance } ?? false
        stop = .maxSteps(plateau: settled)
      }
      // NOTE: converging is not being right (a start ⟂ v₁ settles on σ₂); without the exact σ₁
      // it is computed once here, about as much work as 30 power steps.
      var lanczosSigma1: Double? = nil
      if stop == .converged, tracker.exactSigma == nil {
        let w = tracker.matrix
        lanczosSigma1 = try core(at: context.arguments.range(0)) { try w.spectralNorm() }
      }
      let report = PowerReport(tracker: tracker, format: context.format, width: context.settings.width)
      context.print(
        lines: report.summary(
          records, stop: stop, tolerance: tolerance, maxSteps: maxSteps, lanczosSigma1: lanczosSigma1))
      context.assign(name, .object(tracker))
    }
  }

  /// `plot p`.
  static var plot: CommandSpec {
    CommandSpec(
      "plot",
      summary: "a power tracker's convergence (log scale), or a critic's f(x) and |f'(x)|",
      help: [
        "Draws |σ_k − σ₁|/σ₁ for every step taken so far, and the error the rate (σ₂/σ₁)^(4k) predicts, on a log scale: on a straight line both fall by a constant factor per step. A flat stretch is an iteration stuck near σ₂; points where the error is exactly 0 cannot be drawn on a log scale and are counted in a note. When σ₁ is not known the relative change of σ is drawn instead.",
        "For a critic c: f(x) over the span of its training data with the real and fake densities beneath, and |f'(x)| with the line at 1, the intervals where the slope exceeds 1 marked.",
      ],
      signature: Signature([Parameter("p", .variable)])
    ) { context throws(Diagnostic) in
      if let (name, value) = try plottable(context) {  // critics: see Evaluation/Plottable.swift
        context.print(lines: try value.plot(name: name, settings: context.settings))
        return
      }
      let (name, tracker) = try tracker(context)
      guard !tracker.records.isEmpty else {
        throw Diagnostic(
          "'\(name)' has taken no steps yet", at: context.arguments.range(0),
          notes: ["take some with 'step \(name) 20' or 'run \(name)'"])
      }
      let report = PowerReport(tracker: tracker, format: context.format)
      context.print(lines: report.plot(width: context.settings.width, style: style(context)))
    }
  }
}
