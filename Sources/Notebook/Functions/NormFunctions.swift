// The functions that measure a matrix: norm2, fro, norm1, norminf, svdvals, rank, cond, and sn
// (W divided by its spectral norm). Each refuses NaN and Inf entries with a diagnostic. The
// singular values come from the fast SVD route unless `method=jacobi` asks for the reference.

import DenseMatrix

extension FunctionTable {
  static var normFunctions: [FunctionSpec] {
    let w = Signature([Parameter("W")])
    return [
      FunctionSpec(
        "norm2",
        summary: "the spectral norm ‖W‖₂, the largest singular value σ₁",
        help: [
          "method=svd (the default) gives σ₁ exact to rounding by the fastest route for the shape: the fast SVD's singular values when min(m, n) < \(Matrix.spectralNormLanczosSize), else Golub–Kahan–Lanczos run to a residual of 1e-13·σ and finished by ‖Wv‖ (the SVD again when Lanczos would need more than max(60, min(m, n)/4) steps). method=jacobi takes σ₁ from the one-sided Jacobi SVD, the slow reference. method=power runs power iteration from a seeded random start until σ changes by less than 1e-14 relative and the residual ‖Wᵀu − σv‖ is below 1e-7·σ ('run p's rule); method=lanczos uses Golub–Kahan–Lanczos bidiagonalisation to a residual of 1e-12·σ. Either is an error when it does not converge within its step cap (100000 power steps, 1000 Lanczos steps)."
        ],
        signature: Signature(
          [Parameter("W")],
          options: [
            OptionSpec(
              "method", .word, help: "svd (exact, default), power, lanczos or jacobi (exact, slow reference)",
              values: ["svd", "power", "lanczos", "jacobi"])
          ])
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "norm2", nonEmpty: true)
        switch try a.word(option: "method") ?? "svd" {
        case "power":
          let (tolerance, cap) = (1e-14, 100_000)
          let last = try core(at: a.range) {
            var iteration = try PowerIteration(matrix: m, start: .random(seed: 0))
            return iteration.run(tolerance: tolerance, maxSteps: cap, isInterrupted: a.isInterrupted).last
          }
          try checkInterruption(a)
          guard let last else { return .number(0) }
          let residual = max(last.residualLeft, last.residualRight)
          guard PowerIteration.meetsStoppingRule(
            relativeChange: last.relativeChange, residual: residual, sigma: last.sigma,
            tolerance: tolerance)
          else {
            throw unconverged(
              "power iteration", after: "\(cap) steps", sigma: last.sigma, residual: residual,
              at: a.range)
          }
          return .number(last.sigma)
        case "lanczos":
          let result = try core(at: a.range) {
            try m.largestSingularTriplet(tolerance: 1e-12, isInterrupted: a.isInterrupted)
          }
          try checkInterruption(a)
          guard result.converged else {
            throw unconverged(
              "Lanczos", after: "\(result.iterations) steps", sigma: result.sigma,
              residual: result.residual, at: a.range)
          }
          return .number(result.sigma)
        case "jacobi":
          return .number(try core(at: a.range) { try m.singularValues(method: .jacobi).first ?? 0 })
        default:
          return .number(try core(at: a.range) { try m.spectralNorm() })
        }
      },
      FunctionSpec(
        "fro", summary: "the Frobenius norm ‖W‖F = sqrt(Σ w²) = sqrt(Σ σ²)",
        signature: w
      ) { a throws(Diagnostic) in .number(try finiteMatrix(a, "fro").frobeniusNorm) },
      FunctionSpec(
        "norm1", summary: "‖W‖₁, the largest column sum of |w|", signature: w
      ) { a throws(Diagnostic) in .number(try finiteMatrix(a, "norm1").norm1) },
      FunctionSpec(
        "norminf", summary: "‖W‖∞, the largest row sum of |w|", signature: w
      ) { a throws(Diagnostic) in .number(try finiteMatrix(a, "norminf").normInf) },
      FunctionSpec(
        "svdvals",
        summary: "all min(m, n) singular values, largest first, as a column",
        help: [FunctionTable.svdMethodHelp],
        signature: Signature([Parameter("W")], options: [FunctionTable.svdMethodOption])
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "svdvals", nonEmpty: true)
        let method = try svdMethod(a)
        return .matrix(Matrix(column: try core(at: a.range) { try m.singularValues(method: method) }))
      },
      FunctionSpec(
        "rank",
        summary: "the number of singular values above the tolerance",
        help: ["The default tolerance is max(m, n)·ε·σ₁, as NumPy's matrix_rank: ε is the double ε = 2⁻⁵² ≈ 2.2e-16, or float32's ε = 2⁻²³ ≈ 1.19e-7 for a matrix whose entries came from a float32 file (see `help load`), and then a note line says so."],
        signature: Signature(
          [Parameter("W")], options: [OptionSpec("tol", help: "singular values ≤ tol count as zero")])
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "rank", nonEmpty: true)
        let tol = try a.number(option: "tol")
        if let tol, !(tol >= 0) {
          throw Diagnostic("tol must be ≥ 0", at: a.range(option: "tol"))
        }
        if tol == nil, let note = m.precision.roundingNote(for: a.label(0) ?? "W") { a.note(note) }
        return .number(Double(try core(at: a.range) { try m.rank(tolerance: tol) }))
      },
      FunctionSpec(
        "cond",
        summary: "the condition number σ₁/σ_min (Inf for a singular matrix)",
        help: [
          "From the fast SVD's singular values; Inf only when σ_min is exactly 0. When σ_min is at or below the rounding level max(m, n)·ε·σ₁ the matrix is singular to working precision and the value (about 1/ε or more) only says so: cond(hilbert(12)) is about 1.7e16, give or take a factor of two; `svd W` marks that case. The level uses the double ε = 2⁻⁵², or float32's ε = 2⁻²³ ≈ 1.19e-7 for a matrix whose entries came from a float32 file (see `help load`), and then a note line says so: there a cond above about 1e7 says nothing."
        ],
        signature: w
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "cond", nonEmpty: true)
        let c = try core(at: a.range) { try m.condition() }
        if let note = m.precision.roundingNote(for: a.label(0) ?? "W") {
          a.note(note + (c.isNumericallySingular ? "; σ_min is below it" : ""))
        }
        return .number(c.value)
      },
      FunctionSpec(
        "sn",
        summary: "spectral normalization W/σ₁(W), whose spectral norm is 1",
        help: ["σ₁ is exact here (norm2's default route); power(W, mode=sn) shows the one-step estimate used in training."],
        signature: w
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "sn", nonEmpty: true)
        let sigma = try core(at: a.range) { try m.spectralNorm() }
        guard sigma > 0 else {
          throw Diagnostic(
            "cannot normalise a zero matrix", at: a.range(0), notes: ["its spectral norm is 0"])
        }
        return .matrix(m / sigma)
      },
      weightNormFunction,
    ]
  }

  /// The `method=` option of the SVD entry points (svdvals, and the svd and norms commands).
  static let svdMethodOption = OptionSpec(
    "method", .word, help: "fast (default) or jacobi (the slow reference)",
    values: SVDMethod.allCases.map(\.rawValue))

  /// What the two SVD routes are, for the help of every entry point that takes `method=`.
  static let svdMethodHelp =
    "method=fast (the default) reduces W to bidiagonal form by Householder reflections (after a QR step when one side is 1.5 times the other) and finds the bidiagonal's singular values by Demmel–Kahan QR: every σᵢ is exact to rounding relative to σ₁ (an error of a few ε·σ₁), like LAPACK's. method=jacobi runs the one-sided Jacobi SVD, about ten times slower on large matrices, which is also accurate relative to each small σᵢ when W is a well-conditioned matrix with scaled rows or columns; liplab's tests check the two against each other."

  /// The `method=` option as an `SVDMethod` (fast when absent).
  static func svdMethod(_ a: Arguments) throws(Diagnostic) -> SVDMethod {
    SVDMethod(rawValue: try a.word(option: "method") ?? "fast") ?? .fast
  }

  /// The error of an iterative norm2 that stopped at its step cap: its last σ is no value.
  static func unconverged(
    _ method: String, after steps: String, sigma: Double, residual: Double, at range: SourceRange
  ) -> Diagnostic {
    let f = NumberFormat(digits: 6)
    return Diagnostic(
      "\(method) did not converge in \(steps)", at: range,
      notes: [
        "it stopped at σ = \(f.string(sigma)) with ‖Wᵀu − σv‖ = \(f.string(residual)): σ₂/σ₁ is close to 1",
        "norm2(W) gives σ₁ exact to rounding",
      ])
  }

  /// Throws when the user interrupted the computation, so an unfinished value is never used.
  static func checkInterruption(_ a: Arguments) throws(Diagnostic) {
    if a.isInterrupted() {
      throw Diagnostic("interrupted", at: a.range, notes: ["nothing was changed"])
    }
  }

  /// Positional 0 as a matrix with finite entries (and at least one entry when `nonEmpty`).
  static func finiteMatrix(_ a: Arguments, _ function: String, nonEmpty: Bool = false)
    throws(Diagnostic) -> Matrix
  {
    let m = try a.matrix(0)
    if nonEmpty && m.rows * m.columns == 0 {
      throw Diagnostic("'\(function)' needs a non-empty matrix, got \(m.shape)", at: a.range(0))
    }
    guard m.isFinite else {
      throw Diagnostic(
        "the matrix has NaN or Inf entries", at: a.range(0),
        notes: ["'\(function)' needs finite entries"])
    }
    return m
  }
}
