// The language people expect from NumPy and Octave: element-wise functions, the power operators,
// broadcasting, reductions, size, indexing and ranges, members of a power tracker and a critic
// applied to points. Each value is checked against a closed form or a hand computation.

import DenseMatrix
import Foundation
import Testing

@testable import Notebook

private func matrix(_ nb: TestNotebook, _ expression: String) -> Matrix? {
  nb.run("__result = " + expression)
  switch nb.session.value(of: "__result") {
  case .matrix(let m): return m
  case .number(let x): return Matrix(column: [x])
  default: return nil
  }
}

private func rows(_ rows: [[Double]]) -> Matrix { (try? Matrix(rows)) ?? Matrix(rows: 0, columns: 0) }

@Suite struct OperatorIndexingTests {
  @Test(arguments: [
    ("2^10", 1024),  ("-2^2", -4), ("2^3^2", 512), ("2^-1", 0.5), ("(-2)^3", -8),
    ("4^0.5", 2), ("[1 0] * [1 2; 3 4]^2 * [1; 0]", 7), ("(-2)^-2", 0.25),
    ("sqrt(16)", 4), ("abs(-3)", 3), ("exp(0)", 1), ("log(exp(2))", 2), ("sin(pi/6)", 0.5),
    ("cos(0)", 1), ("tanh(0)", 0), ("log(0)", -Double.infinity),
    ("sum([1 2; 3 4])", 10), ("mean([1 2; 3 4])", 2.5), ("max([1 5; -3 4])", 5),
    ("min([1 5; -3 4])", -3), ("size(zeros(3, 5), 1)", 3), ("size(zeros(3, 5), 2)", 5),
    ("[1 2; 3 4](2, 1)", 3), ("[1 2; 3 4]'(1, 2)", 3), ("[5 6 7](end)", 7), ("(1:10)(4)", 4),
    ("size(1:0, 2)", 0), ("sum(1:100)", 5050), ("sum(0:0.1:1)", 5.5),
  ] as [(String, Double)])
  func scalarResults(expression: String, expected: Double) throws {
    let value = try #require(TestNotebook().number(expression), "\(expression)")
    #expect(value == expected || abs(value - expected) <= 1e-15 * abs(expected), "\(expression) = \(value)")
  }

  @Test func matrixPowerIsTheRepeatedProduct() throws {
    let nb = TestNotebook()
    nb.run("W = [1 2; 3 4]")
    // W² = [7 10; 15 22] by hand; W³ = W²·W = [37 54; 81 118].
    #expect(matrix(nb, "W^2") == rows([[7, 10], [15, 22]]))
    #expect(matrix(nb, "W^3") == rows([[37, 54], [81, 118]]))
    #expect(matrix(nb, "W^0") == rows([[1, 0], [0, 1]]))
    #expect(matrix(nb, "W.^2") == rows([[1, 4], [9, 16]]))
    #expect(matrix(nb, "2.^W") == rows([[2, 4], [8, 16]]))
    #expect(matrix(nb, "W.^[1 0]") == rows([[1, 1], [3, 1]]))
  }

  @Test func elementwiseOperatorsBroadcastRowsAndColumns() throws {
    let nb = TestNotebook()
    nb.run("W = [1 2; 3 4]")
    #expect(matrix(nb, "[1 2] + [10; 20]") == rows([[11, 12], [21, 22]]))
    #expect(matrix(nb, "W - [1 2]") == rows([[0, 0], [2, 2]]))
    #expect(matrix(nb, "W .* [10; 100]") == rows([[10, 20], [300, 400]]))
    #expect(matrix(nb, "W ./ [1 2]") == rows([[1, 1], [3, 2]]))
    #expect(matrix(nb, "W - mean(W, dim=1)") == rows([[-1, -1], [1, 1]]))
    #expect(matrix(nb, "1 ./ W") == rows([[1, 0.5], [1.0 / 3, 0.25]]))
  }

