// Helpers for plain `[Double]` vectors: the Euclidean norm, the dot product and normalisation.
//
// Vectors in liplab are ordinary arrays; these functions are the few operations every algorithm
// in the core (power iteration, spectral normalization, Lanczos) needs on them.

/// Namespace for operations on `[Double]` vectors.
public enum Vector {
  /// The Euclidean norm ‖x‖ = sqrt(Σ xᵢ²), safe from overflow and underflow.
  ///
  /// O(n); a second scaled pass runs only when the plain sum of squares overflows or underflows.
  /// NaN in `x` gives NaN; ±∞ gives +∞.
  @inlinable
  public static func norm(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { norm($0.baseAddress, count: $0.count) }
  }

  /// The Euclidean norm of `count` entries starting at `x` (see `norm(_:)`); `Kernels.norm`.
  @inlinable
  public static func norm(_ x: UnsafePointer<Double>?, count: Int) -> Double {
    guard let x, count > 0 else { return 0 }
    return Kernels.norm(x, count: count)
  }

  /// The dot product Σ xᵢyᵢ over the common length of `x` and `y`. O(n).
  @inlinable
  public static func dot(_ x: [Double], _ y: [Double]) -> Double {
    let n = Swift.min(x.count, y.count)
    guard n > 0 else { return 0 }
    return x.withUnsafeBufferPointer { xp in
      y.withUnsafeBufferPointer { yp in Kernels.dot(xp.baseAddress!, yp.baseAddress!, count: n) }
    }
  }

  /// `x / max(‖x‖, epsilon)`, the convention of PyTorch's `torch.nn.functional.normalize`.
  ///
  /// A zero vector stays zero, also for `epsilon = 0` (no division by zero). O(n).
  @inlinable
  public static func normalized(_ x: [Double], epsilon: Double = 1e-12) -> [Double] {
    let d = Swift.max(norm(x), epsilon)
    guard d > 0 else { return x }
    return x.map { $0 / d }
  }
}
