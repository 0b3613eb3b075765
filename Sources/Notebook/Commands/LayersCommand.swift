// `layers w`: one row per weight of a loaded model — what WeightWatcher-style tools tabulate — with each
// layer's Frobenius norm, spectral norm σ₁ (Golub–Kahan–Lanczos) and stable rank ‖W‖_F²/σ₁², and
// a bar chart of σ₁ by layer. A convolution kernel c_out×c_in×k (×k) is measured as the matrix
// c_out × (c_in·k…) it reshapes to, the σ₁ spectral normalization divides by (a lower bound of
// the convolution's operator norm, at most sqrt(k…) times below it for stride 1).

import DenseMatrix
import TermPlot

/// What a weight is, from its rank and name.
enum LayerKind: String, Sendable {
  case dense, conv1d, conv2d, embedding, vector

  /// The kind of a tensor of `rank` called `name`: rank 1 a vector (a bias, a norm's scale),
  /// rank 2 dense or, when its name says so (`embed`, GPT-2's `wte`/`wpe`), an embedding, rank 3
  /// a 1-D convolution kernel c_out×c_in×k, rank 4 a 2-D one c_out×c_in×kh×kw.
  init?(rank: Int, name: String) {
    switch rank {
    case 1: self = .vector
    case 2:
      let lower = name.lowercased()
      let embedding = lower.contains("embed") || lower.split(separator: ".").contains { $0 == "wte" || $0 == "wpe" }
      self = embedding ? .embedding : .dense
    case 3: self = .conv1d
    case 4: self = .conv2d
    default: return nil
    }
  }
}

/// One row of `layers`.
struct LayerRow: Sendable, Equatable {
  let name: String
  let shape: String
  let kind: LayerKind
  let frobenius: Double
  /// σ₁ of the weight as a matrix (a kernel reshaped to c_out × c_in·k…); nil for a vector.
  let sigma: Double?
  /// For a convolution kernel, the operator norm of its convolution with circular padding and
  /// stride 1 (`LayerReport.convolutionSize`); nil otherwise.
  var operatorNorm: Double? = nil

  /// ‖W‖_F²/σ₁², between 1 and the rank; nil for a vector or a zero weight.
  var stableRank: Double? {
    guard let sigma, sigma > 0 else { return nil }
    let ratio = frobenius / sigma
    return ratio * ratio
  }
}

/// The analysis behind `layers`: its rows, and what was left out.
struct LayerReport: Sendable {
  var rows: [LayerRow] = []
  /// Tensors that are not weights: scalars and integer or boolean arrays.
  var skipped: [String] = []
  /// How many weights there are in all (fewer rows when interrupted).
  var weightCount = 0

  /// The Lanczos tolerance: σ₁ to about ten digits, far below what the table prints.
  static let tolerance = 1e-10

  /// The input size per axis a convolution's operator norm is taken on: `size` positions, or
  /// the kernel's largest spatial size when that is larger.
  static func convolutionSize(_ size: Int, kernel: [Int]) -> Int { max(size, kernel.dropFirst(2).max() ?? 1) }

  /// Measures every floating-point weight of `model` in file order, calling `progress(done,
  /// total)` before each; stops early (rows so far) when `isInterrupted()` turns true. A
  /// convolution kernel's operator norm is taken with circular padding on `convolutionSize(size,…)`
  /// positions per axis, within `limit` elements.
  /// Cost: per weight one pass for ‖W‖_F and a Lanczos run (a few dozen passes over W); per
  /// kernel also c_out·c_in FFTs and the σ₁ of about n^d/2 Fourier blocks.
  init(
    _ model: TensorArchive, size: Int = 32, limit: Int = Matrix.defaultElementLimit,
    isInterrupted: () -> Bool = { false }, progress: (Int, Int, String) -> Void = { _, _, _ in }
  ) throws {
    var weights: [(NamedTensor, LayerKind)] = []
    for t in model.tensors {
      if let kind = LayerKind(rank: t.storedShape.count, name: t.name), t.isFloatingPoint {
        weights.append((t, kind))
      } else {
        skipped.append(t.name)
      }
    }
    weightCount = weights.count
    for (i, (t, kind)) in weights.enumerated() {
      if isInterrupted() { break }
      progress(i, weights.count, t.name)
      let shape = t.tensor.shape
      let matrix = try Matrix(rows: shape[0], columns: t.tensor.elements.count / shape[0], elements: t.tensor.elements)
      let frobenius = matrix.frobeniusNorm
      var sigma: Double? = nil
      if kind != .vector {
        sigma = try matrix.largestSingularTriplet(tolerance: Self.tolerance, isInterrupted: isInterrupted).sigma
      }
      var row = LayerRow(name: t.name, shape: t.shapeText, kind: kind, frobenius: frobenius, sigma: sigma)
      if kind == .conv1d || kind == .conv2d, !isInterrupted() {
        let conv = try Convolution(kernel: t.tensor, size: Self.convolutionSize(size, kernel: shape), limit: limit)
        row.operatorNorm = try conv.circularSpectrum(gramIterations: 0, limit: limit).norm
      }
      if isInterrupted() { break }
      rows.append(row)
    }
  }

