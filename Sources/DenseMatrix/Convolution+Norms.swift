// Every norm liplab reports for a convolution, side by side: the reshaped kernel's σ₁ (what
// spectral normalisation divides by), the tap bound sqrt(k)·σ₁(reshaped), the operator norm
// itself (exact through the Fourier blocks for circular padding and stride 1, else Lanczos on the
// operator applied matrix-free), and a certified ceiling from Gram iteration.
//
// Why the bounds hold (stride 1, n ≥ k per axis): Â_f = R·(ω_f ⊗ I) with R the reshaped kernel
// and ω_f a vector of k unit-modulus phases, so σ₁(Â_f) ≤ sqrt(k)·‖R‖; and by Parseval
// (1/N^d) Σ_f Â_f Â_fᴴ = R Rᵀ, so max_f σ₁(Â_f)² ≥ ‖R Rᵀ‖ = ‖R‖². A zero-padded convolution on n
// is the circular one on N = n + k − 1 restricted to inputs that vanish past n and to the first
// n outputs, and a stride keeps a subset of the outputs: both can only lower the norm, so the
// circular stride-1 norm on N (on n for circular padding) and its Gram bounds are ceilings.

/// The norms of one convolution, from `Convolution.norms`.
public struct ConvolutionNorms: Sendable, Equatable {
  /// σ₁ of the kernel reshaped to c_out × (c_in·k…).
  public let reshaped: Double
  /// sqrt(k)·`reshaped`, k the number of taps: an upper bound on ‖C‖₂.
  public let tapBound: Double
  /// ‖C‖₂: exact to rounding when `lanczos` is nil, else the Lanczos estimate (never above
  /// the true norm, up to rounding).
  public let norm: Double
  /// The Lanczos run behind `norm` for zero padding or a stride above 1.
  public let lanczos: OperatorLanczos.Result?
  /// The circular stride-1 size whose exact norm and Gram bounds give `ceiling`: n for circular
  /// padding, n + k − 1 for zero padding.
  public let ceilingSize: Int
  /// The exact circular stride-1 norm on `ceilingSize`: an upper bound on ‖C‖₂ (equal to it for
  /// circular padding with stride 1).
  public let ceiling: Double
  /// Gram iteration's bounds on `ceiling` after 0, 1, … iterations, decreasing.
  public let gramBounds: [Double]
}

extension Convolution {
  /// All of `ConvolutionNorms` for this convolution.
  ///
  /// Cost: one `circularSpectrum` (on n, or on n + k − 1 for zero padding); for zero padding
  /// or a stride above 1 also up to `maxIterations` Lanczos steps of two matrix-free products
  /// each (c_out·c_in·k·⌈n/s⌉^d multiply-adds apiece), memory (steps + 1)(m + n).
  /// - Throws: as `circularSpectrum` and `OperatorLanczos.largestSingularValue`.
  public func norms(
    gramIterations: Int = 6, tolerance: Double = 1e-12, maxIterations: Int = 200,
    limit: Int = Matrix.defaultElementLimit
  ) throws -> ConvolutionNorms {
    let reshaped = try reshapedKernel.spectralNorm()
    let exact = padding == .circular && stride == 1
    let ceilingSize = padding == .circular ? size : size + (kernelSize.max() ?? 1) - 1
    let spectrum = try circularSpectrum(size: ceilingSize, gramIterations: gramIterations, limit: limit)
    var lanczos: OperatorLanczos.Result?
    if !exact {
      let run = try OperatorLanczos(rows: outputCount, columns: inputCount).largestSingularValue(
        tolerance: tolerance, maxIterations: maxIterations, limit: limit,
        apply: { x, y in self.apply(x, into: y) },
        applyTransposed: { y, x in self.applyTransposed(y, into: x) })
      lanczos = run
    }
    return ConvolutionNorms(
      reshaped: reshaped, tapBound: Double(taps).squareRoot() * reshaped,
      norm: lanczos?.sigma ?? spectrum.norm, lanczos: lanczos, ceilingSize: ceilingSize,
      ceiling: spectrum.norm, gramBounds: spectrum.gramBounds)
  }
}
