// Every autodiff primitive's backward rule against central finite differences.

import DenseMatrix
import Testing

@testable import Critics

@Suite("Primitive gradients")
struct PrimitiveGradientTests {
  typealias Unary = @Sendable (Tape, Variable) throws -> Variable

  static let unary: [(String, Unary)] = [
    ("relu", { $0.relu($1) }),
    ("leaky", { $0.leakyReLU($1, slope: 0.2) }),
    ("tanh", { $0.tanh($1) }),
    ("sigmoid", { $0.sigmoid($1) }),
    ("softplus", { $0.softplus($1) }),
    ("one-minus-square", { $0.oneMinusSquare($1) }),
    ("square", { $0.square($1) }),
    ("abs", { $0.abs($1) }),
    ("scale", { $0.scale($1, by: -2.5) }),
    ("add-scalar", { $0.addScalar($1, 0.75) }),
    ("sum", { $0.sum($1) }),
    ("mean", { $0.mean($1) }),
  ]

  @Test("unary primitives", arguments: 0 ..< unary.count)
  func unaryPrimitive(_ k: Int) throws {
    let (name, op) = Self.unary[k]
    let x = randomMatrix(5, 3, seed: UInt64(k), away: 0.05).mapped { 3 * $0 }
    let error = try worstGradientError([x]) { t, p in try op(t, p[0]) }
    #expect(error <= 1e-6, "\(name): relative error \(error)")
  }

  @Test("step functions carry no gradient")
  func steps() throws {
    let tape = Tape()
    let x = tape.parameter(randomMatrix(4, 2, seed: 3, away: 0.1))
    #expect(tape.gradientPointer(tape.step(x)) == nil)
    #expect(tape.gradientPointer(tape.leakyStep(x, slope: 0.2)) == nil)
    let s = tape.value(tape.leakyStep(x, slope: 0.2)).elements
    let v = tape.value(x).elements
    #expect(zip(s, v).allSatisfy { $0 == ($1 > 0 ? 1 : 0.2) })
  }

  @Test("binary element-wise primitives", arguments: ["add", "subtract", "multiply"])
  func binary(_ name: String) throws {
    let a = randomMatrix(4, 3, seed: 10), b = randomMatrix(4, 3, seed: 11)
    let error = try worstGradientError([a, b]) { t, p in
      switch name {
      case "add": try t.add(p[0], p[1])
      case "subtract": try t.subtract(p[0], p[1])
      default: try t.multiply(p[0], p[1])
      }
    }
    #expect(error <= 1e-6, "\(name): relative error \(error)")
  }

  @Test("the same node used twice accumulates its gradient")
  func sharedInput() throws {
    let error = try worstGradientError([randomMatrix(3, 3, seed: 12)]) { t, p in
      try t.multiply(p[0], p[0])
    }
    #expect(error <= 1e-6)
  }

  @Test("matrix products", arguments: [false, true])
  func matmul(_ transposed: Bool) throws {
    let a = randomMatrix(5, 4, seed: 20)
    let b = transposed ? randomMatrix(3, 4, seed: 21) : randomMatrix(4, 3, seed: 21)
    let error = try worstGradientError([a, b]) { t, p in
      try t.matmul(p[0], p[1], transposeRight: transposed)
    }
    #expect(error <= 1e-6)
  }

  static let degenerate: [(m: Int, k: Int, n: Int)] = [
    (5, 1, 4), (5, 4, 1), (1, 4, 5), (1, 1, 3), (3, 1, 1), (1, 3, 1), (6, 5, 7),
  ]

  @Test("products with a dimension of 1 take the vector paths and agree with the definition",
        arguments: 0 ..< degenerate.count, [false, true])
  func degenerateProducts(_ s: Int, _ transposed: Bool) throws {
    let (m, k, n) = Self.degenerate[s]
    let a = randomMatrix(m, k, seed: UInt64(50 + s))
    let b = randomMatrix(transposed ? n : k, transposed ? k : n, seed: UInt64(60 + s))
    let tape = Tape()
    let c = try tape.matmul(tape.parameter(a), tape.parameter(b), transposeRight: transposed)
    var expected = Matrix(rows: m, columns: n)
    for i in 0 ..< m {
      for j in 0 ..< n {
        for p in 0 ..< k { expected[i, j] += a[i, p] * (transposed ? b[j, p] : b[p, j]) }
      }
    }
    #expect(tape.value(c).isApproximatelyEqual(to: expected, relative: 1e-13, absolute: 1e-15))
    let error = try worstGradientError([a, b]) { t, p in
      // Two consumers of each input exercise both the overwriting and the accumulating paths.
      let c1 = try t.matmul(p[0], p[1], transposeRight: transposed)
      return try t.add(c1, t.scale(t.matmul(p[0], p[1], transposeRight: transposed), by: 0.5))
    }
    #expect(error <= 1e-6)
  }

