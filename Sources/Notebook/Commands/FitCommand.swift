// `fit m x y method=… [options]`: fits a regression model in place on the points (x_i, y_i) with
// the mean squared error plus a Lipschitz method's term, and judges it: train and test error,
// its exact Lipschitz constant beside the target's slope and Π‖W_l‖₂, and its sensitivity to
// input perturbations.

import Critics

extension CommandTable {
  /// `fit`.
  static var fit: CommandSpec {
    CommandSpec(
      "fit",
      summary: "fit a model to points (x, y): MSE plus a Lipschitz method's term, judged by its errors and ‖f‖_L",
      help: [
        "Full-batch Adam (lr 0.001, β = (0.9, 0.999), PyTorch's defaults) on the mean squared error (1/n) Σ (f(x_i) − y_i)² plus the method's term:"
      ] + FitMethod.allCases.map { "  \($0.rawValue): \($0.summary)." } + [
        "Fitting continues from the model's current weights with a fresh optimiser; without method= the model's last one is used. It is deterministic: the same model, data and seed give the same result.",
        "The report: the train and test errors (test with xtest= and ytest=), the model's exact Lipschitz constant ‖f‖_L on the span of every input widened by δ (a relu or leaky net is piecewise linear: the largest |slope| of its pieces), the target's largest slope when slope= gives it, the layer-wise bound Π‖W_l‖₂ ≥ ‖f‖_L, and the sensitivity max |f(x ± δ) − f(x)|/δ over the test points (the training points without a test set): how far a perturbation of the input of size δ moves the prediction. By the mean value theorem it never exceeds ‖f‖_L (up to rounding, which shows only when f is nearly constant).",
        "Why a Lipschitz constraint helps here and not for a WGAN critic: the MSE pulls f toward the data, so a penalty on the weights trades fit against slope, and λ sets the balance (try 'sweep'). A critic's loss E_g f − E_r f is linear in f instead, and nothing bounds its growth but the penalty (see 'help specreg').",
        "Ctrl-C stops between two steps and keeps the model fitted so far. If the loss or a weight becomes NaN or infinite, fitting stops with an error and the model is left as it was; lower lr= and try again. 'plot m' draws the fit and |f′| afterwards.",
      ],
      signature: Signature(
        FitOptionsReader.parameters,
        options: [
          FitOptionsReader.methodSpec,
          OptionSpec("lambda", help: "the weight λ of the term (default 0.01 for l2 and specreg, 10 for gp)"),
        ] + FitOptionsReader.specs)
    ) { context throws(Diagnostic) in
      let a = context.arguments
      var (name, value) = try FitOptionsReader.model(a)
      let method = try FitOptionsReader.method(a, fallback: value.method)
      let options = try FitOptionsReader.options(method, lambda: try a.number(option: "lambda"), a)
      let data = try FitOptionsReader.data(a)
      let slope = try FitOptionsReader.targetSlope(a)
      let report = try a.critics {
        try Regression.fit(
          value.network, data: data, options: options,
          progress: stepProgress("fit \(name) \(method.rawValue)", context, steps: options.steps),
          isInterrupted: { context.isInterrupted })
      }
      try settle(
        report.status, steps: report.stepsDone, learningRate: report.configuration.optimizer.learningRate,
        name: name, command: "fit", context: context)
      value.network = report.model
      value.fittedSteps += report.stepsDone
      value.method = method
      value.data = data
      value.targetSlope = slope
      value.delta = report.configuration.delta
      context.assign(name, .object(value))
      let view = FitSummary(report: report, data: data, targetSlope: slope, format: context.format)
      context.print(lines: view.lines(name: name, requested: options.steps, width: context.settings.width))
    }
  }
}

/// What `fit` prints after a run: the method and its settings, then the model judged.
struct FitSummary {
  /// The run.
  var report: FitReport
  /// The data it was fitted on.
  var data: RegressionData
  /// The target's largest slope, when given.
  var targetSlope: Double?
  /// How numbers are printed.
  var format: NumberFormat

  /// The rows `name value meaning` of the judgement.
  func rows() -> [[String]] {
    let j = report.judgement
    let lip = j.lipschitz
    let interval = "[\(format.string(lip.interval.lowerBound)), \(format.string(lip.interval.upperBound))]"
    var rows: [[String]] = []
    if let loss = report.losses.last {
      rows.append(["final loss", format.string(loss), report.configuration.method.loss])
    }
    rows.append(["train MSE", format.string(j.trainError), "mean (f(x_i) − y_i)² over the \(data.x.count) points"])
    if let test = j.testError {
      rows.append(["test MSE", format.string(test), "over the \(data.testX.count) test points"])
    }
    rows.append([
      "‖f‖_L", format.string(lip.value),
      lip.isExact
        ? "exact on \(interval), \(lip.pieceCount ?? 0) linear piece\(lip.pieceCount == 1 ? "" : "s")"
        : "estimate on \(interval) (tanh: a fine grid)",
    ])
    if let s = targetSlope { rows.append(["target slope", format.string(s), "the target's largest |f′| (slope=)"]) }
    rows.append(["Π‖W_l‖₂", format.string(lip.spectralBound), "layer-wise upper bound of ‖f‖_L"])
    rows.append([
      "sensitivity", format.string(j.sensitivity),
      "max |f(x ± δ) − f(x)|/δ over the \(data.hasTest ? "test" : "training") points, δ = \(format.string(j.delta)); ≤ ‖f‖_L",
    ])
    return rows
  }

  /// The lines printed after `fit` of the model called `name`; `requested` steps were asked.
  func lines(name: String, requested: Int, width: Int) -> [String] {
    let c = report.configuration
    var head = [
      "\(name) fitted with method=\(c.method.rawValue): \(report.stepsDone) step\(report.stepsDone == 1 ? "" : "s") (\(FitOptionsReader.describe(c, points: data.x.count, format)))"
    ]
    if report.status == .interrupted {
      head.append("interrupted after \(report.stepsDone) of \(requested) steps: '\(name)' keeps the steps fitted so far")
    }
    var table = ReportTable(header: [], indent: "    ")
    table.rows = rows()
    table.width = width
    return head.flatMap { wrappedLine($0, at: ", ", width: width, indent: "  ") } + table.render()
  }
}