  @Test func functionsApplyToEveryEntry() throws {
    let nb = TestNotebook()
    let x = [-1.5, -0.25, 0, 0.5, 2]
    nb.run("x = [-1.5; -0.25; 0; 0.5; 2]")
    let cases: [(String, (Double) -> Double)] = [
      ("abs(x)", { Foundation.fabs($0) }), ("exp(x)", { Foundation.exp($0) }),
      ("sin(x)", { Foundation.sin($0) }), ("cos(x)", { Foundation.cos($0) }),
      ("tanh(x)", { Foundation.tanh($0) }), ("sqrt(abs(x))", { Foundation.sqrt(Foundation.fabs($0)) }),
      ("log(exp(x))", { $0 }), ("max(x, 0)", { Swift.max($0, 0) }), ("min(x, 0)", { Swift.min($0, 0) }),
      ("x.^2", { $0 * $0 }),
    ]
    for (expression, f) in cases {
      let m = try #require(matrix(nb, expression), "\(expression)")
      #expect(m.shape == Shape(5, 1))
      for (a, b) in zip(m.elements, x.map(f)) {
        #expect(abs(a - b) <= 1e-15 * Swift.max(1, abs(b)), "\(expression)")
      }
    }
    // Issue 13's data line works: sin(3x) plus seeded noise, 15×1.
    nb.run("x = linspace(-1, 1, 15)", "y = sin(3*x) + 0.15*randn(15, 1, seed=2)")
    let y = try #require(matrix(nb, "y"))
    var rng = RandomSource(seed: 2)
    for i in 0 ..< 15 {
      let xi = -1 + 2 * Double(i) / 14
      #expect(abs(y.elements[i] - (Foundation.sin(3 * xi) + 0.15 * rng.normal())) <= 1e-15)
    }
  }

  @Test func reductionsAlongADimension() throws {
    let nb = TestNotebook()
    nb.run("W = [1 -2 3; 4 5 -6]")
    #expect(matrix(nb, "sum(W, dim=1)") == rows([[5, 3, -3]]))
    #expect(matrix(nb, "sum(W, dim=2)") == rows([[2], [3]]))
    #expect(matrix(nb, "mean(W, dim=1)") == rows([[2.5, 1.5, -1.5]]))
    #expect(matrix(nb, "max(W, dim=1)") == rows([[4, 5, 3]]))
    #expect(matrix(nb, "min(W, dim=2)") == rows([[-2], [-6]]))
    #expect(matrix(nb, "size(W)") == rows([[2, 3]]))
    #expect(matrix(nb, "size(7)") == rows([[1, 1]]))
  }

  @Test func indexingSelectsRowsColumnsAndRanges() throws {
    let nb = TestNotebook()
    nb.run("W = [1 2 3; 4 5 6; 7 8 9]", "v = [10 20 30 40]")
    #expect(matrix(nb, "W(2, :)") == rows([[4, 5, 6]]))
    #expect(matrix(nb, "W(:, 3)") == rows([[3], [6], [9]]))
    #expect(matrix(nb, "W(1:2, 2:3)") == rows([[2, 3], [5, 6]]))
    #expect(matrix(nb, "W(end, end)") == rows([[9]]))
    #expect(matrix(nb, "W([3 1], :)") == rows([[7, 8, 9], [1, 2, 3]]))
    #expect(matrix(nb, "W(end:-1:1, 1)") == rows([[7], [4], [1]]))
    #expect(matrix(nb, "W'(:, 1)") == rows([[1], [2], [3]]))
    #expect(matrix(nb, "v(2:3)") == rows([[20, 30]]))
    #expect(matrix(nb, "v'(2:3)") == rows([[20], [30]]))
    #expect(matrix(nb, "v(end)") == rows([[40]]))
    #expect(matrix(nb, "1:4") == rows([[1, 2, 3, 4]]))
    #expect(matrix(nb, "4:-2:-1") == rows([[4, 2, 0]]))
    #expect(matrix(nb, "(0:4)'") == rows([[0], [1], [2], [3], [4]]))
    // `end` means the size only inside an index; outside it is an ordinary name.
    nb.run("end = 5")
    #expect(matrix(nb, "end + v(end)") == rows([[45]]))
  }

