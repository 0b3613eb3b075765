// `norms W`: the spectral norm set against the Frobenius norm and the cheap upper bounds, as a
// table and a bar chart of their ratios to ‖W‖₂ (MATH.md §2).

import DenseMatrix
import TermPlot

/// The numbers behind `norms W`: ‖W‖₂ and the quantities compared with it.
struct NormsReport {
  /// One line of the table.
  struct Row {
    /// What is measured, e.g. `‖W‖F`.
    var name: String
    /// Its value.
    var value: Double
    /// A short reading of it.
    var meaning: String
  }

  /// The matrix's shape.
  var shape: Shape
  /// The numerical rank (DenseMatrix's default tolerance, at the ε of W's precision).
  var rank: Int
  /// The format W's entries came from; its ε sets the rank's tolerance.
  var precision: ElementPrecision
  /// ‖W‖₂ = σ₁, exact to rounding (from the SVD's singular values).
  var spectralNorm: Double
  /// The rows, ‖W‖₂ first.
  var rows: [Row]

  /// Computes every quantity of `w`, naming it `name` in the row labels (`‖Q‖₂`).
  /// Cost: one SVD without vectors (by `method`), O(mn·min(m, n)); the rank needs every σᵢ.
  /// - Throws: the core's diagnostic for NaN or ±∞ entries.
  init(_ w: Matrix, name: String, method: SVDMethod = .fast, at range: SourceRange?) throws(Diagnostic) {
    let values = try core(at: range) { try w.singularValues(method: method) }
    let rank = Self.numericalRank(values, shape: w.shape, epsilon: w.precision.epsilon)
    let sigma = values.first ?? 0
    let n = "‖\(name)‖"
    self.shape = w.shape
    self.rank = rank
    self.precision = w.precision
    self.spectralNorm = sigma
    self.rows = [
      Row(name: "\(n)₂", value: sigma, meaning: "exact: the largest singular value σ₁"),
      Row(name: "\(n)F", value: w.frobeniusNorm, meaning: "sqrt(Σ σᵢ²); equals \(n)₂ iff rank 1"),
      Row(
        name: "sqrt(rank)·\(n)₂", value: Double(rank).squareRoot() * sigma,
        meaning: "bounds \(n)F; equal iff all σᵢ > 0 agree"),
      Row(
        name: "sqrt(\(n)₁\(n)∞)", value: w.geometricMeanBound,
        meaning: "cheap bound: max column × max row sum"),
      Row(name: "max|w|·sqrt(mn)", value: w.clippingBound, meaning: "the bound weight clipping controls"),
    ]
  }

  /// The number of singular values above max(m, n)·ε·σ₁ (ε double's unless given).
  ///
  /// NOTE: this is `Matrix.rank()`'s documented default tolerance (NumPy's), applied to singular
  /// values already computed, which saves a second SVD.
  static func numericalRank(
    _ singularValues: [Double], shape: Shape, epsilon: Double = Double.ulpOfOne
  ) -> Int {
    let cut = Matrix.roundingLevel(largest: singularValues.first ?? 0, shape: shape, epsilon: epsilon)
    return singularValues.filter { $0 > cut }.count
  }

  /// Each row's value divided by ‖W‖₂ (NaN for the zero matrix).
  var ratios: [Double] { rows.map { spectralNorm > 0 ? $0.value / spectralNorm : .nan } }

  /// The table and the chart, fitted to `width` columns.
  func render(title: String, name: String, format: NumberFormat, width: Int, style: PlotStyle) -> [String] {
    var table = ReportTable(header: ["", "value", "÷ ‖\(name)‖₂", "what it is"])
    for (row, ratio) in zip(rows, ratios) {
      table.rows.append([row.name, format.string(row.value), ratio.isFinite ? format.string(ratio) : "—", row.meaning])
    }
    table.width = width
    var rendered = table.render()
    if rendered.contains(where: { $0.count > width }) {
      // Too narrow for the readings: keep the numbers.
      table.header.removeLast()
      table.rows = table.rows.map { Array($0.dropLast()) }
      rendered = table.render()
    }
    var lines = ["\(title) : \(shape), rank \(rank)"] + rendered
    let note = precision.roundingNote(for: title).map { ["note: " + $0] } ?? []
    guard spectralNorm > 0 else {
      lines.append("  (the matrix is zero: there are no ratios to draw)")
      return lines + note
    }
    return lines + ratioChart(
      zip(rows, ratios).map { Bar($0.name, $1) }, dividedBy: "‖\(name)‖₂", width: width,
      style: style, format: format) + note
  }
}

extension CommandTable {
  /// The matrix's symbol inside norm formulas (`‖Q‖₂`): its label when that is a short name,
  /// else `W`.
  ///
  /// NOTE: here `W` is the generic symbol of the help text, not a variable: the header line
  /// names the argument (`weight(c, 2) : 1×32`), and a long expression would swamp every row.
  static func normSymbol(_ label: String) -> String {
    Lexer.isIdentifier(label) && label.count <= 4 ? label : "W"
  }

  /// `norms W`.
  static var norms: CommandSpec {
    CommandSpec(
      "norms",
      summary: "‖W‖₂ against ‖W‖F and the cheap bounds, as a table and a bar chart",
      help: [
        "Shows the spectral norm ‖W‖₂ = σ₁ (exact, from the SVD), the Frobenius norm ‖W‖F = sqrt(Σσᵢ²), sqrt(rank)·‖W‖₂, and the cheap upper bounds sqrt(‖W‖₁‖W‖∞) and max|w|·sqrt(mn), each with its ratio to ‖W‖₂.",
        "Always ‖W‖₂ ≤ ‖W‖F ≤ sqrt(rank)·‖W‖₂: equality on the left iff W has rank 1, on the right iff all non-zero singular values are equal (an orthogonal matrix). The bar chart draws each ratio with a mark at 1.",
        "‖W‖₂ and the rank come from all singular values (the rank counts those above max(m, n)·ε·σ₁, with float32's ε for a matrix from a float32 file, which a note line then names). " + FunctionTable.svdMethodHelp,
      ],
      signature: Signature([Parameter("W")], options: [FunctionTable.svdMethodOption])
    ) { context throws(Diagnostic) in
      let w = try context.arguments.matrix(0)
      let label = context.arguments.label(0) ?? "W"
      let name = CommandTable.normSymbol(label)
      let method = try FunctionTable.svdMethod(context.arguments)
      let report = try NormsReport(w, name: name, method: method, at: context.arguments.range(0))
      context.print(
        lines: report.render(
          title: label, name: name, format: context.format, width: context.settings.width,
          style: context.settings.unicodePlots ? .unicode : .ascii))
    }
  }
}
