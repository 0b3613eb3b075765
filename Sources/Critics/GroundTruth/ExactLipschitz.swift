// The Lipschitz constant of a 1-D critic, exactly for ReLU/LeakyReLU nets (MATH.md §7) and as
// a labelled fine-grid estimate for tanh, side by side with a grid estimate and the layer-wise
// bounds Π‖W_l‖₂ and Π‖W_l‖F.
//
// A ReLU/LeakyReLU MLP on the line is piecewise linear. Layer by layer, on each current piece
// every unit's pre-activation is affine in x, so its zero is solved in closed form; splitting the
// pieces at those zeros fixes every unit's activation pattern on each sub-piece. The constant on
// an interval is the largest |slope| over the final pieces.

import DenseMatrix
import RealModule

/// A piecewise-linear function of x: on [breakpoints[k], breakpoints[k+1]] it is
/// slopes[k]·x + intercepts[k].
public struct PiecewiseLinear: Sendable, Equatable {
  /// The piece boundaries, increasing, the interval's ends included.
  public let breakpoints: [Double]
  /// The slope on each piece (`breakpoints.count − 1` entries).
  public let slopes: [Double]
  /// The intercept on each piece.
  public let intercepts: [Double]

  /// The maximal intervals on which |slope| > `threshold` (adjacent steep pieces merged), e.g.
  /// where a critic is steeper than 1. O(pieces).
  public func steepIntervals(above threshold: Double = 1) -> [ClosedRange<Double>] {
    var result: [ClosedRange<Double>] = []
    for k in slopes.indices where abs(slopes[k]) > threshold {
      let (a, b) = (breakpoints[k], breakpoints[k + 1])
      if let last = result.last, last.upperBound == a {
        result[result.count - 1] = last.lowerBound ... b
      } else {
        result.append(a ... b)
      }
    }
    return result
  }
}

/// The Lipschitz constant of a critic on an interval, with the estimates and bounds around it.
public struct LipschitzReport: Sendable, Equatable {
  /// The interval the constant is taken over.
  public let interval: ClosedRange<Double>
  /// sup |f'| on the interval: exact for relu/leaky nets (BatchNorm in evaluation mode
  /// included), a fine-grid estimate (a lower bound) for tanh and LayerNorm critics.
  public let value: Double
  /// True when `value` is exact (piecewise-linear activations).
  public let isExact: Bool
  /// A point where |f'| reaches `value` (the middle of the steepest piece, or the grid point).
  public let attainedAt: Double
  /// Number of linear pieces on the interval (nil for tanh).
  public let pieceCount: Int?
  /// max |f(x_{i+1}) − f(x_i)| / h over a uniform grid of `gridPoints` points (≤ the true value).
  public let gridEstimate: Double
  /// Number of grid points behind `gridEstimate`.
  public let gridPoints: Int
  /// Π ‖W_l‖₂ · Lip(φ)^{L−1} over the applied weights (an upper bound); for a LayerNorm critic
  /// also × Π max|γ_l|/sqrt(ε), LayerNorm's own worst case.
  public let spectralBound: Double
  /// Π ‖W_l‖F · Lip(φ)^{L−1} (a looser upper bound).
  public let frobeniusBound: Double
}

