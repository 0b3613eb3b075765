// Fitting speed of the supervised reference: 15 noisy points of sin(3x) on [−1, 1]
// (noise 0.15·randn(15, 1, seed=2), as session 00 makes them), a 1→256→256→1 ReLU network
// (seed 1), full-batch Adam lr 1e-3 for 6000 steps, float64, one thread. The test set is
// sin(3x) at 201 points of [−1, 1]. One JSON line per method:
//   {"case": "fit", "impl": "liplab", "method": "specreg", "lambda": 0.001, "median_s": …,
//    "train_mse": …, "test_mse": …, "lipschitz": …, …}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Critics
import DenseMatrix

/// The reference data: (x, y) and the noise-free test curve.
func fitBenchmarkData() throws -> RegressionData {
  let x = try Matrix.linspace(-1, 1, count: 15, limit: 1 << 20).elements
  var rng = RandomSource(seed: 2)
  let noise = try Matrix.randn(15, 1, using: &rng, limit: 1 << 20).elements
  let y = x.indices.map { ElementwiseFunction.sin(3 * x[$0]) + 0.15 * noise[$0] }
  let testX = try Matrix.linspace(-1, 1, count: 201, limit: 1 << 20).elements
  return RegressionData(x: x, y: y, testX: testX, testY: testX.map { ElementwiseFunction.sin(3 * $0) })
}

/// The `fit` subcommand: `[--steps N] [--hidden W] [--repetitions R] [--method M --lambda L]`;
/// without --method, none and specreg at λ = 1e-3 (the two runs).
func runFitBenchmark(_ args: [String]) throws {
  func int(_ name: String, _ fallback: Int) -> Int {
    option(name, args).flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? fallback
  }
  let steps = int("--steps", 6000), width = int("--hidden", 256), reps = int("--repetitions", 3)
  let data = try fitBenchmarkData()
  let model = try MLPCritic(hidden: [width, width], activation: .relu, seed: 1)
  var runs: [(FitMethod, Double?)] = [(.none, nil), (.specreg, 1e-3)]
  if let name = option("--method", args) {
    guard let method = FitMethod(rawValue: name) else {
      throw CriticError.invalidOption(option: "method", reason: "unknown fit method '\(name)'")
    }
    runs = [(method, option("--lambda", args).flatMap { Double($0) })]
  }
  for (method, lambda) in runs {
    var options = FitOptions(method: method)
    options.steps = steps
    options.lambda = lambda
    var times: [Double] = []
    var report: FitReport? = nil
    for _ in 0 ..< reps {
      let start = now()
      report = try Regression.fit(model, data: data, options: options)
      times.append(now() - start)
    }
    let j = report!.judgement
    let fields: [(String, String)] = [
      ("case", "\"fit\""), ("impl", "\"liplab\""), ("method", "\"\(method.rawValue)\""),
      ("lambda", lambda.map { "\($0)" } ?? "null"), ("hidden", "\(width)"), ("steps", "\(steps)"),
      ("median_s", "\(median(times))"), ("min_s", "\(times.min()!)"), ("reps", "\(reps)"),
      ("train_mse", "\(j.trainError)"), ("test_mse", "\(j.testError!)"),
      ("lipschitz", "\(j.lipschitz.value)"), ("spectral_product", "\(j.lipschitz.spectralBound)"),
      ("sensitivity", "\(j.sensitivity)"),
    ]
    print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
  }
}
