// The mathematical functions applied entry by entry (`sqrt(W)`, `exp(-x)`), in one table so that
// matrices and, later, tensors apply the same list with the same rules. Values follow IEEE and
// the C library: log(0) = −∞, exp(1000) = +∞; an argument outside the real domain (sqrt(−1),
// log(−1)) gives NaN here, which the notebook reports as an error.

import RealModule

/// A real function of one variable, applied to every entry.
public enum ElementwiseFunction: String, Sendable, CaseIterable {
  case abs, sqrt, exp, log, sin, cos, tanh

  /// f(x).
  @inlinable
  public func callAsFunction(_ x: Double) -> Double {
    switch self {
    case .abs: return Swift.abs(x)
    case .sqrt: return x.squareRoot()
    case .exp: return Double.exp(x)
    case .log: return Double.log(x)
    case .sin: return Double.sin(x)
    case .cos: return Double.cos(x)
    case .tanh: return Double.tanh(x)
    }
  }

  /// What the function computes, for help: `√x`, `the natural logarithm ln x`.
  public var summary: String {
    switch self {
    case .abs: return "the absolute value |x|"
    case .sqrt: return "the square root √x (x ≥ 0)"
    case .exp: return "the exponential eˣ"
    case .log: return "the natural logarithm ln x (x ≥ 0; log(0) = -Inf)"
    case .sin: return "the sine (radians)"
    case .cos: return "the cosine (radians)"
    case .tanh: return "the hyperbolic tangent"
    }
  }

  /// The arguments with a real value, for messages (`x ≥ 0`), or nil for every real x.
  public var domain: String? {
    switch self {
    case .sqrt, .log: return "x ≥ 0"
    default: return nil
    }
  }
}

extension Matrix {
  /// `f` applied to every entry, polling `Interruption` between chunks. O(mn).
  /// - Throws: `interrupted`, returning nothing.
  public func applying(_ f: ElementwiseFunction) throws -> Matrix {
    try mappedInChunks { f($0) }
  }
}