/// The exact Lipschitz constant of 1-D critics.
public enum ExactLipschitz {
  /// The Lipschitz report of `critic` on `interval`.
  ///
  /// Cost: the breakpoint sweep is O(pieces · Σ mn) with pieces ≤ 1 + Σ widths; the grid estimate
  /// is `gridPoints` evaluations; a tanh critic's estimate is max |f'| over `finePoints` points.
  /// - Throws: `CriticError.invalidInterval` for a non-finite or empty interval,
  ///   `CriticError.invalidOption` for `gridPoints` or `finePoints` outside 2…10⁶.
  public static func of(
    _ critic: MLPCritic, on interval: ClosedRange<Double>, gridPoints: Int = 2001,
    finePoints: Int = 100_001
  ) throws -> LipschitzReport {
    let (a, b) = (interval.lowerBound, interval.upperBound)
    guard a.isFinite, b.isFinite, a < b else {
      throw CriticError.invalidInterval(lower: a, upper: b)
    }
    let samples = try critic.evaluate(on: interval, count: gridPoints)
    var gridEstimate = 0.0
    for k in 0 ..< gridPoints - 1 {
      let q = abs(samples.value[k + 1] - samples.value[k]) / (samples.x[k + 1] - samples.x[k])
      gridEstimate = max(gridEstimate, q)
    }
    let layers = critic.effectiveLayers
    let actLip = critic.activation.lipschitzConstant
    let hiddenFactor = Double.pow(actLip, Double(layers.count - 1))
    // NOTE: the judgement of a run always completes, also after Ctrl-C stopped the training
    // (the layers are at most `MLPCritic.parameterLimit` entries: milliseconds of Lanczos).
    var spectral = hiddenFactor
    for layer in layers {
      guard layer.weight.isFinite else {
        spectral = .nan
        break
      }
      spectral *= try Interruption.withCheck({ false }) { try layer.weight.spectralNorm() }
    }
    var frobenius = layers.reduce(hiddenFactor) { $0 * $1.weight.frobeniusNorm }
    if critic.featureNormalization == .layer {
      // LayerNorm is not in the layers: each one multiplies the bounds by its own worst case.
      let factor = critic.normalizationLayers.reduce(1) { $0 * $1.layerNormBound }
      spectral *= factor
      frobenius *= factor
    }

    let value: Double, at: Double, pieceCount: Int?
    if critic.isPiecewiseLinear {
      let f = try pieces(of: critic, on: interval)!
      var best = 0
      for k in f.slopes.indices where abs(f.slopes[k]) > abs(f.slopes[best]) { best = k }
      value = abs(f.slopes[best])
      at = (f.breakpoints[best] + f.breakpoints[best + 1]) / 2
      pieceCount = f.slopes.count
    } else {
      let fine = try critic.evaluate(on: interval, count: finePoints)
      var best = 0
      for k in fine.slope.indices where abs(fine.slope[k]) > abs(fine.slope[best]) { best = k }
      value = abs(fine.slope[best])
      at = fine.x[best]
      pieceCount = nil
    }
    return LipschitzReport(
      interval: interval, value: value, isExact: critic.isPiecewiseLinear,
      attainedAt: at, pieceCount: pieceCount, gridEstimate: gridEstimate, gridPoints: gridPoints,
      spectralBound: spectral, frobeniusBound: frobenius)
  }

  /// The exact piecewise-linear form of a relu/leaky critic on a finite interval, or nil for a
  /// tanh critic (which is not piecewise linear). O(pieces · Σ mn).
  /// - Throws: `CriticError.invalidInterval` for a non-finite interval.
  public static func pieces(
    of critic: MLPCritic, on interval: ClosedRange<Double>
  ) throws -> PiecewiseLinear? {
    guard interval.lowerBound.isFinite, interval.upperBound.isFinite else {
      throw CriticError.invalidInterval(lower: interval.lowerBound, upper: interval.upperBound)
    }
    guard critic.isPiecewiseLinear else { return nil }
    let layers = critic.effectiveLayers
    // Each piece: [lo, hi] and the activations a(x) = s·x + c (vectors of the layer's width).
    var lo = [interval.lowerBound], hi = [interval.upperBound]
    var s: [[Double]] = [[1]], c: [[Double]] = [[0]]
    for (l, layer) in layers.enumerated() {
      let w = layer.weight
      var nlo: [Double] = [], nhi: [Double] = [], ns: [[Double]] = [], nc: [[Double]] = []
      for p in lo.indices {
        var hs = [Double](repeating: 0, count: w.rows), hc = layer.bias
        for i in 0 ..< w.rows {
          for j in 0 ..< w.columns {
            hs[i] += w[i, j] * s[p][j]
            hc[i] += w[i, j] * c[p][j]
          }
        }
        if l == layers.count - 1 {
          nlo.append(lo[p]); nhi.append(hi[p]); ns.append(hs); nc.append(hc)
          continue
        }
        // Zeros of the affine pre-activations strictly inside the piece split it.
        var cuts = [lo[p]]
        for i in 0 ..< w.rows where hs[i] != 0 {
          let z = -hc[i] / hs[i]
          if z > lo[p], z < hi[p] { cuts.append(z) }
        }
        cuts.sort()
        cuts.append(hi[p])
        for k in 0 ..< cuts.count - 1 where cuts[k + 1] > cuts[k] || cuts.count == 2 {
          let mid = (cuts[k] + cuts[k + 1]) / 2
          var ps = hs, pc = hc
          for i in 0 ..< w.rows {
            let factor = activationFactor(critic.activation, hs[i] * mid + hc[i])
            ps[i] *= factor
            pc[i] *= factor
          }
          nlo.append(cuts[k]); nhi.append(cuts[k + 1]); ns.append(ps); nc.append(pc)
        }
      }
      (lo, hi, s, c) = (nlo, nhi, ns, nc)
    }
    return PiecewiseLinear(
      breakpoints: lo + [hi.last!], slopes: s.map { $0[0] }, intercepts: c.map { $0[0] })
  }

  /// The factor a piecewise-linear activation applies on the side of 0 where h lies.
  // NOTE: the pattern is read at the middle of each sub-piece, never at a breakpoint, so the
  // convention at h = 0 does not matter.
  private static func activationFactor(_ act: Activation, _ h: Double) -> Double {
    switch act {
    case .relu: h > 0 ? 1 : 0
    case .leaky(let slope): h > 0 ? 1 : slope
    case .tanh: 1
    }
  }
}
