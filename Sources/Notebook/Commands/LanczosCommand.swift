// `lanczos W`: σ₁ by Golub–Kahan–Lanczos bidiagonalisation, with the count of products with W
// and Wᵀ, to set against power iteration's two per step (MATH.md §3: roughly exp(−2k·sqrt(gap))
// instead of (1 − gap)^(2k)).

import DenseMatrix

extension CommandTable {
  /// `lanczos W [tol=1e-10] [max=1000] [basis=24] [seed=0]`.
  static var lanczos: CommandSpec {
    CommandSpec(
      "lanczos",
      summary: "σ₁ by Golub–Kahan–Lanczos, with the number of products with W and Wᵀ",
      help: [
        "Builds orthonormal Krylov bases from a seeded random start and takes the top singular triplet of the small matrix B = Uᵀ W V; it stops when the residual ‖Wᵀu − σv‖ is below tol·σ, at max= steps, or when what is left of the residual is rounding (then σ is as accurate as rounding allows, and a tol below the residual's rounding level, about ε·σ·sqrt(max(m, n)), cannot be reached: the summary says which). The bases hold at most basis= vectors (24): when they are full, a thick restart keeps the best half and the count of restarts is shown; a smaller basis needs less memory and more products. Compare its products with power iteration's two per step ('run p' shows both): for σ₂/σ₁ close to 1 Lanczos needs far fewer. For matrices small enough to decompose, the error against the exact σ₁ is shown too."
      ],
      signature: Signature(
        [Parameter("W")],
        options: [
          OptionSpec("tol", help: "stop when ‖Wᵀu − σv‖ ≤ tol·σ (default 1e-10)"),
          OptionSpec("max", help: "at most this many Lanczos steps (default 1000)"),
          OptionSpec("basis", help: "vectors per basis before a thick restart, 3 to 200 (default 24)"),
          OptionSpec("seed", help: "seed of the random start vector (default 0)"),
        ])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      let w = try arguments.matrix(0)
      let tolerance = try arguments.number(option: "tol") ?? 1e-10
      guard tolerance > 0, tolerance.isFinite else {
        throw Diagnostic("tol must be a positive number", at: arguments.range(option: "tol"))
      }
      let maxSteps = try arguments.count(option: "max") ?? 1000
      guard maxSteps >= 1 else {
        throw Diagnostic("max must be at least 1", at: arguments.range(option: "max"))
      }
      let basis = try arguments.count(option: "basis") ?? 24
      guard (3 ... 200).contains(basis) else {
        throw Diagnostic("basis must be between 3 and 200", at: arguments.range(option: "basis"))
      }
      let seed = UInt64(try arguments.count(option: "seed") ?? 0)
      let result = try core(at: arguments.range(0)) {
        try w.largestSingularTriplet(
          tolerance: tolerance, maxIterations: maxSteps, basisSize: basis, seed: seed,
          isInterrupted: { context.isInterrupted })
      }
      let exact: Double? =
        w.rows * w.columns <= PowerTracker.exactElementLimit
        ? try core(at: arguments.range(0)) { try w.spectralNorm() } : nil
      let format = context.format
      var steps = "\(result.iterations) step\(result.iterations == 1 ? "" : "s")"
      if result.restarts > 0 {
        steps += " (\(result.restarts) restart\(result.restarts == 1 ? "" : "s"))"
      }
      var lines: [String]
      if result.converged {
        lines = ["  converged after \(steps): ‖Wᵀu − σv‖ ≤ tol·σ with tol=\(format.string(tolerance))"]
      } else if result.reachedRoundingLevel {
        lines = wrappedLine(
          "stopped after \(steps) without reaching tol=\(format.string(tolerance)): what is left "
            + "of the residual is rounding, so σ is as accurate as rounding allows (tol·σ is below the "
            + "residual's rounding level, about ε·σ·sqrt(max(m, n)))",
          at: " ", width: context.settings.width, indent: "  ", hang: 0)
      } else if context.isInterrupted {
        lines = ["  interrupted after \(steps)"]
      } else {
        lines = ["  stopped after \(steps) (max=\(maxSteps)) without reaching tol=\(format.string(tolerance))"]
      }
      var table = ReportTable(header: [], indent: "    ")
      table.rows.append(["σ", format.string(result.sigma), "the estimate of σ₁ = ‖W‖₂"])
      if let exact {
        table.rows.append(["σ₁", format.string(exact), "exact, from the SVD"])
        if exact > 0 {
          table.rows.append(["error", format.string(abs(result.sigma - exact) / exact), "|σ − σ₁|/σ₁"])
        }
      }
      table.rows.append(["products", String(result.matrixVectorProducts), "with W or Wᵀ"])
      table.rows.append(["‖Wᵀu − σv‖", format.string(result.residual), "0 at a singular pair (u, σ, v)"])
      lines += table.render()
      context.print(lines: lines)
    }
  }
}
