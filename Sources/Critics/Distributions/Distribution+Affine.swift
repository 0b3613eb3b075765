// The image of a distribution under x ↦ a·x + b (a > 0): where a trained generator has moved the
// fake distribution. Normals stay normal and uniforms uniform, so the exact W₁ keeps its closed
// forms.

extension Distribution {
  /// The distribution of a·X + b for X ~ self and a scale a > 0.
  ///
  /// normal(μ, σ) ↦ normal(aμ + b, aσ), uniform(l, u) ↦ uniform(al + b, au + b), a mixture maps
  /// its components (same weights), samples map one by one. O(1), O(n) for samples.
  /// The result may fail `validate()` when a is so small that σ or u − l underflows to 0.
  public func affine(scale a: Double, shift b: Double) -> Distribution {
    switch self {
    case .normal(let m, let s): .normal(mean: a * m + b, sd: a * s)
    case .uniform(let l, let u): .uniform(lower: a * l + b, upper: a * u + b)
    case .mixture(let parts, let w): .mixture(parts.map { $0.affine(scale: a, shift: b) }, weights: w)
    case .empirical(let xs): .empirical(xs.map { a * $0 + b })
    }
  }
}
