// `power(W, …)`, which creates a power-iteration tracker, and `load(file)`, which reads a matrix
// through `MatrixFile`.

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

  static var loadFunction: FunctionSpec {
    FunctionSpec(
      "load",
      summary: "read a matrix from a CSV file or a NumPy .npy file",
      help: [
        "A file named *.npy (or starting with NumPy's magic string) is read as .npy: float64 or float32, C or Fortran order; a 1-D array becomes a column. Anything else is text: numbers separated by commas or whitespace, one row per line. The path is relative to the working directory. Only a regular file is read (not a device or a FIFO), and a file larger than a matrix within the element limit ('set limit=N') can be is refused before it is read."
      ],
      signature: Signature([Parameter("file")])
    ) { a throws(Diagnostic) in
      guard case .string(let path) = try a.value(0) else {
        throw Diagnostic("the file name must be a string in quotes", at: a.range(0))
      }
      do throws(Diagnostic) {
        return .matrix(try MatrixFile.read(path: path, limit: a.elementLimit))
      } catch {
        throw error.located(at: a.range(0))
      }
    }
  }
}
