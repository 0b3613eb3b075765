// `svd W histogram=linear|log [bins=N]`: the empirical spectral density of a layer — the
// histogram of the eigenvalues λᵢ = σᵢ² of WᵀW that WeightWatcher-style analyses draw, where a
// trained layer's heavy tail shows on a log axis.

import DenseMatrix
import TermPlot

/// The histogram of λᵢ = σᵢ² in `bins` bins of equal width on a linear or a log₁₀ axis.
struct SpectralDensity: Equatable {
  /// How the bins are spaced.
  enum Axis: String, CaseIterable {
    case linear, log
  }

  /// The bin edges, `bins + 1` of them, increasing.
  var edges: [Double]
  /// How many λ fall in each bin: [edges[k], edges[k+1]), the last bin closed, as NumPy's
  /// `histogram` counts.
  var counts: [Int]
  /// λ = 0 exactly, which a log axis cannot place (counted apart, never binned there).
  var zeros: Int

  /// The density of `values` (singular values σᵢ ≥ 0) on `axis` with `bins` bins. All λ equal
  /// (or one positive λ on a log axis) gives one bin around it. Cost: O(n + bins).
  init(singularValues values: [Double], bins: Int, axis: Axis) {
    let lambdas = values.map { $0 * $0 }
    let placed = axis == .log ? lambdas.filter { $0 > 0 } : lambdas
    zeros = lambdas.count - placed.count
    let map: (Double) -> Double = axis == .log ? { Double.log10($0) } : { $0 }
    let unmap: (Double) -> Double = axis == .log ? { Double.pow(10, $0) } : { $0 }
    guard let low = placed.min().map(map), let high = placed.max().map(map) else {
      edges = []
      counts = []
      return
    }
    let n = low < high ? bins : 1
    let (a, b) = low < high ? (low, high) : (low - 0.5, high + 0.5)
    let width = (b - a) / Double(n)
    edges = (0 ... n).map { k in k == n ? unmap(b) : unmap(a + Double(k) * width) }
    counts = [Int](repeating: 0, count: n)
    for λ in placed {
      // The bin by position on the axis, then moved so that the edges, as printed, decide.
      var k = Swift.min(n - 1, Swift.max(0, Int((map(λ) - a) / width)))
      while k > 0, λ < edges[k] { k -= 1 }
      while k < n - 1, λ >= edges[k + 1] { k += 1 }
      counts[k] += 1
    }
  }

  /// One bar per bin, labelled with its edges, beside a title and a line for zeros.
  func render(format: NumberFormat, width: Int, style: PlotStyle, axis: Axis) -> [String] {
    let total = counts.reduce(0, +) + zeros
    guard !counts.isEmpty else { return ["  all \(total) λᵢ = σᵢ² are 0: nothing to place on a log axis"] }
    var lines = wrappedLine(
      "histogram of λᵢ = σᵢ² (the eigenvalues of WᵀW), \(counts.count) bin\(counts.count == 1 ? "" : "s") "
        + (axis == .log ? "equal on a log axis" : "of equal width") + ", \(total) values:",
      at: " ", width: width, indent: "  ", hang: 2)
    let bars = counts.indices.map { k in
      Bar("\(format.string(edges[k])) – \(format.string(edges[k + 1]))", Double(counts[k]), text: String(counts[k]))
    }
    lines += BarChart(bars: bars, width: width - 2, style: style).render().map { "  " + $0 }
    if zeros > 0 { lines.append("  and \(zeros) λ = 0, which a log axis cannot place") }
    return lines
  }
}
