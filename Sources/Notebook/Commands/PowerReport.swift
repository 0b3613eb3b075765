// What `step`, `run` and `plot` show of a power-iteration tracker: the per-step table, the
// convergence summary and the log-scale plot of observed against predicted error (MATH.md §3–4).

import TermPlot

/// Renders a `PowerTracker`'s records for the power commands.
struct PowerReport {
  /// The tracker the records belong to.
  var tracker: PowerTracker
  /// How numbers are printed.
  var format: NumberFormat
  /// The output width: the summary's long lines wrap.
  var width = 80

  /// True when the error column can be filled (σ₁ known).
  var showsError: Bool { tracker.exactSigma != nil }
  /// True when the predicted column can be filled (exact mode with σ₁, σ₂ known).
  var showsPrediction: Bool { tracker.mode == .exact && tracker.rate != nil }

  /// One table for `records`: a header and one row per step.
  ///
  /// NOTE: only the right residual ‖Wᵀu − σv‖ is shown. In both forms u is W v normalised and
  /// σ = ‖W v‖, so the left residual ‖Wv − σu‖ is zero by construction and would print
  /// rounding noise (~1e-16) that says nothing and changes with the kernels.
  func table(_ records: [PowerTracker.Record]) -> [String] {
    let sigma = tracker.mode == .sn ? "σ = uᵀWv" : "σ_k"
    var header = ["k", sigma]
    // Without σ₁ (a matrix too large to decompose) the relative change is what there is.
    header.append(showsError ? "|σ − σ₁|/σ₁" : "|σ_k − σ_{k−1}|/σ_k")
    if showsPrediction { header.append("predicted") }
    header.append("‖Wᵀu − σv‖")
    var table = ReportTable(header: header, rightAligned: [0])
    for record in records {
      var row = [String(record.k), format.string(record.sigma)]
      row.append((showsError ? record.error : record.relativeChange).map(format.string) ?? "—")
      if showsPrediction { row.append(record.predicted.map(predictedCell) ?? "—") }
      row.append(format.string(record.residualRight))
      table.rows.append(row)
    }
    return table.render()
  }

  /// A predicted error as printed: "> 1" where the first-order formula leaves its range (σ_k
  /// lies in [0, σ₁], so its relative error is at most 1; a start almost ⟂ v₁ predicts 1e+28).
  func predictedCell(_ predicted: Double) -> String {
    predicted > 1 ? "> 1" : format.string(predicted)
  }

  /// Why a run stopped.
  enum Stop: Equatable {
    /// The stopping rule held (`PowerTracker.isConverged`).
    case converged
    /// `max` steps without it; `plateau` when σ had stopped changing but the residual had not
    /// fallen.
    case maxSteps(plateau: Bool)
    /// Ctrl-C.
    case interrupted
  }

  /// The summary of a `run` that took `records` and stopped for `stop`. `lanczosSigma1` is σ₁
  /// computed apart (by `Matrix.spectralNorm()`) for a matrix too large for the exact σ₁, so
  /// that a run that converged to another singular value is told so.
  func summary(
    _ records: [PowerTracker.Record], stop: Stop, tolerance: Double, maxSteps: Int,
    lanczosSigma1: Double? = nil
  ) -> [String] {
    guard let last = records.last else { return ["  no steps taken (interrupted)"] }
    let steps = "\(records.count) step\(records.count == 1 ? "" : "s")"
    var lines: [String]
    switch stop {
    case .converged:
      lines = wrappedLine(
        "converged after \(steps): change of σ below tol=\(format.string(tolerance)), residual below sqrt(tol)·σ",
        at: ", ", width: width, indent: "  ")
      if let sigma1 = tracker.exactSigma ?? lanczosSigma1, abs(last.sigma - sigma1) > 1e-6 * sigma1 {
        let how = tracker.exactSigma == nil ? " (norm2(W))" : ""
        lines.append("  note: σ = \(format.string(last.sigma)) is a singular value, but σ₁ = \(format.string(sigma1))\(how):")
        lines.append("        the start is (nearly) orthogonal to v₁; try init=random")
      }
    case .maxSteps(let plateau):
      lines = ["  stopped after max=\(maxSteps) \(maxSteps == 1 ? "step" : "steps") without reaching tol=\(format.string(tolerance))"]
      if plateau {
        lines.append("  note: a plateau: σ stopped changing, but ‖Wᵀu − σv‖ = \(format.string(last.residualRight)):")
        lines.append("        (u, σ, v) is no singular pair yet (σ₂/σ₁ near 1, or a start near ⟂ v₁)")
      }
    case .interrupted:
      lines = ["  interrupted after \(steps)"]
    }
    var table = ReportTable(header: [], indent: "    ")
    table.rows.append(["k", String(last.k), "steps taken by this tracker so far"])
    table.rows.append(["σ", format.string(last.sigma), tracker.mode == .sn ? "uᵀWv with the kept u" : "the estimate of σ₁ = ‖W‖₂"])
    if let sigma1 = tracker.exactSigma {
      table.rows.append(["σ₁", format.string(sigma1), "exact, from the SVD"])
    } else if let lanczosSigma1 {
      table.rows.append(["σ₁", format.string(lanczosSigma1), "norm2(W), exact to rounding"])
    }
    if let error = last.error { table.rows.append(["error", format.string(error), "|σ − σ₁|/σ₁"]) }
    if let change = last.relativeChange {
      table.rows.append(["change", format.string(change), "|σ_k − σ_{k−1}|/σ_k"])
    }
    table.rows.append(["‖Wᵀu − σv‖", format.string(last.residualRight), "0 at a singular pair (u, σ, v)"])
    table.rows.append(["products", String(2 * last.k), "with W or Wᵀ, two per step"])
    return lines + table.render()
  }

  /// The convergence plot: observed error (or relative change when σ₁ is unknown) against the
  /// predicted error, on a log scale over the step number.
  func plot(width: Int, style: PlotStyle) -> [String] {
    let records = tracker.records
    let k = records.map { Double($0.k) }
    var series: [Series] = []
    let title: String
    if showsError {
      title = "|σ_k − σ₁|/σ₁ against k (log scale)"
      // NOTE: the prediction is drawn first, so the observed error stays visible where the two
      // coincide (a later series overwrites an earlier one on an ASCII canvas).
      if showsPrediction {
        series.append(Series("predicted", x: k, y: records.map { $0.predicted ?? .nan }, marker: "."))
      }
      var observed = Series("observed error", x: k, y: records.map { $0.error ?? .nan }, marker: "*")
      observed.pointMark = "•"  // braille merges it with the prediction drawn under it
      series.append(observed)
    } else {
      title = "relative change |σ_k − σ_{k−1}|/σ_k against k (log scale; σ₁ not known)"
      series.append(Series("relative change", x: k, y: records.map { $0.relativeChange ?? .nan }, marker: "*"))
    }
    let drawable = series.contains { $0.y.contains { $0.isFinite && $0 > 0 } }
    guard drawable else {
      return ["  nothing to draw on a log scale: every value is 0 or unknown (\(records.count) step\(records.count == 1 ? "" : "s"))"]
    }
    let plot = LinePlot(
      title: title, series: series, width: width, height: 14, style: style, yScale: .log10,
      xLabel: "k")
    return plot.render()
  }
}