  @Test("the affine layer X·Wᵀ + b", arguments: [(6, 4, 3), (6, 1, 3), (6, 3, 1)])
  func affine(_ m: Int, _ k: Int, _ n: Int) throws {
    let error = try worstGradientError([
      randomMatrix(m, k, seed: 70), randomMatrix(n, k, seed: 71), randomMatrix(1, n, seed: 72),
    ]) { t, p in try t.affine(p[0], p[1], p[2]) }
    #expect(error <= 1e-6)
  }

  @Test("row broadcast, bilinear form and division by a scalar node")
  func linear() throws {
    let e1 = try worstGradientError([randomMatrix(5, 3, seed: 30), randomMatrix(1, 3, seed: 31)]) {
      t, p in try t.addRow(p[0], p[1])
    }
    let e2 = try worstGradientError([
      randomMatrix(1, 4, seed: 32), randomMatrix(4, 3, seed: 33), randomMatrix(1, 3, seed: 34),
    ]) { t, p in try t.bilinear(p[0], p[1], p[2]) }
    let scalar = Matrix(rows: 1, columns: 1, repeating: 1.7)
    let e3 = try worstGradientError([randomMatrix(3, 2, seed: 35), scalar]) {
      t, p in try t.divide(p[0], by: p[1])
    }
    #expect(e1 <= 1e-6)
    #expect(e2 <= 1e-6)
    #expect(e3 <= 1e-6)
  }

  @Test("W/(uᵀWv) has MATH.md §4's gradient (G − ⟨G, W_SN⟩ u vᵀ)/σ")
  func spectralNormalizationGradient() throws {
    let tape = Tape()
    let w = tape.parameter(randomMatrix(4, 3, seed: 40))
    let u = tape.constant(randomMatrix(1, 4, seed: 41))
    let v = tape.constant(randomMatrix(1, 3, seed: 42))
    let g = randomMatrix(4, 3, seed: 43)
    let wsn = try tape.divide(w, by: tape.bilinear(u, w, v))
    let loss = tape.sum(try tape.multiply(wsn, tape.constant(g)))
    try tape.backward(from: loss)
    let sigma = MLPCritic.bilinear(tape.value(u).elements, tape.value(w), tape.value(v).elements)
    let ws = tape.value(wsn)
    let inner = zip(g.elements, ws.elements).reduce(0) { $0 + $1.0 * $1.1 }
    var expected = Matrix(rows: 4, columns: 3)
    for i in 0 ..< 4 {
      for j in 0 ..< 3 {
        let uv = tape.value(u).elements[i] * tape.value(v).elements[j]
        expected[i, j] = (g[i, j] - inner * uv) / sigma
      }
    }
    #expect(tape.gradient(w).isApproximatelyEqual(to: expected, relative: 1e-12, absolute: 1e-14))
  }

  @Test("shape mismatches are typed errors")
  func shapeErrors() {
    let tape = Tape()
    let a = tape.parameter(Matrix(rows: 2, columns: 3))
    let b = tape.parameter(Matrix(rows: 2, columns: 2))
    #expect(throws: MatrixError.shapeMismatch(op: "*", lhs: Shape(2, 3), rhs: Shape(2, 2))) {
      try tape.matmul(a, b)
    }
    #expect(throws: MatrixError.self) { try tape.add(a, b) }
    #expect(throws: MatrixError.self) { try tape.backward(from: a) }
  }
}

extension Matrix {
  func mapped(_ f: (Double) -> Double) -> Matrix {
    var m = self
    m.elements = elements.map(f)
    return m
  }
}
