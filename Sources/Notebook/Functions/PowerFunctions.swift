// `power(W, …)`, which creates a power-iteration tracker.

import DenseMatrix

extension FunctionTable {
  static var powerFunction: FunctionSpec {
    FunctionSpec(
      "power",
      summary: "a power-iteration tracker on W; nothing runs until 'step' or 'run'",
      help: [
        "mode=exact (the default) is power iteration with both singular vectors (v ← Wᵀu/‖Wᵀu‖, u ← Wv/‖Wv‖): the relative error of σ shrinks like (σ₂/σ₁)^(4k). For matrices up to 65536 entries the exact σ₁ and σ₂ are computed once, so each step shows its true error and the predicted rate.",
        "mode=sn is spectral normalization's update as in PyTorch's spectral_norm (one step per training step): v = normalize(Wᵀu), u = normalize(Wv), σ = uᵀWv, eps 1e-12, with u kept between steps and started from a normal draw.",
        "init=ones starts from all ones (it fails when ones is orthogonal to the top singular vector); init=random draws a Gaussian start (seed= or the session's source); a vector starts there.",
        "After a step, p.sigma is the current estimate σ_k, p.u and p.v the current left and right vectors (columns of length m and n, unit length), and p.k the number of steps taken: p.u' * W * p.v recomputes σ from them.",
      ],
      signature: Signature(
        [Parameter("W")],
        options: [
          OptionSpec(
            "init", help: "ones, random (default) or a start vector", values: ["ones", "random"]),
          OptionSpec("seed", help: "seed of the random start (default: the session's source)"),
          OptionSpec("mode", .word, help: "exact (default) or sn", values: ["exact", "sn"]),
        ])
    ) { a throws(Diagnostic) in
      let m = try a.matrix(0)
      let mode = PowerTracker.Mode(rawValue: try a.word(option: "mode") ?? "exact") ?? .exact
      let start: PowerTracker.Start
      switch try a.word(option: "init") {
      case nil, "random":
        start = .random(seed: try a.withRandom { rng in rng.next() })
      case "ones":
        start = .ones
      default:
        let x = try a.vector(option: "init") ?? []
        let needed = mode == .sn ? m.rows : m.columns
        guard x.count == needed else {
          throw Diagnostic(
            "the start vector has \(x.count) entries, \(mode == .sn ? "u" : "v") needs \(needed)",
            at: a.range(option: "init"),
            notes: [mode == .sn ? "in SN mode the start is u, one entry per row of W" : "the start is v, one entry per column of W"])
        }
        guard x.contains(where: { $0 != 0 }) else {
          throw Diagnostic("the start vector is zero", at: a.range(option: "init"))
        }
        start = .vector(x)
      }
      do throws(Diagnostic) {
        return .object(try PowerTracker(matrix: m, start: start, mode: mode))
      } catch {
        throw error.located(at: a.range(0))
      }
    }
  }
}
