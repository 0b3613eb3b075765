// `svd W histogram=`: the empirical spectral density, its bins recounted here from the Jacobi
// SVD's values by the rule NumPy's histogram states (half-open bins, the last closed), on a
// linear and on a log axis.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct SpectralDensityTests {
  static func values(_ m: Int, _ n: Int, seed: UInt64) throws -> [Double] {
    var rng = RandomSource(seed: seed)
    return try Matrix.randn(m, n, using: &rng).singularValues(method: .jacobi)
  }

  @Test(arguments: [(SpectralDensity.Axis.linear, 12), (.log, 8), (.linear, 1), (.log, 200)])
  func binsHoldWhatTheirEdgesSay(axis: SpectralDensity.Axis, bins: Int) throws {
    let sigma = try Self.values(120, 40, seed: 3)
    let lambda = sigma.map { $0 * $0 }
    let density = SpectralDensity(singularValues: sigma, bins: bins, axis: axis)
    #expect(density.counts.count == bins && density.edges.count == bins + 1)
    #expect(density.counts.reduce(0, +) == 40 && density.zeros == 0)
    let (low, high) = (lambda.min()!, lambda.max()!)
    #expect(abs(density.edges.first! - low) <= 1e-12 * low && abs(density.edges.last! - high) <= 1e-12 * high)
    // Equal widths on the axis.
    let positions = axis == .log ? density.edges.map { Double.log10($0) } : density.edges
    let width = (positions.last! - positions.first!) / Double(bins)
    for k in 0 ..< bins { #expect(abs(positions[k + 1] - positions[k] - width) <= 1e-9 * abs(width)) }
    // Every value counted in the bin whose edges hold it.
    for k in 0 ..< bins {
      let inside = lambda.filter { $0 >= density.edges[k] && ($0 < density.edges[k + 1] || (k == bins - 1 && $0 <= density.edges[k + 1])) }
      #expect(density.counts[k] == inside.count, "bin \(k)")
    }
  }

  @Test func zerosAreCountedApartOnALogAxis() {
    let density = SpectralDensity(singularValues: [3, 1, 0, 0], bins: 2, axis: .log)
    #expect(density.zeros == 2 && density.counts == [1, 1])
    #expect(density.edges.first == 1 && abs(density.edges.last! - 9) < 1e-12)
    let linear = SpectralDensity(singularValues: [3, 1, 0, 0], bins: 3, axis: .linear)
    #expect(linear.zeros == 0 && linear.counts == [3, 0, 1] && linear.edges == [0, 3, 6, 9])
    let equal = SpectralDensity(singularValues: [2, 2], bins: 5, axis: .linear)
    #expect(equal.counts == [2] && equal.edges == [3.5, 4.5])
  }

  @Test func theCommandDrawsTheDensityUnderTheSummary() {
    let nb = TestNotebook()
    nb.run("W = randn(120, 40, seed=3)")
    let out = nb.run("svd W histogram=log bins=6")
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines[0] == "W : 120×40, 40 singular values")
    #expect(lines.contains { $0.hasPrefix("  histogram of λᵢ = σᵢ² (the eigenvalues of WᵀW), 6 bins equal on a log axis") })
    #expect(!lines.contains { $0.hasPrefix("  σ₁  |") })
    #expect(lines.filter { $0.contains(" – ") }.count == 6)
    #expect(nb.run("svd zeros(2, 2) histogram=log").contains("all 2 λᵢ = σᵢ² are 0: nothing to place on a log axis"))
  }
}
