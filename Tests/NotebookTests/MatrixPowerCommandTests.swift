// `step`, `run` and `plot` on power trackers: each printed row against a power iteration written
// out by hand in this file (MATH.md §3–4), in exact mode and in spectral-normalization mode.

import DenseMatrix
import Testing
import TermPlot

@testable import Notebook

/// One hand-computed step: σ, the error against σ₁, the predicted error and both residuals.
struct ReferenceStep {
  var sigma: Double
  var error: Double
  var predicted: Double?
  var left: Double
  var right: Double
}

/// Power iteration as MATH.md §3 states it: v_k = normalize(WᵀW v_{k−1}), σ_k = ‖W v_k‖,
/// u_k = W v_k / σ_k.
func referencePowerIteration(_ w: Matrix, start: [Double], sigma1: Double, steps: Int) -> [ReferenceStep] {
  var v = Reference.normalized(start)
  var result: [ReferenceStep] = []
  for _ in 0 ..< steps {
    v = Reference.normalized(Reference.transposeTimes(w, Reference.times(w, v)))
    let wv = Reference.times(w, v)
    let sigma = Reference.norm(wv)
    let u = wv.map { $0 / sigma }
    let left = Reference.norm(zip(wv, u).map { $0 - sigma * $1 })
    let right = Reference.norm(zip(Reference.transposeTimes(w, u), v).map { $0 - sigma * $1 })
    result.append(ReferenceStep(sigma: sigma, error: abs(sigma - sigma1) / sigma1, left: left, right: right))
  }
  return result
}

/// Spectral normalization's update as PyTorch does it: v = normalize(Wᵀu), u = normalize(Wv),
/// σ = uᵀWv, with eps = 1e-12 in the normalisation.
func referenceSpectralNormalization(_ w: Matrix, u0: [Double], sigma1: Double, steps: Int) -> [ReferenceStep] {
  var u = Reference.normalized(u0, epsilon: 1e-12)
  var result: [ReferenceStep] = []
  for _ in 0 ..< steps {
    let v = Reference.normalized(Reference.transposeTimes(w, u), epsilon: 1e-12)
    u = Reference.normalized(Reference.times(w, v), epsilon: 1e-12)
    let wv = Reference.times(w, v)
    let sigma = zip(u, wv).reduce(0) { $0 + $1.0 * $1.1 }
    let left = Reference.norm(zip(wv, u).map { $0 - sigma * $1 })
    let right = Reference.norm(zip(Reference.transposeTimes(w, u), v).map { $0 - sigma * $1 })
    result.append(ReferenceStep(sigma: sigma, error: abs(sigma - sigma1) / sigma1, left: left, right: right))
  }
  return result
}

/// The numeric rows (first cell an integer k) of a step table.
func stepRows(_ output: String) -> [[String]] {
  output.split(separator: "\n").map(cells).filter { $0.first.flatMap { Int($0) } != nil }
}

@Suite struct MatrixPowerCommandTests {
  // diag(4, 3, 1): σ₁ = 4, and the start (1, 1, 1) has equal weight on every singular vector,
  // so the predicted error has a closed form: ½ Σ_{i≥2} ρᵢ^(2k) (1 − ρᵢ), ρᵢ = (σᵢ/σ₁)².
  let diagonal = try! Matrix([[4, 0, 0], [0, 3, 0], [0, 0, 1]])

  func predicted(_ k: Int) -> Double {
    [3.0 / 4, 1.0 / 4].reduce(0) { sum, r in
      let rho = r * r
      var power = 1.0
      for _ in 0 ..< 2 * k { power *= rho }
      return sum + 0.5 * power * (1 - rho)
    }
  }

