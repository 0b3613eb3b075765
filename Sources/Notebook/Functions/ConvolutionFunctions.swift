// convnorm(K, n=32, padding=circular, stride=1): the operator norm of the convolution with a
// kernel held as a tensor (c_out×c_in×k or c_out×c_in×kh×kw), and the reading of a kernel and
// its options that the `convnorms` command shares.

import DenseMatrix

extension FunctionTable {
  /// The options that describe the convolution a kernel makes.
  static let convolutionOptions = [
    OptionSpec("n", help: "the input's spatial size per axis, n (1-D) or n×n (2-D) (default 32)"),
    OptionSpec(
      "padding", .word, help: "circular (indices wrap, exact by the FFT; default) or zero",
      values: ConvolutionPadding.allCases.map(\.rawValue)),
    OptionSpec("stride", help: "the stride per axis, 1 to n (default 1)"),
  ]

  /// The convention both convnorm and convnorms state in their help.
  static let convolutionConvention =
    "The kernel is a tensor c_out×c_in×k (1-D) or c_out×c_in×kh×kw (2-D), PyTorch's layout; the convolution is PyTorch's cross-correlation with 'same' offsets p = ⌊(k − 1)/2⌋ per axis, y[o, i] = Σ_c Σ_t K[o, c, t]·x[c, s·i + t − p], on inputs of n (or n×n) positions: padding=circular takes the index mod n, padding=zero drops the terms outside the input; there are ⌈n/s⌉ outputs per axis."

  static var convolutionFunctions: [FunctionSpec] {
    [
      FunctionSpec(
        "convnorm",
        summary: "the operator norm ‖C‖₂ of the convolution with kernel K",
        help: [
          convolutionConvention,
          "With circular padding and stride 1 the norm is exact to rounding: the largest σ₁ over the n (or n²) c_out×c_in blocks of the kernel's discrete Fourier transform (Sedghi, Gupta & Long 2019). With zero padding or a stride above 1 it is Golub–Kahan–Lanczos on the operator applied matrix-free, run to a residual of 1e-12·σ (an error when it does not converge in 200 steps). 'convnorms K' shows the cheap bounds beside it.",
        ],
        signature: Signature([Parameter("K")], options: convolutionOptions)
      ) { a throws(Diagnostic) in
        let conv = try a.convolution()
        let norms = try core(at: a.range) {
          try conv.norms(gramIterations: 0, limit: a.elementLimit)
        }
        if let run = norms.lanczos, !run.converged {
          let format = NumberFormat(digits: a.settings.digits)
          throw Diagnostic(
            "Lanczos did not converge in \(run.iterations) steps", at: a.range,
            notes: ["σ ≈ \(format.string(run.sigma)), residual \(format.string(run.residual))"])
        }
        return .number(norms.norm)
      }
    ]
  }
}

extension Arguments {
  /// Positional 0 as a convolution kernel with the options n=, padding=, stride=.
  func convolution() throws(Diagnostic) -> Convolution {
    let value = try value(0)
    guard let kernel = value.tensor, kernel.rank == 3 || kernel.rank == 4 else {
      throw Diagnostic(
        "a convolution kernel is a tensor c_out×c_in×k or c_out×c_in×kh×kw, got \(value.article)",
        at: range(0))
    }
    guard kernel.elements.allSatisfy(\.isFinite) else {
      throw Diagnostic("the kernel has NaN or Inf entries", at: range(0))
    }
    let n = try count(option: "n") ?? 32
    guard n >= 1 else { throw Diagnostic("n must be at least 1", at: range(option: "n")) }
    let stride = try count(option: "stride") ?? 1
    guard stride >= 1, stride <= n else {
      throw Diagnostic("stride must be between 1 and n = \(n)", at: range(option: "stride"))
    }
    let padding = ConvolutionPadding(rawValue: try word(option: "padding") ?? "circular") ?? .circular
    return try core(at: range(option: "n")) {
      try Convolution(kernel: kernel, size: n, padding: padding, stride: stride, limit: elementLimit)
    }
  }
}
