// Evaluating a critic and its slope at many points: f(x) and f'(x) by one forward pass that
// carries the tangent ẋ = 1 alongside the values (forward-mode differentiation), in evaluation
// mode (BatchNorm by its running statistics, folded into the layers; LayerNorm per point). This is an
// evaluator independent of the autodiff tape, used by the ground truth, the plots and the tests.

import DenseMatrix
import RealModule

/// A critic sampled on points: x, f(x) and f'(x).
public struct CriticSamples: Sendable, Equatable {
  /// The points.
  public var x: [Double]
  /// f at each point.
  public var value: [Double]
  /// f' at each point (one-sided for relu nets exactly at a breakpoint: relu'(0) = 0).
  public var slope: [Double]
}

extension MLPCritic {
  /// f(x) at every point. O(points · Σ mn).
  public func values(at points: [Double]) -> [Double] {
    evaluate(at: points, slopes: false).value
  }

  /// f(x) and f'(x) at every point. O(points · Σ mn), about twice `values(at:)`.
  public func evaluate(at points: [Double]) -> CriticSamples {
    evaluate(at: points, slopes: true)
  }

  /// f and f' on `count` equally spaced points from `interval.lowerBound` to `upperBound`.
  /// - Throws: `CriticError.invalidInterval` for a non-finite interval,
  ///   `CriticError.invalidOption` for `count < 2` or more than 10⁶ points.
  public func evaluate(on interval: ClosedRange<Double>, count: Int) throws -> CriticSamples {
    guard interval.lowerBound.isFinite, interval.upperBound.isFinite else {
      throw CriticError.invalidInterval(lower: interval.lowerBound, upper: interval.upperBound)
    }
    guard count >= 2, count <= 1_000_000 else {
      throw CriticError.invalidOption(option: "points", reason: "must be between 2 and 1000000")
    }
    return evaluate(at: grid(interval, count: count), slopes: true)
  }

  private func evaluate(at points: [Double], slopes: Bool) -> CriticSamples {
    let layers = effectiveLayers
    var value = [Double](repeating: 0, count: points.count)
    var slope = [Double](repeating: 0, count: slopes ? points.count : 0)
    let chunk = 1024
    var start = 0
    while start < points.count {
      let n = min(chunk, points.count - start)
      var a = Array(points[start ..< start + n])  // n × width, row-major
      var t = [Double](repeating: 1, count: slopes ? n : 0)
      var width = 1
      for (l, layer) in layers.enumerated() {
        let out = layer.weight.rows
        var h = [Double](repeating: 0, count: n * out)
        var ht = [Double](repeating: 0, count: slopes ? n * out : 0)
        product(a, rows: n, inner: width, layer.weight, into: &h)
        if slopes { product(t, rows: n, inner: width, layer.weight, into: &ht) }
        for i in 0 ..< n { for j in 0 ..< out { h[i * out + j] += layer.bias[j] } }
        if l < layers.count - 1, featureNormalization == .layer {
          let norm = normalizationLayers[l]
          h.withUnsafeMutableBufferPointer { ph in
            ht.withUnsafeMutableBufferPointer { pt in
              for i in 0 ..< n {
                let row = UnsafeMutableBufferPointer(rebasing: ph[i * out ..< (i + 1) * out])
                let tangent = slopes
                  ? UnsafeMutableBufferPointer(rebasing: pt[i * out ..< (i + 1) * out])
                  : UnsafeMutableBufferPointer(rebasing: pt[0 ..< 0])
                norm.layerNorm(row, tangent: tangent)
              }
            }
          }
        }
        if l < layers.count - 1 {
          for k in h.indices {
            let (y, d) = activation.valueAndDerivative(h[k])
            h[k] = y
            if slopes { ht[k] *= d }
          }
        }
        a = h
        t = ht
        width = out
      }
      for i in 0 ..< n { value[start + i] = a[i] }
      if slopes { for i in 0 ..< n { slope[start + i] = t[i] } }
      start += n
    }
    return CriticSamples(x: points, value: value, slope: slope)
  }

  /// y (rows × W.rows) = a (rows × inner) · Wᵀ.
  private func product(_ a: [Double], rows: Int, inner: Int, _ w: Matrix, into y: inout [Double]) {
    a.withUnsafeBufferPointer { pa in
      w.elements.withUnsafeBufferPointer { pw in
        y.withUnsafeMutableBufferPointer { py in
          Critics.product(
            transA: false, transB: true, m: rows, n: w.rows, k: inner,
            pa.baseAddress!, lda: inner, pw.baseAddress!, ldb: inner, accumulate: false,
            py.baseAddress!, ldc: w.rows)
        }
      }
    }
  }
}

/// `count` equally spaced points from lower to upper, both included (the last one exactly).
func grid(_ interval: ClosedRange<Double>, count: Int) -> [Double] {
  let (a, b) = (interval.lowerBound, interval.upperBound)
  let h = (b - a) / Double(count - 1)
  return (0 ..< count).map { $0 == count - 1 ? b : a + Double($0) * h }
}

extension Activation {
  /// φ(h) and φ'(h). NOTE: the derivative at a relu kink (h = 0) is taken as 0, as in PyTorch.
  @inline(__always)
  func valueAndDerivative(_ h: Double) -> (Double, Double) {
    switch self {
    case .relu: return h > 0 ? (h, 1) : (0, 0)
    case .leaky(let s): return h > 0 ? (h, 1) : (s * h, s)
    case .tanh:
      let y = Double.tanh(h)
      return (y, 1 - y * y)
    }
  }
}
