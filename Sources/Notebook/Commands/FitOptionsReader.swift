// The arguments `fit` and `sweep` share: the model and its data (m x y, xtest= ytest=), the
// method and its hyper-parameters, the target's slope and the report's δ, read into the Critics
// target's `FitOptions` and `RegressionData`.

import Critics

/// Reads fit options and data from a command's arguments.
enum FitOptionsReader {
  /// The method names of `method=`.
  static let methodNames = FitMethod.allCases.map(\.rawValue)

  /// The positionals: the model variable, then x and y.
  static let parameters = [Parameter("m", .variable), Parameter("x"), Parameter("y")]

  /// `method=`.
  static let methodSpec = OptionSpec(
    "method", .word, help: "none, l2, specreg, sn or gp (see above)", values: methodNames)

  /// Every option but `method=` and `lambda=`.
  static let specs = [
    OptionSpec("steps", help: "full-batch Adam updates (default 2000)"),
    OptionSpec("lr", help: "Adam's learning rate (default 0.001, β = (0.9, 0.999))"),
    OptionSpec("bound", help: "gp's slope bound k in (|f′| − k)₊² (default 1)"),
    OptionSpec("seed", help: "seed of gp's points and of the initial u, v of specreg and sn (default 0)"),
    OptionSpec("xtest", help: "test inputs, a vector (with ytest=): the test error and the points of the sensitivity"),
    OptionSpec("ytest", help: "test targets, one per test input"),
    OptionSpec("slope", help: "the target's largest |slope|, when known: printed beside ‖f‖_L and marked on the plot"),
    OptionSpec("delta", help: "the input perturbation δ of the sensitivity max|f(x ± δ) − f(x)|/δ (default 0.01)"),
  ]

  /// The model in positional 0, with its variable name.
  static func model(_ a: Arguments) throws(Diagnostic) -> (String, ModelValue) {
    try a.object(0, as: ModelValue.self, what: "a model (make one with 'm = mlp()')")
  }

  /// The method named by `method=`, or `fallback` (the model's last) when absent.
  static func method(_ a: Arguments, fallback: FitMethod?) throws(Diagnostic) -> FitMethod {
    guard let name = try a.word(option: "method") else {
      if let fallback { return fallback }
      throw Diagnostic(
        "missing method=", at: a.range, notes: ["method is one of: " + methodNames.joined(separator: ", ")])
    }
    return FitMethod(rawValue: name)!  // checked against methodNames by `word(option:)`
  }

  /// The options for `method` with `lambda`, validated so that a bad one points at itself
  /// before any fitting starts.
  static func options(_ method: FitMethod, lambda: Double?, _ a: Arguments) throws(Diagnostic) -> FitOptions {
    var options = FitOptions(method: method)
    if let steps = try a.count(option: "steps") { options.steps = steps }
    if let seed = try a.count(option: "seed") { options.seed = UInt64(seed) }
    options.learningRate = try a.number(option: "lr")
    options.lambda = lambda
    options.bound = try a.number(option: "bound")
    if let delta = try a.number(option: "delta") { options.delta = delta }
    _ = try a.critics { try options.resolved() }
    return options
  }

  /// x and y (positionals 1 and 2) and the test set, checked: vectors of equal length, finite.
  static func data(_ a: Arguments) throws(Diagnostic) -> RegressionData {
    let (x, y) = (try a.vector(1), try a.vector(2))
    try check(x, "x", at: a.range(1))
    guard y.count == x.count else {
      throw Diagnostic("y has \(y.count) values for \(x.count) points x", at: a.range(2))
    }
    try check(y, "y", at: a.range(2))
    let testX = try a.vector(option: "xtest"), testY = try a.vector(option: "ytest")
    guard (testX == nil) == (testY == nil) else {
      let missing = testX == nil ? "xtest" : "ytest"
      throw Diagnostic(
        "\(missing)= is missing", at: a.range(option: testX == nil ? "ytest" : "xtest"),
        notes: ["a test set is xtest= and ytest= together"])
    }
    guard let testX, let testY else { return RegressionData(x: x, y: y) }
    try check(testX, "xtest", at: a.range(option: "xtest"))
    guard testY.count == testX.count else {
      throw Diagnostic(
        "ytest has \(testY.count) values for \(testX.count) test points", at: a.range(option: "ytest"))
    }
    try check(testY, "ytest", at: a.range(option: "ytest"))
    return RegressionData(x: x, y: y, testX: testX, testY: testY)
  }

  private static func check(_ v: [Double], _ name: String, at range: SourceRange) throws(Diagnostic) {
    guard !v.isEmpty else { throw Diagnostic("\(name) is empty", at: range) }
    guard v.allSatisfy(\.isFinite) else { throw Diagnostic("\(name) has NaN or Inf entries", at: range) }
  }

  /// `slope=`: a finite number ≥ 0, or nil.
  static func targetSlope(_ a: Arguments) throws(Diagnostic) -> Double? {
    guard let s = try a.number(option: "slope") else { return nil }
    guard s.isFinite, s >= 0 else {
      throw Diagnostic("the target's slope must be a finite number ≥ 0", at: a.range(option: "slope"))
    }
    return s
  }

  /// The settings line: `15 points, Adam lr 0.001 β = (0.9, 0.999), λ = 0.001, seed 0` (without
  /// λ when `lambda` is false).
  static func describe(
    _ c: FitConfiguration, points: Int, _ format: NumberFormat, lambda: Bool = true
  ) -> String {
    var parts = ["\(points) point\(points == 1 ? "" : "s")", TrainOptions.describe(c.optimizer, format)]
    if lambda, let l = c.lambda { parts.append("λ = \(format.string(l))") }
    if let k = c.bound { parts.append("k = \(format.string(k))") }
    parts.append("seed \(c.seed)")
    return parts.joined(separator: ", ")
  }
}
