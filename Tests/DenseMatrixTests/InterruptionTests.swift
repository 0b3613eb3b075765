// Long dense computations stop when `Interruption.isRequested` says so, and only then.

import Testing

@testable import DenseMatrix

@Suite struct InterruptionTests {
  /// Runs `body` with an interruption requested after `polls` checks.
  func interrupted<T>(after polls: Int, _ body: () throws -> T) throws -> T {
    let counter = Counter(polls)
    return try Interruption.withCheck({ counter.poll() }) { try body() }
  }

  @Test func svdProductsAndOrthogonalFactorsStopWhenAsked() throws {
    let w = try gaussian(120, 80, seed: 1)
    for polls in [0, 5] {
      #expect(throws: MatrixError.interrupted) { try interrupted(after: polls) { try w.svd() } }
      #expect(throws: MatrixError.interrupted) { try interrupted(after: polls) { try w.singularValues() } }
      var rng = RandomSource(seed: 2)
      #expect(throws: MatrixError.interrupted) { try interrupted(after: polls) { try Matrix.orth(60, using: &rng) } }
      #expect(throws: MatrixError.interrupted) {
        try interrupted(after: polls) { try Matrix.spectrum(60, 40, singularValues: [1, 0.5], using: &rng) }
      }
    }
    // A product polls between panels of rows: one panel here, so only a request before it stops it.
    #expect(throws: MatrixError.interrupted) { try interrupted(after: 0) { try w.transposed() * w } }
    // Without a request the same calls give the same results as always.
    let reference = try w.svd()
    let unrequested = try interrupted(after: Int.max) { try w.svd() }
    #expect(unrequested.singularValues == reference.singularValues)
  }

  @Test func aPanelledProductEqualsTheProductInOneGo() throws {
    let a = try gaussian(37, 29, seed: 3), b = try gaussian(29, 23, seed: 4)
    let whole = try Matrix.product(a, b, panelRows: 37)
    for panel in [1, 5, 8, 36] { #expect(try Matrix.product(a, b, panelRows: panel) == whole) }
    #expect(try a * b == whole)
    // Panel by panel, a request between panels stops the product.
    #expect(throws: MatrixError.interrupted) { try interrupted(after: 3) { try Matrix.product(a, b, panelRows: 5) } }
  }
}

/// A flag that turns true after a number of polls.
private final class Counter: @unchecked Sendable {
  private var remaining: Int
  init(_ polls: Int) { remaining = polls }
  func poll() -> Bool {
    if remaining == 0 { return true }
    remaining -= 1
    return false
  }
}
