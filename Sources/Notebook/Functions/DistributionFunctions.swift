// The distribution constructors of the language: `normal(μ, σ)`, `uniform(a, b)`,
// `mixture(d₁, d₂, …, weights=[…])`, and `draw(d, n)`, which turns one into a vector of samples.

import Critics
import DenseMatrix

extension FunctionTable {
  /// normal, uniform, mixture, draw.
  static var distributionFunctions: [FunctionSpec] { [normal, uniform, mixture, draw] }

  private static var normal: FunctionSpec {
    FunctionSpec(
      "normal",
      summary: "the normal distribution N(μ, σ²), for real= and fake=",
      help: ["σ is the standard deviation and must be positive. Two normals with the same σ are W₁ = |μ_r − μ_g| apart."],
      signature: Signature([Parameter("μ"), Parameter("σ")])
    ) { a throws(Diagnostic) in
      let (mean, sd) = (try a.number(0), try a.number(1))
      guard mean.isFinite else { throw Diagnostic("μ must be a finite number", at: a.range(0)) }
      guard sd.isFinite, sd > 0 else {
        throw Diagnostic("σ must be a positive number", at: a.range(1), notes: ["σ is the standard deviation"])
      }
      return .object(DistributionValue(.normal(mean: mean, sd: sd)))
    }
  }

  private static var uniform: FunctionSpec {
    FunctionSpec(
      "uniform",
      summary: "the uniform distribution on [a, b], for real= and fake=",
      signature: Signature([Parameter("a"), Parameter("b")])
    ) { a throws(Diagnostic) in
      let (lower, upper) = (try a.number(0), try a.number(1))
      guard lower.isFinite, upper.isFinite, lower < upper else {
        throw Diagnostic("uniform(a, b) needs finite a < b", at: a.range)
      }
      return .object(DistributionValue(.uniform(lower: lower, upper: upper)))
    }
  }

  private static var mixture: FunctionSpec {
    FunctionSpec(
      "mixture",
      summary: "a finite mixture of distributions, e.g. two modes",
      help: [
        "Each component is a distribution (normal, uniform, another mixture). The weights are ≥ 0 and are divided by their sum; without weights= every component weighs the same.",
        "Example: mixture(normal(-2, 0.5), normal(2, 0.5), weights=[0.3 0.7]).",
      ],
      signature: Signature(
        [Parameter("d", variadic: true)],
        options: [OptionSpec("weights", help: "one weight ≥ 0 per component (default: equal)")])
    ) { a throws(Diagnostic) in
      var parts: [Distribution] = []
      for i in 0 ..< a.count {
        let part = try a.distribution(i)
        if case .empirical = part {
          throw Diagnostic(
            "a mixture's components are distributions, not samples", at: a.range(i),
            notes: ["concatenate samples instead: [x; y]"])
        }
        parts.append(part)
      }
      let weights = try a.vector(option: "weights") ?? [Double](repeating: 1, count: parts.count)
      guard weights.count == parts.count else {
        throw Diagnostic(
          "\(weights.count) weight\(weights.count == 1 ? "" : "s") for \(parts.count) component\(parts.count == 1 ? "" : "s")",
          at: a.range(option: "weights"), notes: ["give one weight per component"])
      }
      guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.reduce(0, +) > 0 else {
        throw Diagnostic("weights must be ≥ 0 with a positive sum", at: a.range(option: "weights"))
      }
      return .object(DistributionValue(.mixture(parts, weights: weights)))
    }
  }

  private static var draw: FunctionSpec {
    FunctionSpec(
      "draw",
      summary: "n samples of a distribution, as an n×1 matrix",
      help: ["A vector of samples is itself accepted as real= or fake= (its empirical distribution). Without seed= the samples come from the session's random source."],
      signature: Signature(
        [Parameter("d"), Parameter("n")],
        options: [OptionSpec("seed", help: "seed of the draws (default: the session's source)")])
    ) { a throws(Diagnostic) in
      let d = try a.distribution(0)
      let n = try a.count(1)
      guard n >= 1, n <= a.elementLimit else {
        throw Diagnostic("n must be between 1 and \(a.elementLimit)", at: a.range(1))
      }
      let seed = try a.withRandom { rng in rng.next() }
      let xs = try a.critics { try d.samples(count: n, seed: seed) }
      return .matrix(Matrix(column: xs))
    }
  }
}
