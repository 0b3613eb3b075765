// The fixed 1-D distributions a critic separates: normal, uniform, finite mixtures and empirical
// samples. Seeded sampling for training, exact CDFs and densities for the ground truth and plots.

import DenseMatrix
import RealModule

/// A probability distribution on the real line.
///
/// Sampling draws from `RandomSource` so a seed fixes every sample. Densities and CDFs are exact
/// (the normal CDF through erfc); an empirical distribution has no density, only its samples.
public indirect enum Distribution: Sendable, Equatable, CustomStringConvertible {
  /// N(μ, σ²) with σ > 0.
  case normal(mean: Double, sd: Double)
  /// U(a, b) with a < b.
  case uniform(lower: Double, upper: Double)
  /// Σ wᵢ Pᵢ with weights wᵢ ≥ 0 (normalised by their sum, which must be positive).
  case mixture([Distribution], weights: [Double])
  /// The empirical measure of the given samples (each with mass 1/n); sampling resamples them.
  case empirical([Double])

  /// Checks the parameters.
  /// - Throws: `CriticError.invalidDistribution` saying which parameter is wrong.
  public func validate() throws {
    switch self {
    case .normal(let m, let s):
      guard m.isFinite, s.isFinite, s > 0 else {
        throw CriticError.invalidDistribution("normal(μ, σ) needs finite μ and σ > 0, got σ = \(s.messageText)")
      }
    case .uniform(let a, let b):
      guard a.isFinite, b.isFinite, a < b, (b - a).isFinite else {
        throw CriticError.invalidDistribution("uniform(a, b) needs finite a < b, got \(a.messageText), \(b.messageText)")
      }
    case .mixture(let parts, let weights):
      guard !parts.isEmpty, parts.count == weights.count else {
        throw CriticError.invalidDistribution(
          "mixture needs as many weights as components "
            + "(\(parts.count) components, \(weights.count) weights)")
      }
      guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), weights.reduce(0, +) > 0 else {
        throw CriticError.invalidDistribution("mixture weights must be ≥ 0 with a positive sum")
      }
      for p in parts { try p.validate() }
    case .empirical(let xs):
      guard !xs.isEmpty else {
        throw CriticError.invalidDistribution("an empirical distribution needs at least one sample")
      }
      guard xs.allSatisfy(\.isFinite) else {
        throw CriticError.invalidDistribution("empirical samples must be finite")
      }
    }
  }

  /// `normal(0, 1)`, `uniform(-1, 1)`, `mixture(…)`, `empirical(n=100)`.
  public var description: String {
    switch self {
    case .normal(let m, let s): "normal(\(m), \(s))"
    case .uniform(let a, let b): "uniform(\(a), \(b))"
    case .mixture(let parts, let w):
      "mixture(" + zip(parts, w).map { "\($1)·\($0)" }.joined(separator: ", ") + ")"
    case .empirical(let xs): "empirical(n=\(xs.count))"
    }
  }

  /// The mean. O(1), O(n) for empirical.
  public var mean: Double {
    switch self {
    case .normal(let m, _): m
    case .uniform(let a, let b): (a + b) / 2
    case .mixture(let parts, let w):
      zip(parts, w).reduce(0) { $0 + $1.1 * $1.0.mean } / w.reduce(0, +)
    case .empirical(let xs): xs.reduce(0, +) / Double(xs.count)
    }
  }

  /// Where the distribution visibly lives, for plots and the Lipschitz interval: μ ± 4σ for a
  /// normal, [a, b] for a uniform, the hull of the components, [min, max] of samples ([−1, 1]
  /// for a distribution that fails `validate()` by having no mass).
  public var span: ClosedRange<Double> { range(sigmas: 4) }

  /// The smallest interval holding the spans of all `distributions` (widened to ±1 around a
  /// single point, e.g. one empirical sample); [−1, 1] for an empty list.
  public static func span(of distributions: [Distribution]) -> ClosedRange<Double> {
    let spans = distributions.map(\.span)
    guard let lower = spans.map(\.lowerBound).min(), let upper = spans.map(\.upperBound).max()
    else { return -1 ... 1 }
    return lower < upper ? lower ... upper : (lower - 1) ... (upper + 1)
  }

  /// An interval outside which the CDF is 0 or 1 to double precision (normals: μ ± 12σ, whose
  /// tails contribute < 1e-33 to ∫|F − G|).
  var support: ClosedRange<Double> { range(sigmas: 12) }

  private func range(sigmas k: Double) -> ClosedRange<Double> {
    switch self {
    case .normal(let m, let s): return (m - k * s) ... (m + k * s)
    case .uniform(let a, let b): return a ... b
    case .mixture(let parts, let w):
      let live = zip(parts, w).filter { $0.1 > 0 }.map { $0.0.range(sigmas: k) }
      guard let lower = live.map(\.lowerBound).min(), let upper = live.map(\.upperBound).max()
      else { return -1 ... 1 }  // invalid (no positive weight): see validate()
      return lower ... upper
    case .empirical(let xs):
      guard let lower = xs.min(), let upper = xs.max() else { return -1 ... 1 }
      return lower ... upper
    }
  }

  /// Breakpoints for quadrature: where the CDF is not smooth (uniform endpoints, sample points),
  /// and for a normal μ, μ ± σ, μ ± 2σ, μ ± 4σ, μ ± 8σ, so that a component far narrower than
  /// the integration interval is still resolved.
  var knots: [Double] {
    switch self {
    case .normal(let m, let s): [0, 1, 2, 4, 8].flatMap { k in k == 0 ? [m] : [m - k * s, m + k * s] }
    case .uniform(let a, let b): [a, b]
    case .mixture(let parts, _): parts.flatMap(\.knots)
    case .empirical(let xs): xs
    }
  }

  /// P(X ≤ x). Exact: Φ by erfc, O(n log n) once per call for empirical (prefer
  /// `Wasserstein1.empirical` for samples).
  public func cdf(_ x: Double) -> Double {
    switch self {
    case .normal(let m, let s): 0.5 * Double.erfc(-(x - m) / (s * 2.0.squareRoot()))
    case .uniform(let a, let b): x <= a ? 0 : (x >= b ? 1 : (x - a) / (b - a))
    case .mixture(let parts, let w):
      zip(parts, w).reduce(0) { $0 + $1.1 * $1.0.cdf(x) } / w.reduce(0, +)
    case .empirical(let xs): Double(xs.lazy.filter { $0 <= x }.count) / Double(xs.count)
    }
  }

  /// The CDF as a function; an empirical CDF sorts once and then answers by binary search.
  func cdfFunction() -> (Double) -> Double {
    switch self {
    case .empirical(let xs):
      let sorted = xs.sorted()
      let n = Double(sorted.count)
      return { x in
        var (lo, hi) = (0, sorted.count)  // first index with sorted[i] > x
        while lo < hi {
          let mid = (lo + hi) / 2
          if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return Double(lo) / n
      }
    case .mixture(let parts, let w):
      let cdfs = parts.map { $0.cdfFunction() }
      let total = w.reduce(0, +)
      return { x in zip(cdfs, w).reduce(0) { $0 + $1.1 * $1.0(x) } / total }
    default:
      return { self.cdf($0) }
    }
  }

  /// The density at x, or nil for an empirical distribution (which has none; plot its samples).
  public func density(_ x: Double) -> Double? {
    switch self {
    case .normal(let m, let s):
      let z = (x - m) / s
      return Double.exp(-z * z / 2) / (s * (2 * Double.pi).squareRoot())
    case .uniform(let a, let b): return x < a || x > b ? 0 : 1 / (b - a)
    case .mixture(let parts, let w):
      var total = 0.0
      for (p, wi) in zip(parts, w) {
        guard let d = p.density(x) else { return nil }
        total += wi * d
      }
      return total / w.reduce(0, +)
    case .empirical: return nil
    }
  }

  /// `count` independent draws, reproducible from `seed`.
  /// - Throws: `CriticError.invalidDistribution` for invalid parameters,
  ///   `CriticError.invalidOption` for a negative or huge count (> 10⁸); `MatrixError.interrupted`
  ///   (see `Interruption`).
  public func samples(count: Int, seed: UInt64) throws -> [Double] {
    try validate()
    guard count >= 0, count <= 100_000_000 else {
      throw CriticError.invalidOption(option: "count", reason: "must be between 0 and 100000000")
    }
    var rng = RandomSource(seed: seed)
    // NOTE: filled through the core's `Matrix.generated`, in the same order as `sample(into:)`,
    // so that Ctrl-C stops a large draw between chunks (`MatrixError.interrupted`).
    return try Matrix.generated(count, 1, limit: .max) { _ in draw(using: &rng) }.elements
  }

  /// Writes `count` draws into `buffer` (no allocation; the parameters must be valid).
  func sample(
    into buffer: UnsafeMutablePointer<Double>, count: Int, using rng: inout RandomSource
  ) {
    for i in 0 ..< count { buffer[i] = draw(using: &rng) }
  }

  /// One draw. Mixture: a component by weight, then a draw from it. Empirical: a uniformly
  /// chosen sample (resampling with replacement).
  func draw(using rng: inout RandomSource) -> Double {
    switch self {
    case .normal(let m, let s): return m + s * rng.normal()
    case .uniform(let a, let b): return a + (b - a) * rng.uniform()
    case .mixture(let parts, let w):
      var r = rng.uniform() * w.reduce(0, +)
      for (p, wi) in zip(parts, w) where wi > 0 {
        if r < wi { return p.draw(using: &rng) }
        r -= wi
      }
      return parts[w.lastIndex { $0 > 0 }!].draw(using: &rng)
    case .empirical(let xs):
      return xs[min(Int(rng.uniform() * Double(xs.count)), xs.count - 1)]
    }
  }
}
