// `sweep m x y method=specreg lambda=[1e-4 1e-3 1e-2 1e-1]`: the same model fitted once per λ
// from the same weights, one table row per λ, and the test error and ‖f‖_L against λ on log
// axes — the regularization curve, from overfitting (small λ) to underfitting (large λ).

import Critics
import TermPlot

extension CommandTable {
  /// The most λ values one sweep takes.
  static let sweepLimit = 16

  /// `sweep`.
  static var sweep: CommandSpec {
    CommandSpec(
      "sweep",
      summary: "fit a model once per λ from the same weights; errors and ‖f‖_L against λ",
      help: [
        "Every λ starts from the model's current weights with a fresh optimiser and the same seed, as 'fit' would (see 'help fit' for the methods, the loss and the report); the model itself is not changed. The table shows, per λ, the train and test errors, the exact ‖f‖_L, Π‖W_l‖₂ and the sensitivity max|f(x ± δ) − f(x)|/δ; the plots draw the test error (the train error without a test set) and ‖f‖_L against λ on log axes, with the target's slope marked when slope= gives it. A small λ leaves the fit free to chase the noise (a low train error, a high test error, a steep f); a large one flattens f below the target's slope (both errors high): the best test error lies between.",
        "λ = 0 has no place on a log axis: it is fitted and listed, not drawn. Ctrl-C stops the λ being fitted and skips the rest.",
      ],
      signature: Signature(
        FitOptionsReader.parameters,
        options: [
          FitOptionsReader.methodSpec,
          OptionSpec("lambda", help: "the λ values, a vector (required; at most \(sweepLimit))"),
        ] + FitOptionsReader.specs)
    ) { context throws(Diagnostic) in
      let a = context.arguments
      let (name, value) = try FitOptionsReader.model(a)
      let method = try FitOptionsReader.method(a, fallback: value.method)
      guard method.defaultLambda != nil else {
        throw Diagnostic(
          "\(method.rawValue) has no λ to sweep", at: a.has("method") ? a.range(option: "method") : a.range,
          notes: ["sweep l2, specreg or gp"])
      }
      guard let lambdas = try a.vector(option: "lambda") else {
        throw Diagnostic("sweep needs lambda=, the λ values", at: a.range, notes: ["e.g. lambda=[1e-4 1e-3 1e-2]"])
      }
      guard (1 ... sweepLimit).contains(lambdas.count) else {
        throw Diagnostic("lambda= takes 1 to \(sweepLimit) values, got \(lambdas.count)", at: a.range(option: "lambda"))
      }
      let optionsList = try lambdas.map { (l) throws(Diagnostic) in
        try FitOptionsReader.options(method, lambda: l, a)
      }
      let data = try FitOptionsReader.data(a)
      let slope = try FitOptionsReader.targetSlope(a)
      var reports: [FitReport] = []
      for (k, options) in optionsList.enumerated() {
        if context.isInterrupted { break }
        let every = max(1, options.steps / 50)
        let report = try a.critics {
          try Regression.fit(
            value.network, data: data, options: options,
            progress: { p in
              guard p.step % every == 0 else { return }
              context.progress("sweep λ \(k + 1)/\(lambdas.count)", done: p.step, of: p.steps)
            },
            isInterrupted: { context.isInterrupted })
        }
        reports.append(report)
      }
      context.progress("")
      let view = SweepReport(reports: reports, data: data, targetSlope: slope, format: context.format)
      let first = optionsList[0]
      context.print(
        lines: wrappedLine(
          "\(name) (\(value.architecture)) from the same weights for each λ, method=\(method.rawValue), \(first.steps) steps, \(FitOptionsReader.describe(try a.critics { try first.resolved() }, points: data.x.count, context.format, lambda: false))",
          at: ", ", width: context.settings.width, indent: "  "))
      context.print(lines: view.table())
      if reports.count < lambdas.count {
        let left = lambdas.count - reports.count
        context.print("  interrupted: \(left) λ value\(left == 1 ? "" : "s") not fitted")
      }
      context.print("")
      context.print(
        lines: view.plots(width: context.settings.width, style: context.settings.unicodePlots ? .unicode : .ascii))
    }
  }
}

