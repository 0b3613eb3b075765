// Helpers for the matrix command tests: run a command at 17 significant digits, read its table
// cells back as numbers, and independent reference computations written out by hand.

import DenseMatrix
import Testing

@testable import Notebook

/// A notebook printing 17 significant digits, so printed numbers read back exactly, on a width
/// that fits every table.
func preciseNotebook() -> TestNotebook {
  var settings = Settings()
  settings.digits = 17
  settings.width = 200
  return TestNotebook(settings: settings)
}

/// The cells of a table line: the text split at runs of two or more spaces.
func cells(_ line: Substring) -> [String] {
  var result: [String] = []
  var current = ""
  var spaces = 0
  for c in line.drop(while: { $0 == " " }) {
    if c == " " {
      spaces += 1
      continue
    }
    if spaces >= 2, !current.isEmpty {
      result.append(current)
      current = ""
    } else if spaces == 1 {
      current += " "
    }
    spaces = 0
    current.append(c)
  }
  if !current.isEmpty { result.append(current) }
  return result
}

/// The last table row of `output` whose first cell is `label`.
func row(_ label: String, in output: String) -> [String]? {
  output.split(separator: "\n").map(cells).last { $0.first == label }
}

/// True when `a` and `b` agree to `relative` tolerance (or both are below `absolute`).
func close(_ a: Double?, _ b: Double, relative: Double = 1e-12, absolute: Double = 1e-300) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// Reference arithmetic, written out with plain loops (independent of DenseMatrix's kernels).
enum Reference {
  static func times(_ w: Matrix, _ v: [Double]) -> [Double] {
    (0 ..< w.rows).map { i in (0 ..< w.columns).reduce(0) { $0 + w[i, $1] * v[$1] } }
  }

  static func transposeTimes(_ w: Matrix, _ u: [Double]) -> [Double] {
    (0 ..< w.columns).map { j in (0 ..< w.rows).reduce(0) { $0 + w[$1, j] * u[$1] } }
  }

  static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  static func normalized(_ x: [Double], epsilon: Double = 0) -> [Double] {
    let n = max(norm(x), epsilon)
    return x.map { $0 / n }
  }

  static func frobenius(_ w: Matrix) -> Double { norm(w.elements) }

  static func norm1(_ w: Matrix) -> Double {
    (0 ..< w.columns).map { j in (0 ..< w.rows).reduce(0) { $0 + abs(w[$1, j]) } }.max() ?? 0
  }

  static func normInf(_ w: Matrix) -> Double {
    (0 ..< w.rows).map { i in (0 ..< w.columns).reduce(0) { $0 + abs(w[i, $1]) } }.max() ?? 0
  }

  /// σ₁ by 3000 steps of power iteration on WᵀW from a fixed generic start (for matrices with
  /// a clear gap, this is exact to rounding).
  static func sigma1(_ w: Matrix) -> Double {
    let start: [Double] = (0 ..< w.columns).map { j in
      let a = 0.37 * Double(j % 5)
      let b = 0.11 * Double(j)
      return 1 + a - b
    }
    var v = Reference.normalized(start)
    for _ in 0 ..< 3000 { v = normalized(transposeTimes(w, times(w, v))) }
    return norm(times(w, v))
  }
}