  @Test func stepRowsMatchAHandWrittenPowerIteration() {
    let notebook = preciseNotebook()
    notebook.session.define("W", .matrix(diagonal))
    let output = notebook.run("p = power(W, init=ones)", "step p", "step p 4")
    let reference = referencePowerIteration(diagonal, start: [1, 1, 1], sigma1: 4, steps: 5)
    let rows = stepRows(output)
    #expect(rows.count == 5)
    #expect(output.split(separator: "\n").map(cells).contains(["k", "σ_k", "|σ − σ₁|/σ₁", "predicted", "‖Wᵀu − σv‖"]))
    for (index, (row, step)) in zip(rows, reference).enumerated() {
      #expect(row.count == 5)
      guard row.count == 5 else { continue }
      #expect(row[0] == String(index + 1))
      #expect(close(Double(row[1]), step.sigma, relative: 1e-14), "σ at k=\(index + 1)")
      #expect(close(Double(row[2]), step.error, relative: 1e-9, absolute: 1e-15), "error at k=\(index + 1)")
      #expect(close(Double(row[3]), predicted(index + 1), relative: 1e-9), "predicted at k=\(index + 1)")
      #expect(close(Double(row[4]), step.right, relative: 1e-9, absolute: 1e-14), "residual at k=\(index + 1)")
    }
  }

  @Test func withoutTheExactSigmaTheTableShowsTheRelativeChange() throws {
    // 300×220 is above PowerTracker.exactElementLimit, so σ₁ is not computed.
    var rng = RandomSource(seed: 4)
    let a = try Matrix.randn(300, 220, using: &rng)
    #expect(a.rows * a.columns > PowerTracker.exactElementLimit)
    let notebook = preciseNotebook()
    notebook.session.define("A", .matrix(a))
    let output = notebook.run("p = power(A, init=ones)", "step p 3")
    #expect(output.split(separator: "\n").map(cells).contains(["k", "σ_k", "|σ_k − σ_{k−1}|/σ_k", "‖Wᵀu − σv‖"]))
    let reference = referencePowerIteration(a, start: [Double](repeating: 1, count: 220), sigma1: 1, steps: 3)
    let rows = stepRows(output)
    #expect(rows.map { $0[2] } .first == "—")
    for (index, row) in rows.enumerated() {
      #expect(close(Double(row[1]), reference[index].sigma, relative: 1e-12))
      if index > 0 {
        let change = abs(reference[index].sigma - reference[index - 1].sigma) / reference[index].sigma
        #expect(close(Double(row[2]), change, relative: 1e-8))
      }
    }
  }

  @Test func runStopsWhenTheChangeIsBelowTolAndSummarises() {
    let notebook = preciseNotebook()
    notebook.session.define("W", .matrix(diagonal))
    let output = notebook.run("p = power(W, init=[1 2 3])", "run p tol=1e-8")
    let reference = referencePowerIteration(diagonal, start: [1, 2, 3], sigma1: 4, steps: 200)
    // The rule of MATH.md §3, applied to the independent reference: the change of σ below tol
    // and the residual below sqrt(tol)·σ.
    var stop = 1
    while abs(reference[stop].sigma - reference[stop - 1].sigma) / reference[stop].sigma > 1e-8
      || reference[stop].right > 1e-4 * reference[stop].sigma
    {
      stop += 1
    }
    let last = reference[stop]
    #expect(output.contains("  converged after \(stop + 1) steps: change of σ below tol=1e-08, residual below sqrt(tol)·σ\n"))
    #expect(row("k", in: output)?[1] == String(stop + 1))
    #expect(close(row("σ", in: output).flatMap { Double($0[1]) }, last.sigma, relative: 1e-14))
    #expect(close(row("σ₁", in: output).flatMap { Double($0[1]) }, 4, relative: 1e-14))
    #expect(close(row("error", in: output).flatMap { Double($0[1]) }, last.error, relative: 1e-6, absolute: 1e-15))
    #expect(close(row("‖Wᵀu − σv‖", in: output).flatMap { Double($0[1]) }, last.right, relative: 1e-6, absolute: 1e-14))
  }

  @Test func runSaysWhenItSettledOnAnotherSingularValue() {
    let notebook = TestNotebook()
    // The start e₂ is orthogonal to v₁ = e₁: the iteration sits on the singular pair of σ₂ = 1.
    let output = notebook.run("q = power(diag([2; 1; 0.3]), init=[0; 1; 0])", "run q")
    #expect(output.contains("  note: σ = 1 is a singular value, but σ₁ = 2:\n"))
    let clean = notebook.run("r = power(diag([2; 1; 0.3]), init=ones)", "run r")
    #expect(!clean.contains("note:"))
  }