/// What `sweep` prints: one row per λ and the two curves against λ.
struct SweepReport {
  /// One report per λ fitted, in the order given.
  var reports: [FitReport]
  /// The data.
  var data: RegressionData
  /// The target's largest slope, when given.
  var targetSlope: Double?
  /// How numbers are printed.
  var format: NumberFormat

  /// The λ of each report.
  var lambdas: [Double] { reports.map { $0.configuration.lambda ?? 0 } }

  /// The table, one row per λ.
  func table() -> [String] {
    var table = ReportTable(
      header: ["λ", "train MSE"] + (data.hasTest ? ["test MSE"] : []) + ["‖f‖_L", "Π‖W_l‖₂", "sensitivity", "status"])
    for r in reports {
      let j = r.judgement
      let status: String
      switch r.status {
      case .completed: status = "ok"
      case .interrupted: status = "interrupted at step \(r.stepsDone + 1)"
      case .diverged(let step, _): status = "diverged at step \(step)"
      }
      table.rows.append(
        [format.string(r.configuration.lambda ?? 0), format.string(j.trainError)]
          + (j.testError.map { [format.string($0)] } ?? [])
          + [
            format.string(j.lipschitz.value) + (j.lipschitz.isExact ? "" : " ≈"),
            format.string(j.lipschitz.spectralBound), format.string(j.sensitivity), status,
          ])
    }
    var lines = table.render()
    if let best = bestIndex {
      let which = data.hasTest ? "test" : "train"
      lines.append("  the lowest \(which) error is at λ = \(format.string(lambdas[best]))")
    }
    return lines
  }

  /// The index of the lowest test error (train error without a test set).
  var bestIndex: Int? {
    let errors = reports.map { $0.judgement.testError ?? $0.judgement.trainError }
    return errors.indices.min { errors[$0] < errors[$1] }
  }

  /// The error and ‖f‖_L against λ, both axes log, aligned one above the other.
  func plots(width: Int, style: PlotStyle) -> [String] {
    let drawn = reports.indices.filter { lambdas[$0] > 0 }
    guard drawn.count >= 2 else { return ["  (fewer than two λ > 0: nothing to draw on a log axis)"] }
    let x = drawn.map { lambdas[$0] }
    let error = drawn.map { reports[$0].judgement.testError ?? reports[$0].judgement.trainError }
    let train = drawn.map { reports[$0].judgement.trainError }
    // The train error first, so that the test error, the curve the sweep is about, is drawn on top.
    var errorSeries = data.hasTest ? [Series("train MSE", x: x, y: train, marker: "o")] : []
    errorSeries.append(Series(data.hasTest ? "test MSE" : "train MSE", x: x, y: error, marker: "*"))
    var top = LinePlot(
      title: "\(data.hasTest ? "test and train" : "train") error against λ (log axes)", series: errorSeries,
      width: width, height: 10, style: style, xScale: .log10, yScale: .log10)
    top.format = { format.string($0) }
    var bottom = LinePlot(
      title: "‖f‖_L against λ (log axes)",
      series: [Series("‖f‖_L", x: x, y: drawn.map { reports[$0].judgement.lipschitz.value }, marker: "*")],
      width: width, height: 8, style: style, xScale: .log10, yScale: .log10,
      referenceLines: targetSlope.map { [ReferenceLine(y: $0, label: "target \(format.string($0))")] } ?? [],
      xLabel: "λ")
    bottom.format = { format.string($0) }
    bottom.showsLegend = false
    let aligned = LinePlot.aligned([top, bottom])
    let lines = vstack([aligned[0].render(), aligned[1].render()], gap: 1)
    let common = lines.map(TextWidth.of).max() ?? width
    return lines.map { TextWidth.padded($0, to: common) }
  }
}
