// `plot c`, `compare` and `gradcheck`: plots with lines of one width in both styles, marks where
// the slope exceeds 1, compare's rows equal to separate training runs, and the gradient check's
// verdicts.

import Critics
import Testing

@testable import Notebook

@Suite struct CriticPlotTests {
  static let steep = "train c method=wgan lr=1e-2 steps=40 batch=16"

  @Test(arguments: [(false, 60), (false, 80), (true, 80), (true, 123)])
  func everyLineOfThePlotHasTheSameWidth(unicode: Bool, width: Int) throws {
    var settings = Settings()
    settings.unicodePlots = unicode
    settings.width = width
    let notebook = TestNotebook(settings: settings)
    notebook.run("c = critic(hidden=[8 8], seed=3)", Self.steep)
    let lines = try #require(notebook.critic("c")).plot(name: "c", settings: settings)
    #expect(Set(lines.map(\.count)).count == 1)
    #expect(lines.allSatisfy { $0.count <= width })
    // As printed, too: nothing trims the padding.
    let printed = notebook.run("plot c").split(separator: "\n", omittingEmptySubsequences: false)
      .dropLast().map(String.init)
    #expect(printed == lines)
    let braille = lines.joined().unicodeScalars.contains { (0x2800 ... 0x28FF).contains($0.value) }
    #expect(braille == unicode)
  }

  @Test func theIntervalsWhereTheSlopeExceedsOneAreMarked() throws {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)", Self.steep)
    let out = notebook.run("plot c")
    let marks = try #require(out.split(separator: "\n").first { $0.hasPrefix(" > 1") })
    #expect(marks.contains("^"))
    // Every interval the summary names is steeper than 1 at its middle (direct evaluation).
    let critic = try #require(notebook.critic("c")).critic
    let summary = try #require(out.split(separator: "\n").first { $0.contains("|f'| > 1 on") })
    let intervals = summary.split(separator: "[").dropFirst(2).compactMap { part -> (Double, Double)? in
      let ends = part.split(separator: "]")[0].split(separator: ",").map { Double($0.trimmingCharacters(in: " ")) }
      guard ends.count == 2, let a = ends[0], let b = ends[1] else { return nil }
      return (a, b)
    }
    #expect(!intervals.isEmpty)
    for (a, b) in intervals {
      let m = (a + b) / 2, h = 1e-6
      let slope = (CriticReference.value(critic, m + h) - CriticReference.value(critic, m - h)) / (2 * h)
      #expect(abs(slope) > 1)
    }
  }

  @Test func anUntrainedCriticIsDrawnOnTheDefaultSpan() {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[4], seed=1)")
    let out = notebook.run("plot c")
    #expect(out.contains("c: f(x), untrained"))
    #expect(out.contains("on [-4, 4]"))
    #expect(!out.contains("real"))
  }

  @Test func compareRowsEqualSeparateTrainingRuns() throws {
    let notebook = preciseNotebook()
    let out = notebook.run(
      "compare sn lsgan wgan-clip steps=15 batch=16 hidden=[8 8] seed=4 real=normal(1, 0.5) fake=normal(-1.5, 0.5)")
    #expect(out.contains("W₁ = 2.5 (closed form)"))
    for method in ["sn", "lsgan", "wgan-clip"] {
      let alone = preciseNotebook()
      alone.run("c = critic(hidden=[8 8], seed=4)")
      let report = alone.run(
        "train c method=\(method) steps=15 batch=16 seed=4 real=normal(1, 0.5) fake=normal(-1.5, 0.5)")
      let cellsOfRow = try #require(firstRow(method, in: out))
      try #require(cellsOfRow.count == 8)
      #expect(Double(cellsOfRow[1]) == number("E_r f − E_g f", in: report))
      #expect(Double(cellsOfRow[2]) == 2.5)
      #expect(Double(cellsOfRow[3]) == number("‖f‖_L", in: report))
      #expect(Double(cellsOfRow[4]) == number("ratio", in: report))
      // Fifteen steps leave some critics decreasing: the status says so instead of "ok".
      let negative = try #require(number("E_r f − E_g f", in: report)) < 0
      #expect(cellsOfRow.last == (negative ? "estimate < 0" : "ok"))
      let lip = try #require(alone.critic("c").map { notebook_lipReport($0) })
      #expect(close(Double(cellsOfRow[5]), lip.spectralBound, relative: 1e-12))
      #expect(close(Double(cellsOfRow[6]), lip.frobeniusBound, relative: 1e-12))
    }
  }

  @Test(arguments: ["wgan-gp", "wgan-lp", "sn", "specreg", "l2", "lsgan", "gan-qp", "wgan", "gan", "wgan-clip"])
  func gradcheckPassesForEveryMethod(method: String) throws {
    let notebook = preciseNotebook()
    notebook.run("c = critic(hidden=[5 4], seed=2)")
    let out = notebook.run("gradcheck c method=\(method)")
    let sizes = ["W1": 5, "W2": 20, "W3": 4, "b1": 5, "b2": 4, "b3": 1]
    for (tensor, size) in sizes {
      let cellsOfRow = try #require(firstRow(tensor, in: out))
      #expect(Int(cellsOfRow[1]) == min(size, 24))
      let error = try #require(Double(cellsOfRow[3]))
      #expect(error <= 1e-6)
      #expect(cellsOfRow[4] == "pass")
    }
    #expect(out.contains("all 6 tensors pass"))
  }
}

/// The Lipschitz report of a critic on the span of its last data.
private func notebook_lipReport(_ value: CriticValue) -> LipschitzReport {
  (try? ExactLipschitz.of(value.critic, on: value.span))!
}
