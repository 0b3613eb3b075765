// The options `train`, `compare` and `gradcheck` share: the method's hyper-parameters, the seed
// and the two distributions, read from the arguments into the Critics target's
// `TrainingOptions` (whose defaults are the papers').

import Critics

/// Reads training options from a command's arguments.
enum TrainOptions {
  /// The method names, for `method=` and `compare`'s positionals.
  static let methodNames = Method.allCases.map(\.rawValue)

  /// The default real distribution: N(2, 0.5²).
  static let defaultReal = Distribution.normal(mean: 2, sd: 0.5)
  /// The default fake distribution: N(−2, 0.5²), so W₁ = 4 exactly.
  static let defaultFake = Distribution.normal(mean: -2, sd: 0.5)

  /// `real=` and `fake=`.
  static let dataSpecs = [
    OptionSpec("real", help: "the real distribution or a vector of samples (default normal(2, 0.5), or the critic's last)"),
    OptionSpec("fake", help: "the fake distribution or a vector of samples (default normal(-2, 0.5), or the critic's last)"),
  ]

  /// The hyper-parameter options (without `method=`).
  static let hyperSpecs = [
    OptionSpec("steps", help: "critic updates (default 2000)"),
    OptionSpec("lr", help: "learning rate (default: the paper's, e.g. 5e-5 for wgan-clip, 1e-4 for wgan-gp)"),
    OptionSpec("batch", help: "samples of each distribution per step (default 256)"),
    OptionSpec("lambda", help: "weight λ of the penalty or margin (wgan-gp/lp 10, specreg/l2 0.01, lsgan 1)"),
    OptionSpec("clip", help: "wgan-clip's bound c (default 0.01)"),
    OptionSpec("gamma", help: "lsgan's weight γ of E_r L (default 0, as in Qi's code)"),
    OptionSpec("decay", help: "lsgan's weight decay λ_w Σ‖W‖F², which keeps L Lipschitz (default 0)"),
    OptionSpec("optimizer", .word, help: "sgd, rmsprop or adam (default: the paper's)", values: OptimizerKind.allCases.map(\.rawValue)),
    OptionSpec("beta1", help: "Adam's β₁ (SGD's momentum)"),
    OptionSpec("beta2", help: "Adam's β₂ (RMSprop's α)"),
    OptionSpec("seed", help: "seed of the batches, interpolates and initial u (default 0)"),
  ]

  /// `generator=` and `ncritic=`.
  static let generatorSpecs = [
    OptionSpec("generator", .word, help: "affine: also train a generator x_g = a·z + b on z ~ fake (default: none, fake stays fixed)", values: ["affine"]),
    OptionSpec("ncritic", help: "critic updates per generator update (default 5 for the WGAN family, 1 for gan, lsgan and gan-qp); implies generator=affine"),
  ]

  /// The method named by `method=`, or `fallback` when absent.
  static func method(_ a: Arguments, fallback: Method?) throws(Diagnostic) -> Method {
    guard let name = try a.word(option: "method") else {
      if let fallback { return fallback }
      throw Diagnostic(
        "missing method=", at: a.range,
        notes: ["method is one of: " + methodNames.joined(separator: ", ")])
    }
    return Method(rawValue: name)!  // checked against methodNames by `word(option:)`
  }

  /// The options for `method` from the hyper-parameter options given.
  static func options(_ method: Method, _ a: Arguments) throws(Diagnostic) -> TrainingOptions {
    var options = TrainingOptions(method: method)
    if let steps = try a.count(option: "steps") { options.steps = steps }
    if let batch = try a.count(option: "batch") { options.batch = batch }
    if let seed = try a.count(option: "seed") { options.seed = UInt64(seed) }
    options.learningRate = try a.number(option: "lr")
    options.lambda = try a.number(option: "lambda")
    options.clip = try a.number(option: "clip")
    options.gamma = try a.number(option: "gamma")
    options.decay = try a.number(option: "decay")
    options.beta1 = try a.number(option: "beta1")
    options.beta2 = try a.number(option: "beta2")
    options.optimizer = try a.word(option: "optimizer").flatMap(OptimizerKind.init(rawValue:))
    try generator(a, into: &options)
    // Validate now, so a bad option points at itself before any training starts.
    _ = try a.critics { try options.resolved() }
    return options
  }

  /// `generator=` and `ncritic=` into `options` (either asks for a generator).
  static func generator(_ a: Arguments, into options: inout TrainingOptions) throws(Diagnostic) {
    options.criticSteps = try a.count(option: "ncritic")
    options.trainsGenerator = try a.word(option: "generator") != nil || options.criticSteps != nil
  }

  /// `real=` and `fake=`, falling back to `last` (a critic's last data), then to the defaults.
  static func data(_ a: Arguments, last: (Distribution?, Distribution?) = (nil, nil))
    throws(Diagnostic) -> (real: Distribution, fake: Distribution)
  {
    let real = try a.distribution(option: "real") ?? last.0 ?? defaultReal
    let fake = try a.distribution(option: "fake") ?? last.1 ?? defaultFake
    try validate(real, "real", a)
    try validate(fake, "fake", a)
    return (real, fake)
  }

  private static func validate(_ d: Distribution, _ key: String, _ a: Arguments) throws(Diagnostic) {
    _ = try a.critics(at: a.range(option: key)) { try d.validate() }
  }

  /// `Adam lr 0.0001 β = (0.5, 0.9)`, `RMSprop lr 5e-05`, `SGD lr 0.01`.
  static func describe(_ optimizer: Optimizer, _ format: NumberFormat) -> String {
    switch optimizer {
    case .sgd(let lr, let m):
      return "SGD lr \(format.string(lr))" + (m == 0 ? "" : " momentum \(format.string(m))")
    case .rmsprop(let lr, let alpha, _):
      return "RMSprop lr \(format.string(lr)) α = \(format.string(alpha))"
    case .adam(let lr, let b1, let b2, _):
      return "Adam lr \(format.string(lr)) β = (\(format.string(b1)), \(format.string(b2)))"
    }
  }

  /// The settings line of a configuration: `2000 steps, batch 256, Adam lr 0.0001 β = (0.5, 0.9),
  /// λ = 10, seed 0`.
  static func describe(_ c: TrainingConfiguration, _ format: NumberFormat) -> String {
    var parts = ["batch \(c.batch)", describe(c.optimizer, format)]
    if let lambda = c.lambda { parts.append("λ = \(format.string(lambda))") }
    if let clip = c.clip { parts.append("c = \(format.string(clip))") }
    if let gamma = c.gamma, gamma != 0 { parts.append("γ = \(format.string(gamma))") }
    if let decay = c.decay, decay != 0 { parts.append("λ_w = \(format.string(decay))") }
    if let n = c.criticSteps { parts.append("n_critic \(n)") }
    parts.append("seed \(c.seed)")
    return parts.joined(separator: ", ")
  }
}
