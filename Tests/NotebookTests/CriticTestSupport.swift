// Helpers for the critic command tests: a direct forward pass of a critic written out with plain
// loops (independent of the Critics target's evaluator), dense finite-difference slopes, reference
// norms, and reading a trained critic back from a session.

import Critics
import DenseMatrix
import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reference computations for critics.
enum CriticReference {
  /// f(x) by a plain forward pass over the applied layers (W/σ for an SN critic).
  static func value(_ critic: MLPCritic, _ x: Double) -> Double {
    var a = [x]
    let layers = critic.effectiveLayers
    for (l, layer) in layers.enumerated() {
      var h = layer.bias
      for i in 0 ..< layer.weight.rows {
        for j in 0 ..< layer.weight.columns { h[i] += layer.weight[i, j] * a[j] }
      }
      if l < layers.count - 1 {
        h = h.map { v in
          switch critic.activation {
          case .relu: max(v, 0)
          case .leaky(let s): v > 0 ? v : s * v
          case .tanh: tanh(v)
          }
        }
      }
      a = h
    }
    return a[0]
  }

  /// max |f(x_{i+1}) − f(x_i)| / h over `count` equally spaced points of `interval`.
  static func gridSlope(_ critic: MLPCritic, on interval: ClosedRange<Double>, count: Int) -> Double {
    let h = (interval.upperBound - interval.lowerBound) / Double(count - 1)
    var previous = value(critic, interval.lowerBound)
    var best = 0.0
    for k in 1 ..< count {
      let next = value(critic, interval.lowerBound + Double(k) * h)
      best = max(best, abs(next - previous) / h)
      previous = next
    }
    return best
  }

  /// ‖W‖₂ by 2000 steps of power iteration on WᵀW from a fixed start (plain loops).
  static func spectralNorm(_ w: Matrix) -> Double {
    var v = (0 ..< w.columns).map { 1 + 0.1 * Double($0 % 7) }
    var sigma = 0.0
    for _ in 0 ..< 2000 {
      let wv = Reference.times(w, v)
      let z = Reference.transposeTimes(w, wv)
      let norm = z.reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 0 else { return 0 }
      v = z.map { $0 / norm }
      sigma = Reference.times(w, v).reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
    return sigma
  }

  static func frobeniusNorm(_ w: Matrix) -> Double { w.elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  static func mean(_ critic: MLPCritic, _ xs: [Double]) -> Double {
    xs.reduce(0) { $0 + value(critic, $1) } / Double(xs.count)
  }
}

extension TestNotebook {
  /// The critic held in variable `name`.
  func critic(_ name: String) -> CriticValue? {
    guard case .object(let object) = session.value(of: name) else { return nil }
    return object as? CriticValue
  }
}

/// The number in the second cell of the first table row labelled `label` (the table comes
/// before any bar chart repeating the labels).
func number(_ label: String, in output: String) -> Double? {
  firstRow(label, in: output).flatMap { $0.count > 1 ? Double($0[1]) : nil }
}

/// The cells of the first table row of `output` whose first cell is `label`.
func firstRow(_ label: String, in output: String) -> [String]? {
  output.split(separator: "\n").map(cells).first { $0.first == label }
}

/// A flag that turns true after `checks` polls: a Ctrl-C pressed in the middle of a computation.
final class InterruptAfter: @unchecked Sendable {
  private var remaining: Int
  init(checks: Int) { remaining = checks }
  func poll() -> Bool {
    remaining -= 1
    return remaining < 0
  }
}
