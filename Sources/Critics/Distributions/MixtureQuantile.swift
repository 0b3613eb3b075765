// The quantile function of a finite mixture, which has no closed form: the mixture flattened to
// weighted leaves (normal, uniform, sorted samples), then F(x) = p solved by Newton's method on
// the mixture density, safeguarded by bisection within a bracket (Numerical Recipes' rtsafe).

import RealModule

/// A (valid) mixture flattened for repeated CDF, survival and density evaluations.
struct MixtureQuantile {
  /// One leaf of the flattened mixture.
  enum Part {
    case normal(mean: Double, sd: Double)
    case uniform(lower: Double, upper: Double)
    /// Sorted samples, each with mass 1/n.
    case samples([Double])
  }

  /// The leaves with positive weight, and their weights normalised to sum 1.
  let parts: [(part: Part, weight: Double)]
  /// False when a leaf is a sample (no density): the solve is then pure bisection.
  let hasDensity: Bool
  /// An interval outside which the CDF is 0 or 1 to double precision (`Distribution.support`).
  let support: ClosedRange<Double>
  /// The absolute accuracy asked of a root: 1e-15 times the narrowest leaf's scale (σ, b − a, or
  /// the samples' spread).
  let resolution: Double

  /// Flattens `mixture` (nested mixtures multiply their weights). The parameters must be valid.
  init(_ mixture: Distribution) {
    var parts: [(part: Part, weight: Double)] = []
    func flatten(_ d: Distribution, _ weight: Double) {
      switch d {
      case .normal(let m, let s): parts.append((.normal(mean: m, sd: s), weight))
      case .uniform(let a, let b): parts.append((.uniform(lower: a, upper: b), weight))
      case .empirical(let xs): parts.append((.samples(xs.sorted()), weight))
      case .mixture(let components, let w):
        let total = w.reduce(0, +)
        for (c, wc) in zip(components, w) where wc > 0 { flatten(c, weight * wc / total) }
      }
    }
    flatten(mixture, 1)
    self.parts = parts
    hasDensity = parts.allSatisfy { if case .samples = $0.part { false } else { true } }
    support = mixture.support
    let scales = parts.map { part, _ -> Double in
      switch part {
      case .normal(_, let s): return s
      case .uniform(let a, let b): return b - a
      case .samples(let xs):
        let spread = xs[xs.count - 1] - xs[0]
        return spread > 0 ? spread : Swift.max(1, Swift.abs(xs[0]))
      }
    }
    resolution = 1e-15 * (scales.min() ?? 1)
  }

  /// P(X ≤ x), or P(X > x) for the upper tail; each term is accurate relative to itself.
  func tail(_ x: Double, upper: Bool) -> Double {
    var total = 0.0
    for (part, w) in parts {
      let t: Double
      switch part {
      case .normal(let m, let s):
        let z = (x - m) / (s * 2.0.squareRoot())
        t = 0.5 * .erfc(upper ? z : -z)
      case .uniform(let a, let b):
        t = Swift.min(Swift.max(upper ? (b - x) / (b - a) : (x - a) / (b - a), 0), 1)
      case .samples(let xs):
        var (lo, hi) = (0, xs.count)  // first index with xs[i] > x
        while lo < hi {
          let mid = (lo + hi) / 2
          if xs[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        t = Double(upper ? xs.count - lo : lo) / Double(xs.count)
      }
      total += w * t
    }
    return total
  }

  /// The density at x (samples contribute nothing; see `hasDensity`).
  func density(_ x: Double) -> Double {
    var total = 0.0
    for (part, w) in parts {
      switch part {
      case .normal(let m, let s): total += w * StandardNormal.density((x - m) / s) / s
      case .uniform(let a, let b): if x >= a && x <= b { total += w / (b - a) }
      case .samples: break
      }
    }
    return total
  }

  /// The quantile from a tail probability, as `Distribution.quantile(tail:upper:)`: the solve
  /// starts from the support, widened (doubling) until it brackets the root.
  func quantile(tail p: Double, upper: Bool) -> Double {
    guard p > 0 else { return upper ? support.upperBound : support.lowerBound }
    let (lo, hi) = (widened(support.lowerBound, p, upper, by: -1),
                    widened(support.upperBound, p, upper, by: 1))
    return solve(p, upper: upper, from: lo, below: hi)
  }

  /// F⁻¹((i + ½)/n) for i = 0 ..< n, increasing (`Distribution.midpointQuantiles(count:)`). Each
  /// solve starts from the previous quantile, a lower bound of the next, so Newton's method
  /// needs three or four steps.
  func midpoints(count n: Int) -> [Double] {
    guard n > 0 else { return [] }
    let (pLast, upperLast) = Distribution.midpointTail(n - 1, of: n)
    let hi = widened(support.upperBound, pLast, upperLast, by: 1)
    var x = [Double](repeating: 0, count: n)
    let (p0, upper0) = Distribution.midpointTail(0, of: n)
    x[0] = quantile(tail: p0, upper: upper0)
    for i in 1 ..< n {
      let (p, upper) = Distribution.midpointTail(i, of: n)
      x[i] = solve(p, upper: upper, from: x[i - 1], below: Swift.max(hi, x[i - 1]))
    }
    return x
  }

  /// `end` moved outwards (direction −1 or 1) by doubling steps until the quantile is above it
  /// (gap < 0) or below it (gap ≥ 0) respectively; at most 64 moves.
  private func widened(_ end: Double, _ p: Double, _ upper: Bool, by direction: Double) -> Double {
    var (x, width) = (end, Swift.max(support.upperBound - support.lowerBound, 1))
    var moves = 0
    while moves < 64, direction < 0 ? gap(x, p, upper) >= 0 : gap(x, p, upper) < 0 {
      x += direction * width
      width *= 2
      moves += 1
    }
    return x
  }

  /// F(x) − p for the lower tail, p − P(X > x) for the upper: increasing in x either way, and
  /// ≥ 0 exactly from the quantile on.
  @inline(__always)
  private func gap(_ x: Double, _ p: Double, _ upper: Bool) -> Double {
    upper ? p - tail(x, upper: true) : tail(x, upper: false) - p
  }

  /// inf{x ∈ [lo, hi] : gap(x) ≥ 0}, given that the answer is at least lo and gap(hi) ≥ 0.
  // NOTE: Newton steps on the mixture density are taken while they stay in the bracket and at
  // least halve the step before last; otherwise the bracket is bisected (rtsafe). The solve stops
  // when a step is below max(4ε|x|, resolution); a pure bisection (samples, or a flat CDF) returns
  // the upper end of its final bracket, the side where F ≥ p. At most 200 evaluations.
  private func solve(_ p: Double, upper: Bool, from lower: Double, below upperEnd: Double) -> Double {
    var (lo, hi) = (lower, upperEnd)
    var x = lo
    var step = hi - lo
    var previous = step
    for _ in 0 ..< 200 {
      let g = gap(x, p, upper)
      if g < 0 { lo = x } else { hi = x }
      let d = hasDensity ? density(x) : 0
      let newton = x - g / d
      if d > 0, newton >= lo, newton <= hi, Swift.abs(2 * g) <= Swift.abs(previous * d) {
        (previous, step) = (step, g / d)
        x = newton
        if Swift.abs(step) <= tolerance(x) { return x }
      } else {
        (previous, step) = (step, (hi - lo) / 2)
        x = lo + step
        if step <= tolerance(x) { return hi }
      }
    }
    return hi
  }

  @inline(__always)
  private func tolerance(_ x: Double) -> Double {
    Swift.max(4 * Double.ulpOfOne * Swift.abs(x), resolution)
  }
}
