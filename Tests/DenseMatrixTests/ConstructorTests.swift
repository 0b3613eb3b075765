// Constructors: closed-form contents, reproducibility from a seed, orthogonality, prescribed
// spectra and the size cap (refused before anything is allocated).

import Testing
import DenseMatrix

@Suite struct ConstructorTests {
  @Test func closedForms() throws {
    #expect(try Matrix.zeros(2, 3).elements == [0, 0, 0, 0, 0, 0])
    #expect(try Matrix.ones(1, 2).elements == [1, 1])
    #expect(try Matrix.eye(3) == Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    #expect(Matrix.diag([2, -1]) == (try Matrix([[2, 0], [0, -1]])))
    #expect(try Matrix.diag([2, -1], limit: 4) == Matrix.diag([2, -1]))
    #expect(try Matrix.hilbert(2) == Matrix([[1, 0.5], [0.5, 1.0 / 3]]))
    #expect(try Matrix.linspace(0, 1, count: 5).elements == [0, 0.25, 0.5, 0.75, 1])
    #expect(try Matrix.linspace(0, 1, count: 5).shape == Shape(5, 1))
    #expect(try Matrix.linspace(2, 3, count: 1).elements == [2])
    #expect(try Matrix.linspace(0.1, 0.7, count: 7).elements.last == 0.7)
  }

  @Test func randomConstructorsAreReproducible() throws {
    var a = RandomSource(seed: 11)
    var b = RandomSource(seed: 11)
    #expect(try Matrix.randn(4, 5, using: &a) == Matrix.randn(4, 5, using: &b))
    #expect(try Matrix.rand(4, 5, using: &a) == Matrix.rand(4, 5, using: &b))
    #expect(try Matrix.orth(6, using: &a) == Matrix.orth(6, using: &b))
    // Filled row by row from the documented stream.
    var c = RandomSource(seed: 0)
    var d = RandomSource(seed: 0)
    let r = try Matrix.rand(2, 2, using: &c)
    #expect(r.elements == (0 ..< 4).map { _ in d.uniform() })
    #expect(r.elements[0] == 0.6012629994179048)
  }

  @Test(arguments: [1, 2, 5, 20])
  func orthIsOrthogonal(n: Int) throws {
    var rng = RandomSource(seed: UInt64(n))
    let q = try Matrix.orth(n, using: &rng)
    #expect(orthogonalityDefect(q) < 1e-13)
    #expect(orthogonalityDefect(q.transposed()) < 1e-13)
  }

  @Test func orthIsSignFixedQR() throws {
    // Rᵀ = QᵀG must be upper triangular with a positive diagonal for the same Gaussian draw.
    var rng = RandomSource(seed: 4)
    var same = RandomSource(seed: 4)
    let q = try Matrix.orth(5, using: &rng)
    let g = try Matrix.randn(5, 5, using: &same)
    let r = naiveProduct(q.transposed(), g)
    for i in 0 ..< 5 {
      #expect(r[i, i] > 0)
      for j in 0 ..< i { #expect(abs(r[i, j]) < 1e-12) }
    }
  }

  @Test func spectrumValidatesItsValues() throws {
    var rng = RandomSource(seed: 0)
    #expect(throws: MatrixError.self) { try Matrix.spectrum(3, 2, singularValues: [1, 2, 3], using: &rng) }
    #expect(throws: MatrixError.self) { try Matrix.spectrum(3, 2, singularValues: [1, -1], using: &rng) }
    #expect(throws: MatrixError.self) { try Matrix.spectrum(3, 2, singularValues: [.nan], using: &rng) }
    let w = try Matrix.spectrum(4, 3, singularValues: [2], using: &rng)
    #expect(w.shape == Shape(4, 3))
  }

  @Test func sizeCapRefusesBeforeAllocating() throws {
    var rng = RandomSource(seed: 0)
    let huge = 1 << 40
    #expect(throws: MatrixError.tooLarge(rows: huge, columns: huge, limit: Matrix.defaultElementLimit)) {
      try Matrix.zeros(huge, huge)
    }
    #expect(throws: MatrixError.tooLarge(rows: Int.max, columns: 2, limit: Matrix.defaultElementLimit)) {
      try Matrix.ones(Int.max, 2)
    }
    #expect(throws: MatrixError.tooLarge(rows: 11, columns: 11, limit: 100)) { try Matrix.eye(11, limit: 100) }
    #expect(throws: MatrixError.tooLarge(rows: 3, columns: 3, limit: 8)) { try Matrix.diag([1, 2, 3], limit: 8) }
    #expect(throws: MatrixError.self) { try Matrix.randn(huge, 3, using: &rng) }
    #expect(throws: MatrixError.self) { try Matrix.rand(huge, 3, using: &rng) }
    #expect(throws: MatrixError.self) { try Matrix.orth(huge, using: &rng) }
    #expect(throws: MatrixError.self) { try Matrix.hilbert(huge) }
    #expect(throws: MatrixError.self) { try Matrix.spectrum(huge, huge, singularValues: [1], using: &rng) }
    #expect(throws: MatrixError.self) { try Matrix.linspace(0, 1, count: huge) }
    #expect(throws: MatrixError.self) { try Matrix.zeros(-1, 2) }
    #expect(throws: MatrixError.self) { try Matrix.linspace(0, .infinity, count: 3) }
  }

  // Error messages show numbers as liplab prints them, not as Swift describes them.
  @Test func messagesShowNumbersAsLiplabPrintsThem() throws {
    let cases: [(Double, String)] = [
      (3, "3"), (-1, "-1"), (0.5, "0.5"), (-0.25, "-0.25"), (1e20, "1e+20"), (1e-5, "1e-05"),
      (.infinity, "Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
    ]
    for (x, text) in cases { #expect(x.messageText == text) }
    #expect(throws: MatrixError.invalidArgument("linspace needs finite ends, got 0 and Inf")) {
      try Matrix.linspace(0, .infinity, count: 3)
    }
  }
}
