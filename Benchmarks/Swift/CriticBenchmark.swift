// Training speed of the reference critic: 1→64→64→1, LeakyReLU(0.2), batch 256,
// float64, 2000 steps, for wgan-gp, sn and wgan-clip: steps per second and the arithmetic rate.
// `runCriticsBenchmark` prints one JSON line per method, the format Benchmarks/run.py reads:
//   {"case": "critic_train", "impl": "liplab", "method": "wgan-gp", "steps_per_s": …, …}
// Benchmarks/critics_torch.py times the same configuration in PyTorch.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Critics

/// One method's timing.
struct CriticBenchmarkResult {
  let method: Method
  let steps: Int
  /// Wall-clock seconds for the training steps alone, every repetition (set-up and judging
  /// subtracted).
  let seconds: [Double]
  /// The same in CPU time of the process (robust when other processes share the cores).
  let cpuSeconds: [Double]
  /// Floating-point operations per step in the matrix products, counted on the recorded graph
  /// (`Trainer.multiplyAddsPerStep` × 2): 12.9 MFLOP for clip and sn, 21.5 for wgan-gp.
  let flopsPerStep: Double

  var median: Double { seconds.sorted()[seconds.count / 2] }
  var cpuMedian: Double { cpuSeconds.sorted()[cpuSeconds.count / 2] }
  var stepsPerSecond: Double { Double(steps) / median }
  var cpuStepsPerSecond: Double { Double(steps) / cpuMedian }
  var gflops: Double { flopsPerStep * stepsPerSecond / 1e9 }
}

/// Times `steps` training steps of each method (`repetitions` runs each), on one thread.
func runCriticBenchmark(
  methods: [Method] = [.wganGP, .sn, .wganClip], steps: Int = 2000, repetitions: Int = 3
) throws -> [CriticBenchmarkResult] {
  let critic = try MLPCritic(hidden: [64, 64], activation: .leakyDefault, seed: 0)
  let real = Distribution.normal(mean: 0, sd: 1)
  let fake = Distribution.normal(mean: 2, sd: 0.5)
  func clock(_ id: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(id, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }
  /// (wall, cpu) seconds of one training run of `n` steps.
  func seconds(_ method: Method, _ n: Int) throws -> (Double, Double) {
    var options = TrainingOptions(method: method)
    options.steps = n
    options.batch = 256
    let (wall, cpu) = (clock(CLOCK_MONOTONIC), clock(CLOCK_PROCESS_CPUTIME_ID))
    _ = try Trainer.train(critic, real: real, fake: fake, options: options)
    return (clock(CLOCK_MONOTONIC) - wall, clock(CLOCK_PROCESS_CPUTIME_ID) - cpu)
  }
  return try methods.map { method in
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0 ..< repetitions {
      let overhead = try seconds(method, 0)
      let run = try seconds(method, steps)
      wall.append(max(run.0 - overhead.0, 1e-9))
      cpu.append(max(run.1 - overhead.1, 1e-9))
    }
    var options = TrainingOptions(method: method)
    options.batch = 256
    let flops = 2 * Double(try Trainer.multiplyAddsPerStep(critic, options: options))
    return CriticBenchmarkResult(
      method: method, steps: steps, seconds: wall, cpuSeconds: cpu, flopsPerStep: flops)
  }
}

/// The `critics` subcommand of liplab-bench: `[--steps N] [--repetitions R]`; prints one JSON
/// line per method (median and minimum wall seconds, steps/s, GFLOP/s, MFLOP per step, and the
/// median in process CPU time with its steps/s).
/// `--trace METHOD [--steps N]` prints a training trace instead (see CriticTrace.swift).
func runCriticsBenchmark(_ args: [String]) throws {
  func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]), v > 0
    else { return fallback }
    return v
  }
  if let i = args.firstIndex(of: "--trace"), i + 1 < args.count {
    try runCriticTrace(method: args[i + 1], steps: option("--steps", 30))
    return
  }
  let results = try runCriticBenchmark(
    steps: option("--steps", 2000), repetitions: option("--repetitions", 3))
  for r in results {
    let fields: [(String, String)] = [
      ("case", "\"critic_train\""), ("impl", "\"liplab\""), ("method", "\"\(r.method.rawValue)\""),
      ("steps", "\(r.steps)"), ("median_s", "\(r.median)"), ("min_s", "\(r.seconds.min()!)"),
      ("reps", "\(r.seconds.count)"), ("steps_per_s", "\(r.stepsPerSecond)"),
      ("gflops", "\(r.gflops)"), ("mflop_per_step", "\(r.flopsPerStep / 1e6)"),
      ("cpu_median_s", "\(r.cpuMedian)"), ("cpu_steps_per_s", "\(r.cpuStepsPerSecond)"),
    ]
    print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
  }
}
