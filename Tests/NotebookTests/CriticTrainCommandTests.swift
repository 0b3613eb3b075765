// `train`, `lip` and `w1`: every number they print is checked against an independent computation
// (closed-form W₁, means of a direct forward pass, dense finite-difference slopes, reference norms).

import Critics
import DenseMatrix
import Testing

@testable import Notebook

@Suite struct CriticTrainCommandTests {
  /// A small, fast training run on two equal-variance normals (W₁ = |1 − (−1.5)| = 2.5).
  static let small = "train c method=sn steps=25 batch=16 lr=1e-3 real=normal(1, 0.5) fake=normal(-1.5, 0.5)"

  @Test func w1OfEqualVarianceNormalsIsTheDistanceOfTheMeans() {
    let notebook = preciseNotebook()
    #expect(close(notebook.number("w1(normal(1, 0.5), normal(-1.5, 0.5))"), 2.5, relative: 1e-15))
    #expect(close(notebook.number("w1(normal(3, 2), normal(3, 2))"), 0, absolute: 1e-15))
    // Two uniforms of equal width: the shift.
    #expect(close(notebook.number("w1(uniform(0, 1), uniform(2, 3))"), 2, relative: 1e-14))
    // Samples: sort-based W₁ of equal-size samples, mean |x_(i) − y_(i)|.
    #expect(close(notebook.number("w1([3 1 2], [0 5 4])"), (1.0 + 2 + 2) / 3, relative: 1e-14))
    // One sample each: [3] is the number 3, and still a distribution.
    #expect(close(notebook.number("w1([3], [-1])"), 4, relative: 1e-15))
    #expect(close(notebook.number("w1(2.5, normal(2.5, 1))"), (2 / Double.pi).squareRoot(), relative: 1e-9))
  }

