// compare's verdicts: a negative estimate and runaway growth are flagged in the status column
// (not "ok"), the wgan-gp lesson gives the closed-form minima of the linear critic's loss, and
// the table fits 80 columns whatever the numbers.

import Critics
import DenseMatrix
import TermPlot
import Testing

@testable import Critics
@testable import Notebook

@Suite struct CriticCompareStatusTests {
  /// A wgan-gp run of a critic that is linear on the data and starts decreasing (slope −0.5):
  /// it ends in the two-sided penalty's second minimum, slope −0.8 (LinearCriticLossTests).
  func trappedRun() throws -> TrainingReport {
    let critic = MLPCritic(
      hidden: [1], activation: .leakyDefault,
      layers: [
        DenseLayer(weight: try Matrix([[1]]), bias: [10]),
        DenseLayer(weight: try Matrix([[-0.5]]), bias: [0]),
      ], normalization: nil)
    var options = TrainingOptions(method: .wganGP)
    options.steps = 400
    options.batch = 16
    options.learningRate = 1e-2
    return try Trainer.train(critic, real: .empirical([2]), fake: .empirical([-2]), options: options)
  }

  @Test func aNegativeEstimateIsFlaggedAndExplained() throws {
    let run = try trappedRun()
    #expect(run.status == .completed && run.estimate < 0)
    #expect(CompareReport.status(run) == "estimate < 0")
    let view = CompareReport(reports: [run], format: NumberFormat(digits: 6))
    let table = view.table(width: 80)
    #expect(table.contains("  estimate < 0: f ranks the fake data above the real data"))
    let lesson = view.lesson(width: 80, style: .ascii).joined(separator: "\n")
    // Δ = 2 − (−2) = 4, λ = 10: minima at 1 + 4/20 = 1.2 and −1 + 4/20 = −0.8, barrier λ at 0.
    #expect(lesson.contains("Δ = E_r x − E_g x\n  = 4, λ = 10: smallest at s = 1.2 (estimate 4.8)"))
    #expect(lesson.contains("at s = -0.8 (estimate -3.2)"))
    #expect(lesson.contains("barrier of loss 10"))
    #expect(lesson.contains("the loss of f(x) = s·x against s"))
    // train says the same.
    let train = TrainReport(report: run, format: NumberFormat(digits: 6)).lines(name: "c", requested: 400)
    #expect(train.joined(separator: "\n").contains("at s = -0.8 (estimate -3.2)"))
  }

  @Test func runawayGrowthIsNotOK() throws {
    let notebook = TestNotebook()
    let out = notebook.run("compare wgan-gp sn steps=20 batch=64 lr=100 hidden=[16 16] seed=1")
    let rows = out.split(separator: "\n").map(String.init)
    let gp = try #require(rows.first { $0.hasPrefix("  wgan-gp ") })
    #expect(gp.hasSuffix("runaway"))
    #expect(try #require(rows.first { $0.hasPrefix("  sn ") }).hasSuffix("ok"))
    #expect(out.contains("runaway: ‖f‖_L above 1000"))
    for line in rows { #expect(TextWidth.of(line) <= 80, "\(TextWidth.of(line)): \(line)") }
    // The ‖f‖_L that was flagged is the critic's exact constant, above the threshold.
    #expect(try #require(Double(cells(Substring(gp))[2])) > TrainingReport.runawaySlope)
  }

  @Test func aRunawayTrainSaysSo() throws {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[8], seed=1)")
    let out = notebook.run("train c method=wgan lr=1e12 steps=30")
    #expect(out.contains("runaway growth: ‖f‖_L = "))
    let lip = try #require(notebook.critic("c")).critic
    #expect(try ExactLipschitz.of(lip, on: -4 ... 4).value > TrainingReport.runawaySlope)
  }
}