  @Test func aPlateauIsNamedAsOne() {
    // Records whose σ stopped changing while the residual stayed large: no singular pair yet.
    let tracker = try! PowerTracker(matrix: Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 0.99]), start: .ones, mode: .exact)
    let records = (1...5).map {
      PowerTracker.Record(k: $0, sigma: 0.995, error: nil, predicted: nil, residualLeft: 0, residualRight: 0.01, relativeChange: 1e-9)
    }
    let lines = PowerReport(tracker: tracker, format: NumberFormat(digits: 6)).summary(
      records, stop: .maxSteps(plateau: true), tolerance: 1e-8, maxSteps: 5)
    #expect(lines[1] == "  note: a plateau: σ stopped changing, but ‖Wᵀu − σv‖ = 0.01:")
    #expect(!PowerTracker.isConverged(records[4], tolerance: 1e-8))
  }

  @Test func runReportsMaxSteps() {
    let notebook = TestNotebook()
    let output = notebook.run("p = power([1 0; 0 0.999], init=ones)", "run p tol=1e-15 max=5", "vars")
    #expect(output.contains("  stopped after max=5 steps without reaching tol=1e-15\n"))
    #expect(output.contains("p  power     power iteration on 2×2, 5 steps"))
  }

  @Test func anInterruptedStepKeepsTheStepsTakenAndSaysHowMany() {
    let polls = PollCounter(trueAfter: nil)
    let console = BufferConsole()
    let session = Session(console: console, isInterrupted: { polls.poll() })
    _ = session.execute(StatementSource(text: "p = power([2 0; 0 1], init=[1 1])", origin: .interactive))
    polls.arm(trueAfter: 3)
    console.reset()
    #expect(session.execute(StatementSource(text: "step p 10", origin: .interactive)) == .ok)
    let rows = stepRows(console.text)
    #expect(!rows.isEmpty && rows.count < 10)
    #expect(console.lines.last == "  interrupted after \(rows.count) of 10 steps")
    console.reset()
    _ = session.execute(StatementSource(text: "vars", origin: .interactive))
    #expect(console.text.contains("\(rows.count) step"))
  }

  @Test func interruptionKeepsTheStepsTaken() {
    let console = BufferConsole()
    let polls = PollCounter(trueAfter: nil)
    let interrupted = Session(console: console, isInterrupted: { polls.poll() })
    _ = interrupted.execute(StatementSource(text: "p = power([2 0; 0 1], init=ones)", origin: .interactive))
    polls.arm(trueAfter: 0)
    _ = interrupted.execute(StatementSource(text: "run p", origin: .interactive))
    #expect(console.text.contains("  interrupted after 0 steps") || console.text.contains("no steps taken (interrupted)"))
  }

  @Test func snModeStepsAndEvaluation() {
    let w = try! Matrix([[2, 1, 0], [1, 3, 1], [0, 1, 4], [1, 0, 1]])
    let sigma1 = Reference.sigma1(w)
    let notebook = preciseNotebook()
    notebook.session.define("W", .matrix(w))
    let output = notebook.run(
      "s = power(W, mode=sn, init=[1 0 0 1])", "step s 3", "step s mode=eval", "step s mode=eval", "step s")
    let reference = referenceSpectralNormalization(w, u0: [1, 0, 0, 1], sigma1: sigma1, steps: 4)
    let rows = stepRows(output)
    // Rows: k = 1, 2, 3, then two evaluations at k = 3, then k = 4.
    #expect(rows.map(\.first) == ["1", "2", "3", "3", "3", "4"])
    #expect(output.split(separator: "\n").map(cells).contains(["k", "σ = uᵀWv", "|σ − σ₁|/σ₁", "‖Wᵀu − σv‖"]))
    for (row, index) in zip(rows, [0, 1, 2, 2, 2, 3]) {
      let step = reference[index]
      #expect(close(Double(row[1]), step.sigma, relative: 1e-13), "σ in \(row)")
      #expect(close(Double(row[2]), step.error, relative: 1e-6, absolute: 1e-15), "error in \(row)")
      if row.count == 4 {
        #expect(close(Double(row[3]), step.right, relative: 1e-9, absolute: 1e-13))
        // The residual left out of the table is zero by construction: u is W v normalised.
        #expect(step.left < 1e-13)
      }
    }
    #expect(output.split(separator: "\n").filter { $0 == "  no update: u, v and k are kept as they were" }.count == 2)
  }

  @Test func evalNeedsAnSNTrackerWithAStep() {
    let notebook = TestNotebook()
    notebook.run("p = power([2 0; 0 1])", "s = power([2 0; 0 1], mode=sn)")
    #expect(notebook.outcome("step p mode=eval") == .failed)
    #expect(notebook.console.text.contains("error: mode=eval needs a spectral-normalization tracker"))
    #expect(notebook.outcome("step s mode=eval") == .failed)
    #expect(notebook.console.text.contains("error: 's' has no u and v yet"))
  }

  @Test func plotDrawsObservedAgainstPredicted() {
    let notebook = TestNotebook()
    notebook.session.define("W", .matrix(diagonal))
    #expect(notebook.outcome("plot q") == .failed)
    notebook.run("p = power(W, init=ones)")
    #expect(notebook.outcome("plot p") == .failed)
    #expect(notebook.console.text.contains("error: 'p' has taken no steps yet"))
    let output = notebook.run("step p 12", "plot p")
    let plot = output.split(separator: "\n").drop { !$0.contains("against k (log scale)") }
    #expect(plot.first?.contains("|σ_k − σ₁|/σ₁ against k (log scale)") == true)
    #expect(plot.contains { $0.contains(". predicted") && $0.contains("* observed error") })
    #expect(plot.contains { $0.contains("*") && $0.contains("|") })
    // Every line of the plot one width, that of the width setting.
    #expect(Set(plot.map { TextWidth.of(String($0)) }) == [80])
  }

  @Test func aPlotWithNothingPositiveSaysSo() {
    let notebook = TestNotebook()
    let output = notebook.run("p = power(zeros(3, 2), init=ones)", "step p 2", "plot p")
    #expect(output.hasSuffix("  nothing to draw on a log scale: every value is 0 or unknown (2 steps)\n"))
  }

  @Test func argumentErrors() {
    let notebook = TestNotebook()
    notebook.run("W = [2 0; 0 1]", "p = power(W)")
    for (statement, message) in [
      ("step W", "error: 'W' is a 2×2 matrix; 'step' needs a power tracker (make one with 'p = power(W)')"),
      ("step p 0", "error: the number of steps must be at least 1"),
      ("run p tol=-1", "error: tol must be a positive number"),
      ("run p max=0", "error: max must be between 1 and 1000000"),
      ("run p max=1000001", "error: max must be between 1 and 1000000"),
      ("step p 10001", "error: at most 10000 steps per 'step'"),
    ] {
      notebook.console.reset()
      #expect(notebook.outcome(statement) == .failed, "\(statement)")
      #expect(notebook.console.text.contains(message), "\(statement): \(notebook.console.text)")
    }
    notebook.run("vars")
    #expect(notebook.console.text.contains("no steps yet"))
  }
}

