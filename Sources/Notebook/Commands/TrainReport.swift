// What `train` prints after a run: the method and its settings, then the critic judged against
// the exact 1-D truth (MATH.md §7): its estimate E_r f − E_g f, the exact W₁, its own Lipschitz
// constant, and the ratio estimate / (‖f‖_L · W₁).

import Critics
import TermPlot

/// Renders a `TrainingReport`.
struct TrainReport {
  /// The run.
  var report: TrainingReport
  /// How numbers are printed.
  var format: NumberFormat
  /// The output width: longer lines wrap.
  var width = 80
  /// True when an sn run took no step on a critic that had no u yet: σ = uᵀWv then comes from
  /// the u and v as drawn, which no power step has moved.
  var unsteppedNormalization = false

  /// What the loss of `method` is, for the loss row.
  static func lossMeaning(_ method: Method) -> String {
    switch method {
    case .wganClip, .sn, .wn, .wgan: "E_g f − E_r f"
    case .wganGP: "E_g f − E_r f + λ·E(|f'(x̂)| − 1)²"
    case .wganLP: "E_g f − E_r f + λ·E max(0, |f'(x̂)| − 1)²"
    case .specreg: "E_g f − E_r f + (λ/2)·Σσ(W)²"
    case .l2: "E_g f − E_r f + λ·Σ‖W‖F²"
    case .lsgan: "λ·E max(0, |x_r − x_g| − f(x_r) + f(x_g))"
    case .ganQP: "−E[d] + E[d²/(2λ|x_r − x_g|)], d = f(x_r) − f(x_g)"
    case .gan: "−E_r log D − E_g log(1 − D), D = sigmoid(f)"
    }
  }

  /// The rows `name value meaning` of the judgement (shared with `compare`'s help).
  func judgement() -> [[String]] {
    let lip = report.lipschitz
    let interval = "[\(format.string(lip.interval.lowerBound)), \(format.string(lip.interval.upperBound))]"
    let how = lip.isExact
      ? "exact on \(interval), \(lip.pieceCount ?? 0) linear piece\(lip.pieceCount == 1 ? "" : "s")"
      : report.critic.featureNormalization == .layer
        ? "fine-grid value on \(interval) (LayerNorm is not piecewise linear; bound Π‖W‖₂·max|γ|/sqrt(ε) below)"
        : "estimate on \(interval) (tanh: a fine grid)"
    // Where the means come from: the samples themselves, or the quantile coupling's midpoints.
    let points: String
    switch (report.real, report.fake) {
    case (.empirical(let r), .empirical(let g)): points = "over the \(r.count) and \(g.count) samples"
    case (.empirical(let r), _): points = "over the \(r.count) samples and \(Trainer.evaluationSamples) quantiles"
    case (_, .empirical(let g)): points = "over \(Trainer.evaluationSamples) quantiles and the \(g.count) samples"
    default: points = "\(Trainer.evaluationSamples) quantiles each"
    }
    var rows: [[String]] = []
    if let loss = report.finalLoss {
      var meaning = Self.lossMeaning(report.configuration.method)
      if let gamma = report.configuration.gamma, gamma != 0 { meaning = "γ·E_r(−f) + " + meaning }
      if let decay = report.configuration.decay, decay != 0 { meaning += " + λ_w·Σ‖W‖F²" }
      rows.append(["final loss", format.string(loss), meaning])
    }
    rows.append(["E_r f − E_g f", format.string(report.estimate), "the estimate of W₁ (\(points))"])
    rows.append(["W₁", format.string(report.wasserstein.value), "exact (\(report.wasserstein.route.rawValue))"])
    rows.append(["‖f‖_L", format.string(lip.value), how])
    let ratio = report.ratio
    rows.append([
      "ratio", ratio.isFinite ? format.string(ratio) : "—",
      "est./(‖f‖_L·W₁): ≤ 1 to quadrature, 1 if optimal",
    ])
    return rows
  }

  /// Why a runaway critic (`TrainingReport.isRunaway`) cannot be read as an estimate; shared
  /// with compare's note.
  static let runawayReason =
    "far beyond any method's optimum on these data (slopes near 1, about λ for gan-qp)"

  /// The note on a critic that grew beyond what the data can justify (`isRunaway`).
  static func runawayNote(_ report: TrainingReport, format: NumberFormat) -> String {
    "runaway growth: ‖f‖_L = \(format.string(report.lipschitz.value)) is \(runawayReason); "
      + "lower lr= (\(format.string(report.configuration.optimizer.learningRate)) was used)"
  }

  /// The lines printed after `train` of the critic called `name`; `requested` steps were asked.
  func lines(name: String, requested: Int, style: PlotStyle = .ascii) -> [String] {
    let c = report.configuration
    var lines = [
      "  \(name) trained by \(c.method.rawValue): \(report.stepsDone) step\(report.stepsDone == 1 ? "" : "s") (\(TrainOptions.describe(c, format)))",
      "  real \(DistributionValue.describe(report.real, format)), fake \(DistributionValue.describe(report.fake, format))"
        + (report.generator == nil ? "" : " (generated)"),
    ]
    if let g = report.generator {
      lines.append(
        "  generator x_g = a·z + b, z ~ \(DistributionValue.describe(g.noise, format)): "
          + "\(g.updates) update\(g.updates == 1 ? "" : "s"), a = \(format.string(g.generator.scale)), "
          + "b = \(format.string(g.generator.shift)); W₁ \(format.string(g.initialWasserstein)) → "
          + format.string(report.wasserstein.value))
    }
    if report.status == .interrupted {
      lines.append("  interrupted after \(report.stepsDone) of \(requested) steps: '\(name)' keeps the steps trained so far")
    }
    var table = ReportTable(header: [], indent: "    ")
    table.rows = judgement()
    table.width = width
    var notes: [String] = []
    if report.isRunaway {
      notes += wrappedLine(Self.runawayNote(report, format: format), at: " ", width: width, indent: "  ", hang: 0)
    }
    if report.estimate < 0 {
      notes += wrappedLine(
        "the estimate is negative: f ranks the fake data above the real data", at: " ",
        width: width, indent: "  ", hang: 0)
      if let lesson = PenaltyLesson(report, format: format) {
        notes += lesson.lines(width: width, style: style)
      }
    }
    if WeightPenaltyLesson.applies(to: c.method) {
      notes += wrappedLine(WeightPenaltyLesson.text, at: " ", width: width, indent: "  ", hang: 0)
    }
    if unsteppedNormalization {
      notes += wrappedLine(
        "no step ran: every layer's u and v are as drawn, never power-stepped, so σ = uᵀWv can be far "
          + "below ‖W‖₂ and W/σ is not normalized (‖f‖_L and Π‖W_l/σ_l‖₂ above 1); the first "
          + "training step takes the first power step",
        at: " ", width: width, indent: "  ", hang: 0)
    }
    let wrapped = lines.flatMap { wrappedLine(String($0.dropFirst(2)), at: ", ", width: width, indent: "  ") }
    return wrapped + table.render() + notes
  }
}
