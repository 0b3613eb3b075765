// The functions that measure a matrix: norm2, fro, norm1, norminf, svdvals, rank, cond, and sn
// (W divided by its spectral norm). Each refuses NaN and Inf entries with a diagnostic.

import DenseMatrix

extension FunctionTable {
  static var normFunctions: [FunctionSpec] {
    let w = Signature([Parameter("W")])
    return [
      FunctionSpec(
        "norm2",
        summary: "the spectral norm ‖W‖₂, the largest singular value σ₁",
        help: [
          "method=svd (the default) computes all singular values exactly; method=power runs power iteration from a seeded random start until σ changes by less than 1e-14 relative (at most 100000 steps); method=lanczos uses Golub–Kahan–Lanczos bidiagonalisation to relative accuracy 1e-12."
        ],
        signature: Signature(
          [Parameter("W")],
          options: [
            OptionSpec(
              "method", .word, help: "svd (exact, default), power or lanczos",
              values: ["svd", "power", "lanczos"])
          ])
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "norm2", nonEmpty: true)
        switch try a.word(option: "method") ?? "svd" {
        case "power":
          let sigma = try core(at: a.range) {
            var iteration = try PowerIteration(matrix: m, start: .random(seed: 0))
            let steps = iteration.run(tolerance: 1e-14, maxSteps: 100_000, isInterrupted: a.isInterrupted)
            return steps.last?.sigma ?? 0
          }
          try checkInterruption(a)
          return .number(sigma)
        case "lanczos":
          let sigma = try core(at: a.range) {
            try m.largestSingularTriplet(tolerance: 1e-12, isInterrupted: a.isInterrupted).sigma
          }
          try checkInterruption(a)
          return .number(sigma)
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
        summary: "all min(m, n) singular values, largest first, as a column", signature: w
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "svdvals", nonEmpty: true)
        return .matrix(Matrix(column: try core(at: a.range) { try m.singularValues() }))
      },
      FunctionSpec(
        "rank",
        summary: "the number of singular values above the tolerance",
        help: ["The default tolerance is max(m, n)·ε·σ₁, as NumPy's matrix_rank."],
        signature: Signature(
          [Parameter("W")], options: [OptionSpec("tol", help: "singular values ≤ tol count as zero")])
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "rank", nonEmpty: true)
        let tol = try a.number(option: "tol")
        if let tol, !(tol >= 0) {
          throw Diagnostic("tol must be ≥ 0", at: a.range(option: "tol"))
        }
        return .number(Double(try core(at: a.range) { try m.rank(tolerance: tol) }))
      },
      FunctionSpec(
        "cond",
        summary: "the condition number σ₁/σ_min (Inf for a singular matrix)", signature: w
      ) { a throws(Diagnostic) in
        let m = try finiteMatrix(a, "cond", nonEmpty: true)
        return .number(try core(at: a.range) { try m.conditionNumber() })
      },
      FunctionSpec(
        "sn",
        summary: "spectral normalization W/σ₁(W), whose spectral norm is 1",
        help: ["σ₁ is exact here (an SVD); power(W, mode=sn) shows the one-step estimate used in training."],
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
    ]
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
