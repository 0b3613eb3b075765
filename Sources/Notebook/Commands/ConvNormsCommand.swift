// `convnorms K [n=32] [padding=circular|zero] [stride=1] [gram=6]`: a convolution's operator
// norm beside the bounds people use in its place, with the gap between the true norm and the
// reshaped kernel's σ₁ (what spectral normalisation divides by).

import DenseMatrix

extension CommandTable {
  /// `convnorms K [n=32] [padding=circular] [stride=1] [gram=6]`.
  static var convnorms: CommandSpec {
    CommandSpec(
      "convnorms",
      summary: "a convolution's operator norm beside its reshaped σ₁ and certified upper bounds",
      help: [
        FunctionTable.convolutionConvention,
        "Rows: the σ₁ of the kernel reshaped to c_out × c_in·k… (what spectral normalisation divides by); ‖C‖₂ itself, exact by the FFT for circular padding and stride 1 (the largest σ₁ over the kernel's Fourier blocks, Sedghi, Gupta & Long 2019), else by Golub–Kahan–Lanczos on the operator applied matrix-free (a lower bound, with its steps and residual); the bound sqrt(k)·reshaped σ₁ (k taps); for zero padding or a stride, the exact circular stride-1 norm on n + k − 1 (zero padding) or n, which is a ceiling; Gram iteration's ceiling after gram= iterations (Delattre et al. 2023), which decreases to the circular norm as iterations are added; and the gap ‖C‖₂ / reshaped σ₁. For circular padding, stride 1 and n ≥ k: reshaped σ₁ ≤ ‖C‖₂ ≤ sqrt(k)·reshaped σ₁.",
      ],
      signature: Signature(
        [Parameter("K")],
        options: FunctionTable.convolutionOptions + [
          OptionSpec("gram", help: "Gram iterations of the ceiling, 0 to 30 (default 6)")
        ])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      let conv = try arguments.convolution()
      let gram = try arguments.count(option: "gram") ?? 6
      guard gram <= 30 else {
        throw Diagnostic("gram must be between 0 and 30", at: arguments.range(option: "gram"))
      }
      let norms = try core(at: arguments.range(0)) {
        try conv.norms(gramIterations: gram, limit: arguments.elementLimit)
      }
      let format = context.format
      let positions = conv.spatialRank == 2 ? "\(conv.size)×\(conv.size)" : "\(conv.size)"
      var lines = [
        "  \(conv.spatialRank)-D convolution \(conv.kernel.shapeText) on \(positions), "
          + "\(conv.padding.rawValue) padding, stride \(conv.stride)"
      ]
      let reshapedShape = "\(conv.outputChannels)×\(conv.kernel.elements.count / conv.outputChannels)"
      var table = ReportTable(header: [], indent: "    ")
      table.rows.append(["reshaped σ₁", format.string(norms.reshaped), "σ₁ of K as \(reshapedShape)"])
      if let run = norms.lanczos {
        let how = run.converged ? "converged" : "not converged"
        table.rows.append([
          "‖C‖₂", format.string(norms.norm),
          "Lanczos, \(run.iterations) steps, \(how), residual \(format.string(run.residual))",
        ])
      } else {
        table.rows.append(["‖C‖₂", format.string(norms.norm), "exact, the largest σ₁ of \(fourierBlocks(conv)) Fourier blocks"])
      }
      table.rows.append(["sqrt(k)·reshaped", format.string(norms.tapBound), "upper bound, k = \(conv.taps)"])
      if norms.lanczos != nil {
        table.rows.append([
          "circular n=\(norms.ceilingSize)", format.string(norms.ceiling), "upper bound, exact by the FFT",
        ])
      }
      table.rows.append([
        "Gram bound", format.string(norms.gramBounds[gram]),
        "upper bound after \(gram) iteration\(gram == 1 ? "" : "s")",
      ])
      if norms.reshaped > 0 {
        table.rows.append(["gap", format.string(norms.norm / norms.reshaped), "‖C‖₂ / reshaped σ₁"])
      }
      lines += table.render()
      context.print(lines: lines)
    }
  }

  /// The number of Fourier blocks whose largest σ₁ is the circular norm, n or n².
  private static func fourierBlocks(_ conv: Convolution) -> Int {
    conv.spatialRank == 2 ? conv.size * conv.size : conv.size
  }
}