  @Test func anSNRunWithoutStepsSaysUIsUnstepped() throws {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)")
    let none = notebook.run("train c method=sn steps=0")
    #expect(none.contains("no step ran: every layer's u and v are as drawn, never power-stepped"))
    // After one step u has been stepped, and a later steps=0 run says nothing.
    #expect(!notebook.run("train c method=sn steps=1").contains("no step ran"))
    #expect(!notebook.run("train c method=sn steps=0").contains("no step ran"))
    // Other methods have no u.
    notebook.run("d = critic(hidden=[8 8], seed=3)")
    #expect(!notebook.run("train d method=wgan-gp steps=0").contains("no step ran"))
  }

  @Test(arguments: ["sn", "wgan-gp", "wgan-clip", "lsgan"])
  func theReportMatchesIndependentComputations(method: String) throws {
    let notebook = preciseNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)")
    let out = notebook.run(
      "train c method=\(method) steps=25 batch=16 real=normal(1, 0.5) fake=normal(-1.5, 0.5)")
    let trained = try #require(notebook.critic("c"))
    #expect(trained.trainedSteps == 25)
    #expect(trained.method?.rawValue == method)

    #expect(close(number("W₁", in: out), 2.5, relative: 1e-15))
    // The estimate: means of a direct forward pass over the quantiles at the midpoints
    // u = (i + ½)/N (the quantile coupling; N is a power of 2, so u and 1 − u are exact).
    let n = Trainer.evaluationSamples
    let u = (0 ..< n).map { (Double($0) + 0.5) / Double(n) }
    let real = u.map { Distribution.normal(mean: 1, sd: 0.5).quantile($0) }
    let fake = u.map { Distribution.normal(mean: -1.5, sd: 0.5).quantile($0) }
    let estimate = CriticReference.mean(trained.critic, real) - CriticReference.mean(trained.critic, fake)
    #expect(close(number("E_r f − E_g f", in: out), estimate, relative: 1e-9, absolute: 1e-12))
    // The Lipschitz constant: dense finite-difference slopes on the span of the data.
    let span = Distribution.span(of: [.normal(mean: 1, sd: 0.5), .normal(mean: -1.5, sd: 0.5)])
    let lip = try #require(number("‖f‖_L", in: out))
    let grid = CriticReference.gridSlope(trained.critic, on: span, count: 100_001)
    // NOTE: finite differences of f carry rounding of about ε·|f|/h, relative 1e-8 for the
    // tiny slopes of a clipped critic.
    #expect(grid <= lip * (1 + 1e-6))
    #expect(grid >= lip * (1 - 1e-4))
    #expect(close(number("ratio", in: out), estimate / (lip * 2.5), relative: 1e-9))
  }

  @Test func samplesAreJudgedExactlyOnThemselves() throws {
    let notebook = preciseNotebook()
    notebook.run(
      "x = draw(normal(1, 0.5), 300, seed=1)", "y = draw(uniform(-2, 0), 300, seed=2)",
      "c = critic(hidden=[6 6], seed=3)")
    let out = notebook.run("train c method=wgan-gp steps=10 batch=16 real=x fake=y")
    guard case .matrix(let x) = notebook.session.value(of: "x"), case .matrix(let y) = notebook.session.value(of: "y")
    else {
      Issue.record("x and y are not matrices")
      return
    }
    // W₁ of two equal-size samples: the mean distance of the sorted pairs (MATH.md §7).
    let pairs = zip(x.elements.sorted(), y.elements.sorted())
    let sorted = pairs.reduce(0) { $0 + abs($1.0 - $1.1) } / 300
    #expect(close(number("W₁", in: out), sorted, relative: 1e-12))
    let critic = try #require(notebook.critic("c")).critic
    let estimate = CriticReference.mean(critic, x.elements) - CriticReference.mean(critic, y.elements)
    #expect(close(number("E_r f − E_g f", in: out), estimate, relative: 1e-12, absolute: 1e-14))
    #expect(out.contains("over the 300 and 300 samples"))
  }

  @Test func anSNCriticIsAtMostOneLipschitz() throws {
    let notebook = preciseNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)", Self.small)
    let out = notebook.run("lip c")
    let lip = try #require(number("‖f‖_L", in: out))
    #expect(lip <= 1 + 1e-3)  // up to the power-iteration error of the kept u
    #expect(try #require(number("Π‖W_l‖₂", in: out)) <= 1 + 1e-2)
  }

  @Test(arguments: ["relu", "leaky", "tanh"])
  func lipMatchesDenseSlopesAndReferenceNorms(act: String) throws {
    let notebook = preciseNotebook()
    notebook.run("c = critic(hidden=[6 5], act=\(act), seed=11)")
    let out = notebook.run("lip c [-3 2]")
    let critic = try #require(notebook.critic("c")).critic
    let grid = CriticReference.gridSlope(critic, on: -3 ... 2, count: 100_001)
    let label = act == "tanh" ? "‖f‖_L ≈" : "‖f‖_L"
    let lip = try #require(number(label, in: out))
    #expect(grid <= lip * (1 + 1e-6))
    #expect(grid >= lip * (1 - 1e-4))
    #expect(close(number("grid", in: out), CriticReference.gridSlope(critic, on: -3 ... 2, count: 2001), relative: 1e-9))
    // Bounds: products over the layers of reference norms (every activation here is 1-Lipschitz).
    let layers = critic.layers
    let spectral = layers.reduce(1.0) { $0 * CriticReference.spectralNorm($1.weight) }
    let frobenius = layers.reduce(1.0) { $0 * CriticReference.frobeniusNorm($1.weight) }
    let clipping = layers.reduce(1.0) { bound, layer in
      let w = layer.weight
      return bound * (w.elements.map(abs).max() ?? 0) * Double(w.rows * w.columns).squareRoot()
    }
    #expect(close(number("Π‖W_l‖₂", in: out), spectral, relative: 1e-9))
    #expect(close(number("Π‖W_l‖F", in: out), frobenius, relative: 1e-12))
    #expect(close(number("Π max|w|·sqrt(mn)", in: out), clipping, relative: 1e-12))
    #expect(out.contains(act == "tanh" ? "estimate: max |f'|" : "exact: max |slope|"))
  }

  @Test func clippingKeepsEveryWeightWithinCAndTheBound() throws {
    let notebook = preciseNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)", "train c method=wgan-clip steps=10 batch=16 clip=0.05")
    let critic = try #require(notebook.critic("c")).critic
    for layer in critic.layers {
      #expect(layer.weight.elements.allSatisfy { abs($0) <= 0.05 })
      #expect(layer.bias.allSatisfy { abs($0) <= 0.05 })
    }
    let out = notebook.run("lip c")
    let bound = [1.0 * 8, 8.0 * 8, 8.0 * 1].reduce(1.0) { $0 * 0.05 * $1.squareRoot() }
    let clipping = try #require(number("Π max|w|·sqrt(mn)", in: out))
    #expect(clipping <= bound * (1 + 1e-12))
    #expect(try #require(number("‖f‖_L", in: out)) <= clipping)
  }

  @Test func trainingIsDeterministic() {
    let a = TestNotebook(), b = TestNotebook()
    a.run("c = critic(hidden=[8 8], seed=3)")
    b.run("c = critic(hidden=[8 8], seed=3)")
    let first = a.run(Self.small)
    #expect(first == b.run(Self.small))
    #expect(a.critic("c")?.critic == b.critic("c")?.critic)
  }

  @Test func trainingContinuesWithTheLastMethodAndData() throws {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)", Self.small)
    let out = notebook.run("train c steps=5")
    #expect(out.contains("c trained by sn: 5 steps"))
    #expect(out.contains("real normal(1, 0.5), fake normal(-1.5, 0.5)"))
    #expect(notebook.critic("c")?.trainedSteps == 30)
  }

  @Test func aGeneratorMovesTheFakeDataAndTheCriticKeepsIt() throws {
    let notebook = preciseNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)")
    let out = notebook.run("train c method=sn ncritic=5 lr=1e-2 steps=200 batch=16")
    #expect(out.contains("n_critic 5"))
    let line = try #require(out.split(separator: "\n").first { $0.contains("generator x_g = a·z + b, z ~ normal(-2, 0.5): 40 updates") })
    let c = try #require(notebook.critic("c"))
    guard case .normal(let mean, let sd) = try #require(c.fake) else {
      Issue.record("the generated fake data of normal noise is normal")
      return
    }
    // The printed a and b are the generated distribution's: N(a·(−2) + b, a·0.5).
    let words = line.split(separator: " ").map(String.init)
    let a = try #require(words.firstIndex(of: "a").flatMap { Double(words[$0 + 2].dropLast()) })
    let b = try #require(words.firstIndex(of: "b").flatMap { Double(words[$0 + 2].dropLast()) })
    #expect(close(sd, 0.5 * a, relative: 1e-15))
    #expect(close(mean, -2 * a + b, relative: 1e-14, absolute: 1e-15))
    // The W₁ it reports is the closed form between the real data and the generated one.
    let expected = try Wasserstein1.exact(.normal(mean: 2, sd: 0.5), .normal(mean: mean, sd: sd)).value
    #expect(close(number("W₁", in: out), expected, relative: 1e-15))
    #expect(line.hasSuffix("W₁ 4 → " + NumberFormat(digits: 17).string(expected)))
    // generator=affine alone takes the method's n_critic; ncritic= is checked before training.
    #expect(notebook.run("train c steps=2 generator=affine").contains("n_critic 5"))
    let bad = notebook.run("train c ncritic=0")
    #expect(bad.contains("error: ncritic must be between 1 and 1000"))
  }

  @Test func divergenceLeavesTheCriticAsItWas() throws {
    let notebook = TestNotebook()
    notebook.run("c = critic(hidden=[8 8], seed=3)", Self.small)
    let before = try #require(notebook.critic("c"))
    let out = notebook.run("train c method=wgan lr=1e300 steps=20 batch=16")
    #expect(out.contains("error: training diverged at step"))
    #expect(out.contains("note: 'c' is left as it was before 'train'"))
    let after = try #require(notebook.critic("c"))
    #expect(after.critic == before.critic)
    #expect(after.trainedSteps == before.trainedSteps)
  }

  @Test func anInterruptedSVDChangesNothing() throws {
    let flag = InterruptAfter(checks: 3)
    let console = BufferConsole()
    let session = Session(console: console, settings: Settings(), isInterrupted: { flag.poll() })
    _ = session.execute(StatementSource(text: "x = 1", origin: .interactive))
    let outcome = session.execute(StatementSource(text: "x = svdvals(randn(200, 200))", origin: .interactive))
    #expect(outcome == .interrupted)
    #expect(console.text.contains("error: interrupted"))
    #expect(console.text.contains("note: nothing was changed"))
    guard case .number(let x) = session.value(of: "x") else {
      Issue.record("x is no longer the number 1")
      return
    }
    #expect(x == 1)
  }

  @Test func anInterruptionKeepsTheStepsTrainedSoFar() throws {
    let flag = InterruptAfter(checks: 7)
    let console = BufferConsole()
    let session = Session(console: console, settings: Settings(), isInterrupted: { flag.poll() })
    _ = session.execute(StatementSource(text: "c = critic(hidden=[8 8], seed=3)", origin: .interactive))
    _ = session.execute(StatementSource(text: "train c method=sn steps=50 batch=16", origin: .interactive))
    guard case .object(let object) = session.value(of: "c"), let c = object as? CriticValue else {
      Issue.record("c is not a critic")
      return
    }
    #expect(c.trainedSteps > 0 && c.trainedSteps < 50)
    #expect(console.text.contains("interrupted after \(c.trainedSteps) of 50 steps: 'c' keeps the steps trained so far"))
    // Exactly the critic an uninterrupted run of that many steps gives.
    let reference = TestNotebook()
    reference.run("c = critic(hidden=[8 8], seed=3)", "train c method=sn steps=\(c.trainedSteps) batch=16")
    #expect(reference.critic("c")?.critic == c.critic)
    // What save records is that run, so a replay rebuilds this critic.
    #expect(session.history.last?.text == "train c method=sn steps=\(c.trainedSteps) batch=16")
  }

  @Test func anInterruptedTrainIsRecordedWithTheStepsItTook() {
    func recorded(_ text: String, _ range: SourceRange?, firstLine: Int = 1) -> String {
      CommandTable.recorded(StatementSource(text: text, origin: .interactive, firstLine: firstLine), steps: 7, at: range)
    }
    #expect(recorded("train c steps=1e4 lr=1e-3", SourceRange(line: 1, column: 15, length: 3)) == "train c steps=7 lr=1e-3")
    #expect(recorded("train c method=sn  # a note", nil) == "train c method=sn steps=7  # a note")
    #expect(recorded("train c real=\"#\"", nil) == "train c real=\"#\" steps=7")
    #expect(recorded("train c fake=[1\n2] steps=100", SourceRange(line: 6, column: 10, length: 3), firstLine: 5)
      == "train c fake=[1\n2] steps=7")
  }
}