  @Test func aPowerTrackerExposesItsEstimateAndVectors() throws {
    let nb = TestNotebook()
    nb.run("W = [3 0; 0 4]", "p = power(W, init=ones)", "step p 40")
    // σ₁ = 4 with u = v = e₂ exactly; after 40 steps the error is (3/4)^80 ≈ 1e-10 or less.
    #expect(try abs(#require(nb.number("p.sigma")) - 4) <= 1e-12)
    let u = try #require(matrix(nb, "p.u")), v = try #require(matrix(nb, "p.v"))
    #expect(u.shape == Shape(2, 1) && v.shape == Shape(2, 1))
    #expect(abs(u[1, 0] - 1) <= 1e-12 && abs(u[0, 0]) <= 1e-8 && abs(v[1, 0] - 1) <= 1e-12)
    #expect(nb.number("p.k") == 40)
    // The member equals u'Wv = σ computed from the vectors themselves.
    #expect(try abs(#require(nb.number("p.u' * W * p.v")) - #require(nb.number("p.sigma"))) <= 1e-12)
    // In SN mode σ is uᵀWv with the kept u and v, by PyTorch's definition.
    nb.run("G = [2 1; 0 1]", "q = power(G, mode=sn, seed=3)", "step q 3")
    #expect(try abs(#require(nb.number("q.u' * G * q.v")) - #require(nb.number("q.sigma"))) <= 1e-12)
    #expect(try abs(#require(nb.number("sum(q.u .^ 2)")) - 1) <= 1e-12)
    // Before any step there is no estimate yet.
    nb.run("r = power(W)")
    #expect(
      nb.run("r.sigma") == """
        error: the power tracker has taken no steps yet, so it has no σ
          r.sigma
           ^^^^^^
          note: 'step p' takes one

        """)
    #expect(nb.number("r.k") == 0)
  }

  @Test func aCriticAppliedToPointsIsItsFunction() throws {
    let nb = TestNotebook()
    nb.run("c = critic(hidden=[3], act=relu, seed=1)", "x = [-1 0.5; 2 3]")
    let fx = try #require(matrix(nb, "c(x)"))
    #expect(fx.shape == Shape(2, 2))
    // f(x) = W₂ relu(W₁x + b₁) + b₂ from the printed weights and biases.
    let w1 = try #require(matrix(nb, "weight(c, 1)")), b1 = try #require(matrix(nb, "bias(c, 1)"))
    let w2 = try #require(matrix(nb, "weight(c, 2)")), b2 = try #require(matrix(nb, "bias(c, 2)"))
    #expect(w1.shape == Shape(3, 1) && b1.shape == Shape(3, 1) && w2.shape == Shape(1, 3) && b2.shape == Shape(1, 1))
    for (k, x) in [-1, 0.5, 2, 3].enumerated() {
      var f = b2[0, 0]
      for h in 0 ..< 3 { f += w2[0, h] * Swift.max(0, w1[h, 0] * x + b1[h, 0]) }
      #expect(abs(fx.elements[k] - f) <= 1e-14, "f(\(x))")
    }
    #expect(try abs(#require(nb.number("c(2)")) - fx[1, 0]) <= 0)
  }

  @Test func theClaimsOfSession10Hold() throws {
    let nb = TestNotebook()
    nb.run("W = [3 1 0; 1 2 1; 0 1 4]", "N = [1 2; 0 1]")
    // ‖W‖F² = Σ w² = 9 + 1 + 1 + 4 + 1 + 1 + 16 = 33.
    #expect(try abs(#require(nb.number("sqrt(sum(W .^ 2))")) - 33.0.squareRoot()) <= 1e-15)
    // W is symmetric: ‖W³‖₂ = ‖W‖₂³.
    let cube = try #require(nb.number("norm2(W^3)")), norm = try #require(nb.number("norm2(W)"))
    #expect(abs(cube - norm * norm * norm) <= 1e-12 * cube)
    // N³ = [1 6; 0 1], whose σ₁ is 3 + sqrt(10); ‖N‖₂ = 1 + sqrt(2).
    #expect(matrix(nb, "N^3") == rows([[1, 6], [0, 1]]))
    #expect(try abs(#require(nb.number("norm2(N^3)")) - (3 + 10.0.squareRoot())) <= 1e-14)
    #expect(try abs(#require(nb.number("norm2(N)")) - (1 + 2.0.squareRoot())) <= 1e-15)
    // Centred columns sum to rounding level; normalised rows have length 1.
    nb.run("X = randn(6, 3, seed=1)")
    let sums = try #require(matrix(nb, "sum(X - mean(X, dim=1), dim=1)"))
    #expect(sums.elements.allSatisfy { abs($0) < 1e-15 })
    let lengths = try #require(matrix(nb, "sqrt(sum((X ./ sqrt(sum(X .^ 2, dim=2))) .^ 2, dim=2))"))
    #expect(lengths.elements.allSatisfy { abs($0 - 1) <= 4e-16 })
  }
}
