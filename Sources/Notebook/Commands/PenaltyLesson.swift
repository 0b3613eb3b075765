// Why a wgan-gp critic can end with a negative estimate (MATH.md §9): the loss of a linear
// critic against its slope, in words and as a plot, printed by `train` and `compare` when a
// wgan-gp run ends decreasing.

import Critics
import TermPlot

/// The lesson of the two-sided gradient penalty's second minimum.
struct PenaltyLesson {
  /// The two-sided loss of a linear critic on the run's data.
  var twoSided: LinearCriticLoss
  /// How numbers are printed.
  var format: NumberFormat

  /// The lesson for a wgan-gp run that completed with a negative estimate, nil for any other
  /// run (interrupted, diverged, runaway), or when its data leave the two-sided loss without a
  /// second minimum.
  init?(_ report: TrainingReport, format: NumberFormat) {
    let c = report.configuration
    guard c.method == .wganGP, report.status == .completed, report.estimate < 0,
      !report.isRunaway, let lambda = c.lambda,
      let loss = LinearCriticLoss(
        method: .wganGP, meanGap: report.real.mean - report.fake.mean, lambda: lambda),
      loss.trapSlope != nil
    else { return nil }
    twoSided = loss
    self.format = format
  }

  /// The explanation, wrapped to `width`, then the plot of both penalties' losses against s.
  func lines(width: Int, style: PlotStyle) -> [String] {
    let f = format.string
    let (gap, lambda) = (twoSided.meanGap, twoSided.lambda)
    let best = twoSided.bestSlope, trap = twoSided.trapSlope!
    let text =
      "wgan-gp's critic ended decreasing, in the two-sided penalty's second minimum. A linear "
      + "critic f(x) = s·x has the loss −s·Δ + λ(|s| − 1)², Δ = E_r x − E_g x = \(f(gap)), "
      + "λ = \(f(lambda)): smallest at s = \(f(best)) (estimate \(f(best * gap))) and, past a "
      + "barrier of loss \(f(twoSided.barrier)) at s = 0, at s = \(f(trap)) "
      + "(estimate \(f(trap * gap))). A critic that starts decreasing stays there; the one-sided "
      + "penalty of wgan-lp, λ·max(0, |s| − 1)², has no barrier."
    let words = wrappedLine(text, at: " ", width: width, indent: "  ", hang: 0)
    let oneSided = LinearCriticLoss(method: .wganLP, meanGap: gap, lambda: lambda)!
    let reach = max(abs(best), abs(trap)) + 1
    let s = (0 ... 200).map { -reach + 2 * reach * Double($0) / 200 }
    var plot = LinePlot(
      title: "the loss of f(x) = s·x against s", series: [
        Series("wgan-lp: λ·max(0, |s| − 1)²", x: s, y: s.map { oneSided.loss(slope: $0) }, marker: "."),
        Series("wgan-gp: λ(|s| − 1)²", x: s, y: s.map { twoSided.loss(slope: $0) }, marker: "*"),
      ], width: min(width, 72), height: 12, style: style, xLabel: "s")
    plot.format = { f($0) }
    return words + [""] + plot.render()
  }
}
