// The FFT against the direct O(n²) DFT, for powers of two (radix-2, with and without the
// eight-wide butterflies) and other lengths (Bluestein), and inverse ∘ forward = identity.

import DenseMatrix
import Foundation
import Testing

@Suite struct FFTTests {
  /// X_k = Σ_j x_j e^{−2πi jk/n}, summed directly with exact angles (jk mod n).
  static func directDFT(_ xr: [Double], _ xi: [Double]) -> ([Double], [Double]) {
    let n = xr.count
    var yr = [Double](repeating: 0, count: n), yi = yr
    for k in 0 ..< n {
      for j in 0 ..< n {
        let angle = -2 * Double.pi * Double((j * k) % n) / Double(n)
        yr[k] += xr[j] * cos(angle) - xi[j] * sin(angle)
        yi[k] += xr[j] * sin(angle) + xi[j] * cos(angle)
      }
    }
    return (yr, yi)
  }

  static func random(_ n: Int, seed: UInt64) -> ([Double], [Double]) {
    var random = RandomSource(seed: seed)
    return ((0 ..< n).map { _ in random.normal() }, (0 ..< n).map { _ in random.normal() })
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 17, 31, 32, 45, 64, 100, 127, 128, 243])
  func matchesDirectDFT(n: Int) throws {
    let (xr, xi) = Self.random(n, seed: UInt64(n))
    let (er, ei) = Self.directDFT(xr, xi)
    var (yr, yi) = (xr, xi)
    try FFT(count: n).forward(real: &yr, imaginary: &yi)
    let scale = sqrt(Double(n)) * (xr.map { $0 * $0 }.reduce(0, +) + xi.map { $0 * $0 }.reduce(0, +)).squareRoot()
    var worst = 0.0
    for k in 0 ..< n { worst = max(worst, abs(yr[k] - er[k]), abs(yi[k] - ei[k])) }
    #expect(worst <= 1e-13 * scale, "n=\(n): largest difference \(worst)")
  }

  @Test(arguments: [1, 8, 10, 64, 99])
  func inverseUndoesForward(n: Int) throws {
    let (xr, xi) = Self.random(n, seed: 7)
    var (yr, yi) = (xr, xi)
    let fft = try FFT(count: n)
    fft.forward(real: &yr, imaginary: &yi)
    fft.inverse(real: &yr, imaginary: &yi)
    for k in 0 ..< n {
      #expect(abs(yr[k] - xr[k]) <= 1e-13 && abs(yi[k] - xi[k]) <= 1e-13)
    }
  }

  @Test func refusesBadLengths() {
    #expect(throws: MatrixError.self) { try FFT(count: 0) }
    #expect(throws: MatrixError.self) { try FFT(count: (1 << 28) + 1) }
  }
}
