// The functions that build matrices: zeros, ones, eye, diag, rand, randn, orth, hilbert,
// spectrum, linspace; zeros, ones, rand and randn build tensors from three or four sizes.
// Every size passes the session's element limit; random ones take `seed=` and otherwise draw
// from the session's random source.

import DenseMatrix

extension FunctionTable {
  /// Every function of the matrix part of the language.
  static var matrixFunctions: [FunctionSpec] {
    constructorFunctions + elementwiseFunctions + normFunctions + convolutionFunctions
      + [powerFunction, loadFunction, reshapeFunction] + normalizationFunctions
  }

  static var constructorFunctions: [FunctionSpec] {
    let seed = OptionSpec("seed", help: "seed of a private random source (default: the session's, see 'seed')")
    let dims = Parameter("n", required: false, variadic: true)
    let sizes = Signature([Parameter("m"), dims])
    let randomSizes = Signature([Parameter("m"), dims], options: [seed])
    let tensorHelp = [
      "With three or four sizes the result is a tensor of that shape (zeros(8, 4, 5, 5): a batch of 8 samples, 4 channels, 5×5 positions), filled in row-major order (the last index fastest); two sizes give a matrix, as always."
    ]
    return [
      FunctionSpec(
        "zeros", summary: "the m×n zero matrix (n×n for zeros(n)), or a tensor of 3–4 sizes",
        help: tensorHelp, signature: sizes
      ) { a throws(Diagnostic) in
        if let t = try tensorShape(a) {
          return .tensor(try core(at: a.range) { try Tensor.filled(t, 0, limit: a.elementLimit) })
        }
        let (m, n) = try shape(a)
        return .matrix(try core(at: a.range) { try Matrix.zeros(m, n, limit: a.elementLimit) })
      },
      FunctionSpec(
        "ones", summary: "the m×n matrix of ones (n×n for ones(n)), or a tensor of 3–4 sizes",
        help: tensorHelp, signature: sizes
      ) { a throws(Diagnostic) in
        if let t = try tensorShape(a) {
          return .tensor(try core(at: a.range) { try Tensor.filled(t, 1, limit: a.elementLimit) })
        }
        let (m, n) = try shape(a)
        return .matrix(try core(at: a.range) { try Matrix.ones(m, n, limit: a.elementLimit) })
      },
      FunctionSpec(
        "eye", summary: "the n×n identity matrix",
        signature: Signature([Parameter("n")])
      ) { a throws(Diagnostic) in
        let n = try a.count(0)
        return .matrix(try core(at: a.range) { try Matrix.eye(n, limit: a.elementLimit) })
      },
      FunctionSpec(
        "diag",
        summary: "the diagonal matrix with v on its diagonal; for a matrix, its diagonal as a column",
        signature: Signature([Parameter("v")])
      ) { a throws(Diagnostic) in
        let m = try a.matrix(0)
        if m.rows > 1 && m.columns > 1 {
          return .matrix(Matrix(column: (0..<min(m.rows, m.columns)).map { m[$0, $0] }))
        }
        return .matrix(try core(at: a.range) { try Matrix.diag(m.elements, limit: a.elementLimit) })
      },
      FunctionSpec(
        "rand",
        summary: "an m×n matrix (or a tensor of 3–4 sizes) of independent uniform [0, 1) entries",
        help: tensorHelp, signature: randomSizes
      ) { a throws(Diagnostic) in
        if let t = try tensorShape(a) {
          return .tensor(try a.withRandom { rng in try Tensor.rand(t, using: &rng, limit: a.elementLimit) })
        }
        let (m, n) = try shape(a)
        return .matrix(try a.withRandom { rng in try Matrix.rand(m, n, using: &rng, limit: a.elementLimit) })
      },
      FunctionSpec(
        "randn",
        summary: "an m×n matrix (or a tensor of 3–4 sizes) of independent standard normal entries",
        help: tensorHelp, signature: randomSizes
      ) { a throws(Diagnostic) in
        if let t = try tensorShape(a) {
          return .tensor(try a.withRandom { rng in try Tensor.randn(t, using: &rng, limit: a.elementLimit) })
        }
        let (m, n) = try shape(a)
        return .matrix(try a.withRandom { rng in try Matrix.randn(m, n, using: &rng, limit: a.elementLimit) })
      },
      FunctionSpec(
        "orth",
        summary: "a random n×n orthogonal matrix: ‖Q‖₂ = 1, ‖Q‖F = sqrt(n)",
        help: ["Haar-distributed: the Q of a QR factorisation of a Gaussian matrix, with signs fixed."],
        signature: Signature([Parameter("n")], options: [seed])
      ) { a throws(Diagnostic) in
        let n = try a.count(0)
        return .matrix(try a.withRandom { rng in try Matrix.orth(n, using: &rng, limit: a.elementLimit) })
      },
      FunctionSpec(
        "hilbert",
        summary: "the n×n Hilbert matrix 1/(i+j−1), famously ill-conditioned",
        signature: Signature([Parameter("n")])
      ) { a throws(Diagnostic) in
        let n = try a.count(0)
        return .matrix(try core(at: a.range) { try Matrix.hilbert(n, limit: a.elementLimit) })
      },
      FunctionSpec(
        "spectrum",
        summary: "a random m×n matrix with prescribed singular values",
        help: [
          "U diag(sv) Vᵀ with random orthonormal U and V; sv is padded with zeros to min(m, n) values. The tool for building easy (σ₂/σ₁ small) and hard (σ₂/σ₁ near 1) cases for power iteration."
        ],
        signature: Signature(
          [Parameter("m"), Parameter("n")],
          options: [OptionSpec("sv", help: "the singular values, a vector (required)"), seed])
      ) { a throws(Diagnostic) in
        let m = try a.count(0)
        let n = try a.count(1)
        guard let sv = try a.vector(option: "sv") else {
          throw Diagnostic(
            "spectrum needs the singular values", at: a.range,
            notes: ["usage: spectrum(m, n, sv=[1, 0.5])"])
        }
        _ = try core(at: a.range) { try Matrix.checkedShape(m, n, limit: a.elementLimit) }
        return .matrix(
          try a.withRandom { rng in
            try Matrix.spectrum(m, n, singularValues: sv, using: &rng, limit: a.elementLimit)
          })
      },
      FunctionSpec(
        "linspace",
        summary: "n equally spaced numbers from a to b, as a column",
        signature: Signature([Parameter("a"), Parameter("b"), Parameter("n")])
      ) { a throws(Diagnostic) in
        let lo = try a.number(0)
        let hi = try a.number(1)
        let n = try a.count(2)
        return .matrix(try core(at: a.range) { try Matrix.linspace(lo, hi, count: n, limit: a.elementLimit) })
      },
    ]
  }

  /// (m, n) from `f(m, n)` or `f(n)` (square).
  private static func shape(_ a: Arguments) throws(Diagnostic) -> (Int, Int) {
    let m = try a.count(0)
    let n = a.count > 1 ? try a.count(1) : m
    return (m, n)
  }

  /// The sizes of `f(d₁, d₂, d₃[, d₄])`, nil for one or two sizes (a matrix), each a whole
  /// number; the count is checked against the element limit by the constructor.
  static func tensorShape(_ a: Arguments, from first: Int = 0) throws(Diagnostic) -> [Int]? {
    let count = a.count - first
    guard count >= 3 else { return nil }
    guard count <= Tensor.maximumRank else {
      throw Diagnostic(
        "a tensor has at most \(Tensor.maximumRank) dimensions, got \(count) sizes",
        at: a.range(first + Tensor.maximumRank))
    }
    var shape: [Int] = []
    for i in first ..< a.count { shape.append(try a.count(i)) }
    return shape
  }
}
