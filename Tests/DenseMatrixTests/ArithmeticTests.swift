// Arithmetic against plain-loop references, and the typed shape errors naming both shapes.

import Testing
import DenseMatrix

@Suite struct ArithmeticTests {
  @Test func sumDifferenceScalarAndNegation() throws {
    let a = try Matrix([[1, 2], [3, 4]])
    let b = try Matrix([[10, 20], [30, 40]])
    #expect(try a + b == Matrix([[11, 22], [33, 44]]))
    #expect(try b - a == Matrix([[9, 18], [27, 36]]))
    #expect(-a == (try Matrix([[-1, -2], [-3, -4]])))
    #expect(2 * a == (try Matrix([[2, 4], [6, 8]])))
    #expect(a * 2 == 2 * a)
    #expect(b / 10 == a)
    #expect(try a.hadamard(b) == Matrix([[10, 40], [90, 160]]))
    #expect(a.map { $0 * $0 } == (try a.hadamard(a)))
  }

  @Test(arguments: [(1, 1, 1), (3, 4, 5), (7, 1, 6), (1, 9, 1), (17, 13, 11)])
  func productMatchesPlainLoops(m: Int, k: Int, n: Int) throws {
    let a = try gaussian(m, k, seed: 1)
    let b = try gaussian(k, n, seed: 2)
    let c = try a * b
    #expect(c.shape == Shape(m, n))
    #expect(c.isApproximatelyEqual(to: naiveProduct(a, b), relative: 1e-12, absolute: 1e-13))
  }

  @Test func transposeAndMatrixVectorProducts() throws {
    let w = try gaussian(6, 4, seed: 3)
    let t = w.transposed()
    #expect(t.shape == Shape(4, 6))
    for i in 0 ..< 6 { for j in 0 ..< 4 { #expect(t[j, i] == w[i, j]) } }
    #expect(t.transposed() == w)
    let v = [1.0, -2, 0.5, 3]
    let u = [1.0, 0, -1, 2, 0.25, -3]
    let wv = try w.times(v)
    let reference = naiveProduct(w, Matrix(column: v))
    for i in 0 ..< 6 { #expect(abs(wv[i] - reference[i, 0]) <= 1e-13) }
    let wtu = try w.transposeTimes(u)
    let referenceT = naiveProduct(t, Matrix(column: u))
    for j in 0 ..< 4 { #expect(abs(wtu[j] - referenceT[j, 0]) <= 1e-13) }
  }

  @Test func shapeMismatchNamesBothShapes() throws {
    let a = try Matrix.zeros(2, 3)
    let b = try Matrix.zeros(3, 2)
    #expect(throws: MatrixError.shapeMismatch(op: "+", lhs: Shape(2, 3), rhs: Shape(3, 2))) { try a + b }
    #expect(throws: MatrixError.shapeMismatch(op: "-", lhs: Shape(2, 3), rhs: Shape(3, 2))) { try a - b }
    #expect(throws: MatrixError.shapeMismatch(op: ".*", lhs: Shape(2, 3), rhs: Shape(3, 2))) {
      try a.hadamard(b)
    }
    #expect(throws: MatrixError.shapeMismatch(op: "*", lhs: Shape(2, 3), rhs: Shape(2, 3))) { try a * a }
    #expect(throws: MatrixError.shapeMismatch(op: "Wv", lhs: Shape(2, 3), rhs: Shape(2, 1))) {
      try a.times([1, 2])
    }
    #expect(throws: MatrixError.shapeMismatch(op: "Wᵀu", lhs: Shape(2, 3), rhs: Shape(3, 1))) {
      try a.transposeTimes([1, 2, 3])
    }
    #expect(Shape(2, 3).description == "2×3")
  }

  @Test func productRefusesAHugeResultBeforeAllocating() throws {
    let column = Matrix(column: [Double](repeating: 1, count: 1 << 15))
    let row = column.transposed()
    #expect(throws: MatrixError.tooLarge(rows: 1 << 15, columns: 1 << 15, limit: Matrix.defaultElementLimit)) {
      try column * row
    }
    #expect(try (row * column).elements == [Double(1 << 15)])
  }

  @Test func emptyInnerDimensionGivesZeros() throws {
    let c = try Matrix.zeros(3, 0) * Matrix.zeros(0, 2)
    #expect(c == (try Matrix.zeros(3, 2)))
  }

  @Test func vectorHelpers() {
    #expect(Vector.norm([3, 4]) == 5)
    #expect(Vector.norm([]) == 0)
    #expect(Vector.dot([1, 2, 3], [4, 5, 6]) == 32)
    // Overflow- and underflow-safe.
    #expect(relativeError(Vector.norm([3e200, 4e200]), 5e200) < 1e-15)
    #expect(relativeError(Vector.norm([3e-200, 4e-200]), 5e-200) < 1e-15)
    #expect(Vector.norm([1, .infinity]) == .infinity)
    #expect(Vector.norm([1, .nan]).isNaN)
    #expect(Vector.normalized([3, 4]) == [0.6, 0.8])
    // PyTorch's convention: x / max(‖x‖, eps).
    #expect(Vector.normalized([0, 0]) == [0, 0])
    #expect(Vector.normalized([1e-13, 0]) == [1e-13 / 1e-12, 0])
    #expect(Vector.normalized([0, 0], epsilon: 0) == [0, 0])
  }
}