  /// The table, its notes and the bar chart of σ₁; `size` is the n convolutions were taken on.
  func render(format: NumberFormat, width: Int, style: PlotStyle, size: Int = 32) -> [String] {
    let convolutions = rows.contains { $0.operatorNorm != nil }
    var header = ["name", "shape", "kind", "‖W‖_F", "σ₁", "‖W‖_F²/σ₁²"]
    if convolutions { header += ["‖C‖₂", "‖C‖₂/σ₁"] }
    var table = ReportTable(header: header, rightAligned: Set(3 ..< header.count))
    for row in rows {
      var cells = [
        row.name, row.shape, row.kind.rawValue, format.string(row.frobenius),
        row.sigma.map(format.string) ?? "—", row.stableRank.map(format.string) ?? "—",
      ]
      if convolutions {
        let gap = row.operatorNorm.flatMap { norm in row.sigma.flatMap { $0 > 0 ? norm / $0 : nil } }
        cells += [row.operatorNorm.map(format.string) ?? "—", gap.map(format.string) ?? "—"]
      }
      table.rows.append(cells)
    }
    var lines = table.render()
    if convolutions {
      lines += wrappedLine(
        "a convolution's σ₁ is that of its kernel reshaped to c_out × (c_in·k…), what spectral normalization divides by; ‖C‖₂ is the convolution's own operator norm, exact by the FFT, with circular padding and stride 1 on n = \(size) positions per axis (or the kernel's size where larger): σ₁ ≤ ‖C‖₂ ≤ sqrt(k…)·σ₁; convnorms K gives zero padding and strides",
        at: " ", width: width, indent: "  ", hang: 0)
    }
    if !skipped.isEmpty {
      lines += wrappedLine(
        "not weights, left out: " + skipped.joined(separator: ", "), at: ", ", width: width, indent: "  ", hang: 2)
    }
    let bars = rows.compactMap { row in row.sigma.map { Bar(row.name, $0) } }
    if !bars.isEmpty {
      let chart = BarChart(bars: bars, width: width - 2, style: style, reference: 1, format: { format.string($0) })
      lines += ["", "  σ₁ by layer, with a mark at 1:"] + chart.render().map { "  " + $0 }
    }
    return lines
  }
}

extension CommandTable {
  /// `layers w`.
  static var layers: CommandSpec {
    CommandSpec(
      "layers",
      summary: "one row per weight of loaded weights: shape, kind, ‖W‖_F, σ₁ and stable rank, and a chart of σ₁",
      help: [
        "For weights loaded from a model file (w = load(\"model.safetensors\") or .npz) lists every floating-point weight in file order: its name, shape, kind — vector (rank 1: a bias or a norm's scale), dense (rank 2), embedding (rank 2 named *embed*, wte or wpe), conv1d (c_out×c_in×k), conv2d (c_out×c_in×kh×kw) — its Frobenius norm ‖W‖_F, its spectral norm σ₁ by Golub–Kahan–Lanczos (to a relative 1e-10, from seed 0) and its stable rank ‖W‖_F²/σ₁², between 1 and the rank: small when one direction dominates. A kernel is measured as the matrix c_out × (c_in·k…) it reshapes to, the σ₁ spectral normalization divides by, and by the operator norm ‖C‖₂ of its convolution — exact by the FFT (Sedghi, Gupta & Long 2019) with circular padding and stride 1 on n positions per axis (n=, default 32, raised to the kernel's size) — with the gap ‖C‖₂/σ₁: for stride 1, σ₁ ≤ ‖C‖₂ ≤ sqrt(k…)·σ₁. convnorms K adds zero padding, strides and Gram bounds. Scalars and integer or boolean arrays are listed as left out. Below the table, a bar chart of σ₁ by layer with a mark at 1, where a layer stops being 1-Lipschitz.",
        "At a terminal a progress bar names the layer being measured; Ctrl-C stops after the current one and prints the rows so far.",
      ],
      signature: Signature(
        [Parameter("w")],
        options: [
          OptionSpec("n", help: "the input size per axis a convolution's operator norm ‖C‖₂ is taken on (default 32; at least the kernel's size)")
        ])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      let value = try arguments.value(0)
      guard case .object(let object as WeightsValue) = value else {
        throw Diagnostic(
          "layers needs weights loaded from a file, got \(value.article)", at: arguments.range(0),
          notes: ["w = load(\"model.safetensors\") (or .npz) reads them"])
      }
      let size = try arguments.count(option: "n") ?? 32
      guard size >= 1 else { throw Diagnostic("n must be at least 1", at: arguments.range(option: "n")) }
      let report = try core(at: arguments.range(0)) {
        try LayerReport(
          object.archive, size: size, limit: arguments.elementLimit, isInterrupted: { context.isInterrupted },
          progress: { done, total, name in context.progress("layers", done: done, of: total, detail: name) })
      }
      var lines = report.render(
        format: context.format, width: context.settings.width,
        style: context.settings.unicodePlots ? .unicode : .ascii, size: size)
      if report.rows.count < report.weightCount {
        lines.append("  interrupted after \(report.rows.count) of \(report.weightCount) weights")
      }
      context.print(lines: lines)
    }
  }
}
