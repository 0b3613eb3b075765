// A training trace for cross-checking liplab's critics against PyTorch: the initial parameters,
// every batch the trainer draws and the loss of every step, as one JSON line.
// `python3 Benchmarks/critics_torch.py --check` replays each trace in PyTorch (same weights, same
// batches, PyTorch's optimisers and spectral_norm) and compares losses and final parameters.

import Critics
import DenseMatrix

/// `liplab-bench critics --trace METHOD [--steps N]`: trains a 1→8→8→1 leaky critic with batch 16
/// and lr 0.01 (other settings at the method's defaults) and prints the trace.
func runCriticTrace(method name: String, steps: Int) throws {
  guard let method = Method(rawValue: name) else {
    print("liplab-bench: critics --trace: unknown method '\(name)'")
    return
  }
  let critic = try MLPCritic(hidden: [8, 8], activation: .leakyDefault, seed: 0)
  let real = Distribution.normal(mean: 0, sd: 1)
  let fake = Distribution.normal(mean: 2, sd: 0.5)
  var options = TrainingOptions(method: method)
  options.steps = steps
  options.batch = 16
  options.seed = 0
  options.learningRate = 0.01
  let configuration = try options.resolved()

  // The trainer's random stream, replayed: initial u, v for sn and specreg (every u, then every
  // v, each N(0, I) normalised), then per step the real batch, the fake batch and for wgan-gp /
  // wgan-lp one interpolation weight per row.
  var rng = RandomSource(seed: options.seed)
  var u: [[Double]] = [], v: [[Double]] = []
  if method == .sn || method == .specreg {
    func unit(_ n: Int) -> [Double] {
      let x = (0 ..< n).map { _ in rng.normal() }
      let norm = max(x.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
      return x.map { $0 / norm }
    }
    u = critic.layers.map { unit($0.weight.rows) }
    v = critic.layers.map { unit($0.weight.columns) }
  }
  var batches: [String] = []
  for _ in 0 ..< steps {
    let xr = (0 ..< 16).map { _ in 0 + 1 * rng.normal() }
    let xg = (0 ..< 16).map { _ in 2 + 0.5 * rng.normal() }
    var fields = ["\"real\": \(json(xr))", "\"fake\": \(json(xg))"]
    if method == .wganGP || method == .wganLP {
      fields.append("\"eps\": \(json((0 ..< 16).map { _ in rng.uniform() }))")
    }
    batches.append("{" + fields.joined(separator: ", ") + "}")
  }

  let report = try Trainer.train(critic, real: real, fake: fake, options: options)
  func layers(_ c: MLPCritic) -> String {
    "[" + c.layers.map { "{\"weight\": \(json($0.weight)), \"bias\": \(json($0.bias))}" }
      .joined(separator: ", ") + "]"
  }
  var optimizer = ""
  switch configuration.optimizer {
  case .sgd(let lr, let m): optimizer = "{\"kind\": \"sgd\", \"lr\": \(lr), \"momentum\": \(m)}"
  case .rmsprop(let lr, let a, let e):
    optimizer = "{\"kind\": \"rmsprop\", \"lr\": \(lr), \"alpha\": \(a), \"eps\": \(e)}"
  case .adam(let lr, let b1, let b2, let e):
    optimizer = "{\"kind\": \"adam\", \"lr\": \(lr), \"betas\": [\(b1), \(b2)], \"eps\": \(e)}"
  }
  let fields = [
    "\"case\": \"critic_trace\"", "\"method\": \"\(method.rawValue)\"", "\"slope\": 0.2",
    "\"lambda\": \(configuration.lambda ?? 0)", "\"clip\": \(configuration.clip ?? 0)",
    "\"gamma\": \(configuration.gamma ?? 0)", "\"optimizer\": \(optimizer)",
    "\"initial\": \(layers(critic))", "\"u\": \(json(u))", "\"v\": \(json(v))",
    "\"batches\": [\(batches.joined(separator: ", "))]", "\"losses\": \(json(report.losses))",
    "\"final\": \(layers(report.critic))",
  ]
  print("{" + fields.joined(separator: ", ") + "}")
}

private func json(_ x: [Double]) -> String { "[" + x.map { "\($0)" }.joined(separator: ", ") + "]" }
private func json(_ x: [[Double]]) -> String { "[" + x.map(json).joined(separator: ", ") + "]" }
private func json(_ m: Matrix) -> String { json((0 ..< m.rows).map { m.row($0) }) }
