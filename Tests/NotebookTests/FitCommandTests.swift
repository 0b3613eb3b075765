// `mlp`, `fit`, `sweep` and `plot m`: every number the report prints recomputed from the stored
// model by plain loops (CriticReference), the diagnostics with their exact text, and a failing
// statement leaving the model as it was.

import Critics
import DenseMatrix
import TermPlot
import Testing

@testable import Notebook

extension TestNotebook {
  /// The model held in variable `name`.
  func model(_ name: String) -> ModelValue? {
    guard case .object(let object) = session.value(of: name) else { return nil }
    return object as? ModelValue
  }

  /// The 15 noisy points of sin(3x) and the 201-point test curve of session 00.
  func defineFitData() {
    run(
      "x = linspace(-1, 1, 15)", "y = sin(3*x) + 0.15*randn(15, 1, seed=2)",
      "xt = linspace(-1, 1, 201)", "yt = sin(3*xt)")
  }

  /// The column held in `name`.
  func vector(_ name: String) -> [Double] { session.value(of: name)?.matrix?.elements ?? [] }
}

@Suite struct FitCommandTests {
  static func mse(_ network: MLPCritic, _ x: [Double], _ y: [Double]) -> Double {
    x.indices.reduce(0) { $0 + (CriticReference.value(network, x[$1]) - y[$1]) * (CriticReference.value(network, x[$1]) - y[$1]) }
      / Double(x.count)
  }