@Suite struct MatrixLanczosCommandTests {
  @Test func lanczosFindsSigma1AndCountsItsProducts() throws {
    var rng = RandomSource(seed: 9)
    let a = try Matrix.randn(30, 20, using: &rng)
    let notebook = preciseNotebook()
    notebook.session.define("A", .matrix(a))
    let output = notebook.run("lanczos A")
    let sigma1 = Reference.sigma1(a)
    #expect(output.contains("  converged after "))
    let sigma = row("σ", in: output).flatMap { Double($0[1]) }
    #expect(close(sigma, sigma1, relative: 1e-10))
    #expect(close(row("σ₁", in: output).flatMap { Double($0[1]) }, sigma1, relative: 1e-10))
    if let sigma {
      #expect(close(row("error", in: output).flatMap { Double($0[1]) }, abs(sigma - sigma1) / sigma1, relative: 1e-3, absolute: 1e-14))
    }
    // The residual is recomputed here from the printed σ alone: it must be at most tol·σ.
    #expect((row("‖Wᵀu − σv‖", in: output).flatMap { Double($0[1]) } ?? 1) <= 1e-10 * sigma1)
    let steps = output.split(separator: " ").drop { $0 != "after" }.dropFirst().first.flatMap { Int($0) }
    let products = row("products", in: output).flatMap { Int($0[1]) }
    #expect(steps != nil && products != nil)
    if let steps, let products { #expect(products >= 2 * steps && products <= 2 * steps + 2) }
  }

  // More steps than the 24-vector bases hold: the thick restarts are counted in the first line
  // (one when the bases fill at step 24, then one per 12 further steps), σ₁ is still exact.
  @Test func lanczosShowsItsRestarts() throws {
    var rng = RandomSource(seed: 4)
    let sv = [1.0, 0.995] + (0 ..< 148).map { 0.99 - 0.98 * Double($0) / 147 }
    let a = try Matrix.spectrum(200, 150, singularValues: sv, using: &rng)
    let notebook = preciseNotebook()
    notebook.session.define("A", .matrix(a))
    let output = notebook.run("lanczos A")
    let words = output.split(separator: " ")
    let steps = words.drop { $0 != "after" }.dropFirst().first.flatMap { Int($0) }
    let restarts = words.drop { $0 != "steps" }.dropFirst().first.flatMap { Int($0.dropFirst()) }
    let unwrapped = try #require(steps.flatMap { s in restarts.map { (s, $0) } }, "\(output)")
    #expect(unwrapped.0 > 24)
    #expect(unwrapped.1 == (unwrapped.0 - 25) / 12 + 1)
    #expect(close(row("σ", in: output).flatMap { Double($0[1]) }, 1, relative: 1e-10))
    // A smaller basis restarts more often (at step 6, then every 3 steps) and needs more steps.
    let small = notebook.run("lanczos A basis=6").split(separator: " ")
    let smallSteps = try #require(small.drop { $0 != "after" }.dropFirst().first.flatMap { Int($0) })
    let smallRestarts = try #require(small.drop { $0 != "steps" }.dropFirst().first.flatMap { Int($0.dropFirst()) })
    #expect(smallSteps > unwrapped.0)
    #expect(smallRestarts == (smallSteps - 7) / 3 + 1)
  }

  @Test func runCountsTwoProductsPerStep() {
    let notebook = TestNotebook()
    let output = notebook.run("p = power([2 0; 0 1], init=[1 1])", "step p 3", "run p max=4 tol=1e-300")
    #expect(row("k", in: output)?[1] == "7")
    #expect(row("products", in: output)?[1] == "14")
  }

  @Test func lanczosArgumentErrors() {
    let notebook = TestNotebook()
    notebook.session.define("N", .matrix(try! Matrix([[1, .nan]])))
    for (statement, message) in [
      ("lanczos [1 2] tol=0", "error: tol must be a positive number"),
      ("lanczos [1 2] max=0", "error: max must be at least 1"),
      ("lanczos [1 2] basis=2", "error: basis must be between 3 and 200"),
      ("lanczos N", "error: the matrix has NaN or Inf entries"),
    ] {
      #expect(notebook.outcome(statement) == .failed, "\(statement)")
      #expect(notebook.console.text.contains(message), "\(statement): \(notebook.console.text)")
    }
  }
}

/// An interruption check that answers false for its first `trueAfter` polls, then true.
final class PollCounter: @unchecked Sendable {
  private var count = 0
  private var limit: Int?
  /// A flag that turns true after `limit` polls; with nil, never until `arm(trueAfter:)`.
  init(trueAfter limit: Int?) { self.limit = limit }
  /// Starts counting now: true after `limit` more polls (Ctrl-C during the next statement).
  func arm(trueAfter limit: Int) {
    count = 0
    self.limit = limit
  }
  func poll() -> Bool {
    guard let limit else { return false }
    count += 1
    return count > limit
  }
}

@Suite struct MatrixCommandCompletionTests {
  @Test func optionKeysAndCommandNamesComplete() {
    let session = Session(console: BufferConsole())
    _ = session.execute(StatementSource(text: "p = power([2 0; 0 1])", origin: .interactive))
    func complete(_ line: String) -> [String] { session.completions(in: line, cursor: line.count) }
    #expect(complete("run p t").contains("tol="))
    #expect(complete("run p m").contains("max="))
    #expect(complete("step p m").contains("mode="))
    #expect(complete("lanczos p s").contains("seed="))
    #expect(complete("la").contains("lanczos"))
    #expect(complete("help sv").contains("svd"))
  }
}