  @Test(arguments: FitOptionsReader.methodNames)
  func theReportIsRecomputedFromTheModel(method: String) throws {
    let nb = preciseNotebook()
    nb.defineFitData()
    nb.run("m = mlp(hidden=[8 8], seed=1)")
    let out = nb.run("fit m x y method=\(method) steps=150 lr=0.01 xtest=xt ytest=yt slope=3")
    let model = try #require(nb.model("m"))
    #expect(model.method?.rawValue == method && model.fittedSteps == 150)
    let network = model.network
    let (x, y, xt, yt) = (nb.vector("x"), nb.vector("y"), nb.vector("xt"), nb.vector("yt"))
    // The data as the language made it: sin(3x) + 0.15·N(0, 1).
    var rng = RandomSource(seed: 2)
    for i in x.indices { #expect(y[i] == ElementwiseFunction.sin(3 * x[i]) + 0.15 * rng.normal()) }
    let train = try #require(number("train MSE", in: out))
    let test = try #require(number("test MSE", in: out))
    #expect(abs(train - Self.mse(network, x, y)) <= 1e-12 * train)
    #expect(abs(test - Self.mse(network, xt, yt)) <= 1e-12 * test)
    let lip = try #require(number("‖f‖_L", in: out))
    let grid = CriticReference.gridSlope(network, on: -1.01 ... 1.01, count: 200_001)
    #expect(grid <= lip * (1 + 1e-9) && grid >= lip * 0.99, "\(grid) vs \(lip)")
    let product = network.effectiveLayers.reduce(1.0) { $0 * CriticReference.spectralNorm($1.weight) }
    #expect(abs(try #require(number("Π‖W_l‖₂", in: out)) - product) <= 1e-9 * product)
    let sensitivity = try #require(number("sensitivity", in: out))
    var worst = 0.0
    for p in xt {
      for d in [0.01, -0.01] {
        worst = max(worst, abs(CriticReference.value(network, p + d) - CriticReference.value(network, p)) / 0.01)
      }
    }
    #expect(abs(sensitivity - worst) <= 1e-9 * worst)
    #expect(sensitivity <= lip * (1 + 1e-12))
    #expect(number("target slope", in: out) == 3)
    // m(x) is the model's value.
    #expect(abs(try #require(nb.number("m(0.3)")) - CriticReference.value(network, 0.3)) < 1e-14)
    // The plot: every line of one width, the target's slope marked.
    let plot = nb.run("plot m").split(separator: "\n")
    #expect(Set(plot.map { TextWidth.of(String($0)) }).count == 1)
    #expect(plot.contains { $0.contains("target slope 3") })
  }

  @Test func lipOfAModelIsItsExactConstantOnTheFittedSpan() throws {
    let nb = preciseNotebook()
    nb.defineFitData()
    let fresh = nb.run("m = mlp(hidden=[8 8], act=relu, seed=3)", "lip m")
    #expect(fresh.contains("m : 1→8→8→1 relu on [-1, 1] (unfitted: the default span)"))
    nb.run("fit m x y method=none steps=200 lr=0.01")
    let out = nb.run("lip m")
    #expect(out.contains("(its fitted inputs widened by δ)"))
    let network = try #require(nb.model("m")).network
    // The span: the inputs' [−1, 1] widened by the default δ = 0.01.
    let lip = try #require(number("‖f‖_L", in: out))
    let grid = CriticReference.gridSlope(network, on: -1.01 ... 1.01, count: 200_001)
    #expect(grid <= lip * (1 + 1e-9) && grid >= lip * 0.999, "\(grid) vs \(lip)")
    let product = network.effectiveLayers.reduce(1.0) { $0 * CriticReference.spectralNorm($1.weight) }
    #expect(abs(try #require(number("Π‖W_l‖₂", in: out)) - product) <= 1e-9 * product)
    // The same constant fit reports.
    let report = nb.run("fit m x y method=none steps=0")
    #expect(abs(try #require(number("‖f‖_L", in: report)) - lip) <= 1e-12 * lip)
  }

  @Test func aSweepFitsEachLambdaFromTheSameWeightsAndLeavesTheModel() throws {
    let nb = preciseNotebook()
    nb.defineFitData()
    nb.run("r = mlp(hidden=[8 8], seed=1)")
    let before = try #require(nb.model("r"))
    let out = nb.run("sweep r x y method=specreg lambda=[1e-3 1e-1] steps=100 lr=0.01 xtest=xt ytest=yt slope=3")
    #expect(nb.model("r")?.network == before.network && nb.model("r")?.method == nil)
    let rows = out.split(separator: "\n").map(cells).filter { $0.count == 7 && $0.last == "ok" }
    #expect(rows.count == 2)
    for (row, lambda) in zip(rows, [1e-3, 1e-1]) {
      nb.run("m = mlp(hidden=[8 8], seed=1)")
      let single = nb.run("fit m x y method=specreg lambda=\(lambda) steps=100 lr=0.01 xtest=xt ytest=yt")
      #expect(Double(row[1]) == number("train MSE", in: single))
      #expect(Double(row[2]) == number("test MSE", in: single))
      #expect(Double(row[3]) == number("‖f‖_L", in: single))
      #expect(row.last == "ok")
    }
    let best = rows.min { Double($0[2])! < Double($1[2])! }!
    #expect(out.contains("the lowest test error is at λ = \(best[0])\n"))
  }

  @Test func anInterruptedFitKeepsItsStepsAndRecordsThem() throws {
    let stop = InterruptAfter(checks: 12)
    let nb = TestNotebook()
    nb.defineFitData()
    nb.run("m = mlp(hidden=[4 4], seed=1)")
    let session = Session(console: nb.console, settings: Settings(), isInterrupted: { stop.poll() })
    for name in ["x", "y", "m"] { session.define(name, try #require(nb.session.value(of: name))) }
    nb.console.reset()
    _ = session.execute(StatementSource(text: "fit m x y method=l2 steps=50", origin: .interactive))
    #expect(nb.console.text.contains("interrupted after"))
    guard case .object(let object) = try #require(session.value(of: "m")), let model = object as? ModelValue
    else { throw Diagnostic("not a model") }
    #expect(model.fittedSteps > 0 && model.fittedSteps < 50)
    #expect(session.history.last?.text == "fit m x y method=l2 steps=\(model.fittedSteps)")
    // Exactly the model an uninterrupted fit of that many steps gives.
    nb.run("fit m x y method=l2 steps=\(model.fittedSteps)")
    #expect(nb.model("m")?.network == model.network)
  }

  @Test func helpSpecregExplainsTheCriticCaseAndTrainRepeatsIt() {
    let nb = TestNotebook()
    let help = nb.run("help specreg").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(help.contains("f grows like t^L (t³ with two hidden"))
    #expect(help.contains("In 'fit m x y method=specreg'"))
    nb.run("c = critic(hidden=[4], seed=1)")
    let train = nb.run("train c method=l2 steps=5").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(train.contains("Why l2 and specreg do not bound a deep critic"))
    #expect(!nb.run("train c method=wgan-gp steps=5").contains("Why l2 and specreg"))
  }
}

@Suite struct FitDiagnosticTests {
  @Test(arguments: [
    (
      "fit W x y method=none",
      """
      error: 'W' is a 2×2 matrix; 'fit' needs a model (make one with 'm = mlp()')
        fit W x y method=none
            ^

      """
    ),
    (
      "fit m x y",
      """
      error: missing method=
        fit m x y
        ^^^
        note: method is one of: none, l2, specreg, sn, gp

      """
    ),
    (
      "fit m x [1 2] method=l2",
      """
      error: y has 2 values for 15 points x
        fit m x [1 2] method=l2
                ^^^^^

      """
    ),
    (
      "fit m x y method=l2 xtest=x",
      """
      error: ytest= is missing
        fit m x y method=l2 xtest=x
                                  ^
        note: a test set is xtest= and ytest= together

      """
    ),
    (
      "fit m x y method=sn lambda=1",
      """
      error: lambda does not apply to sn, which has no λ
        fit m x y method=sn lambda=1
                                   ^

      """
    ),
    (
      "fit m x y method=l2 bound=2",
      """
      error: bound applies only to gp
        fit m x y method=l2 bound=2
                                  ^

      """
    ),
    (
      "fit m x y method=none slope=-1",
      """
      error: the target's slope must be a finite number ≥ 0
        fit m x y method=none slope=-1
                                    ^^

      """
    ),
    (
      "fit m [1 NaN] [1 2] method=none",
      """
      error: x has NaN or Inf entries
        fit m [1 NaN] [1 2] method=none
              ^^^^^^^

      """
    ),
    (
      "sweep m x y method=sn lambda=[1 2]",
      """
      error: sn has no λ to sweep
        sweep m x y method=sn lambda=[1 2]
                           ^^
        note: sweep l2, specreg or gp

      """
    ),
    (
      "sweep m x y method=l2",
      """
      error: sweep needs lambda=, the λ values
        sweep m x y method=l2
        ^^^^^
        note: e.g. lambda=[1e-4 1e-3 1e-2]

      """
    ),
    (
      "fit m x x method=none lr=1e300",
      """
      error: fitting diverged at step 2: loss is NaN
        fit m x x method=none lr=1e300
                                 ^^^^^
        note: 'm' is left as it was before 'fit'
        note: lower the learning rate (lr=1e+300 was used)

      """
    ),
    (
      "m(1, 2)",
      """
      error: a model is applied to one argument, the points x
        m(1, 2)
        ^^^^^^^
        note: c(x) is f(x) at every entry of x, in x's shape

      """
    ),
    (
      "weight(m, 4)",
      """
      error: the model has layers 1 to 3, got 4
        weight(m, 4)
                  ^
        note: 1→4→4→1 relu

      """
    ),
  ])
  func diagnostic(statement: String, expected: String) {
    let nb = TestNotebook()
    nb.defineFitData()
    nb.run("m = mlp(hidden=[4 4], seed=1)", "W = [1 2; 3 4]")
    #expect(nb.run(statement) == expected)
    #expect(nb.model("m")?.method == nil, "a failing statement leaves the model unfitted")
  }
}
