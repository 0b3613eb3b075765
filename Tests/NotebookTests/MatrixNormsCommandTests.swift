// `norms W` and `svd W`: every printed number against a closed form or a hand computation.

import DenseMatrix
import Testing
import TermPlot

@testable import Notebook

@Suite struct MatrixNormsCommandTests {
  /// The rows of `norms name` for matrix `w` (defined as `name`), by label.
  func normsRows(_ w: Matrix, name: String = "W") -> (output: String, rows: [String: [String]]) {
    let notebook = preciseNotebook()
    notebook.session.define(name, .matrix(w))
    let output = notebook.run("norms \(name)")
    var rows: [String: [String]] = [:]
    for line in output.split(separator: "\n") {
      let c = cells(line)
      if c.count >= 3, rows[c[0]] == nil { rows[c[0]] = c }
    }
    return (output, rows)
  }

  /// Checks the five rows against σ₁, the rank and loop-computed norms.
  func expectTable(_ w: Matrix, sigma1: Double, rank: Int, name: String = "W") {
    let (output, rows) = normsRows(w, name: name)
    let n = "‖\(name)‖"
    let expected: [(String, Double)] = [
      ("\(n)₂", sigma1),
      ("\(n)F", Reference.frobenius(w)),
      ("sqrt(rank)·\(n)₂", Double(rank).squareRoot() * sigma1),
      ("sqrt(\(n)₁\(n)∞)", (Reference.norm1(w) * Reference.normInf(w)).squareRoot()),
      ("max|w|·sqrt(mn)", (w.elements.map(abs).max() ?? 0) * Double(w.rows * w.columns).squareRoot()),
    ]
    #expect(output.hasPrefix("\(name) : \(w.shape), rank \(rank)\n"))
    for (label, value) in expected {
      let row = rows[label]
      #expect(close(row.flatMap { Double($0[1]) }, value, relative: 1e-10), "\(label): \(row ?? [])")
      #expect(close(row.flatMap { Double($0[2]) }, value / sigma1, relative: 1e-10), "\(label) ratio")
    }
    // One bar per row, each with the mark at 1 inside it.
    let bars = output.split(separator: "\n").filter { $0.contains("|#") }
    #expect(bars.count == 5)
    let fills = bars.map { $0.filter { $0 == "#" }.count }
    let ratios = expected.map { $0.1 / sigma1 }
    for i in 0 ..< 5 {
      for j in 0 ..< 5 where ratios[i] < ratios[j] - 0.05 { #expect(fills[i] <= fills[j]) }
    }
  }

  @Test func diagonal() throws {
    expectTable(try Matrix([[3, 0], [0, 4]]), sigma1: 4, rank: 2)
  }

  @Test func rankOne() throws {
    let u = [1.0, 2, 2]
    let v = [3.0, 4]
    let w = try Matrix(u.map { a in v.map { a * $0 } })
    expectTable(w, sigma1: 15, rank: 1, name: "R")
    let rows = normsRows(w, name: "R").rows
    #expect(rows["‖R‖F"]?[2] == "1")
  }

  @Test func orthogonal() throws {
    var rng = RandomSource(seed: 11)
    let q = try Matrix.orth(6, using: &rng)
    expectTable(q, sigma1: 1, rank: 6, name: "Q")
  }

  @Test func randomGaussian() throws {
    var rng = RandomSource(seed: 3)
    let a = try Matrix.randn(12, 7, using: &rng)
    expectTable(a, sigma1: Reference.sigma1(a), rank: 7, name: "A")
  }

  @Test func aLongNameOrAnExpressionIsLabelledAsWrittenAndCalledWInTheFormulas() throws {
    let notebook = TestNotebook()
    let output = notebook.run("layer = [1 0; 0 2]", "norms layer", "norms [1 0; 0 2]")
    #expect(output.contains("layer : 2×2, rank 2\n"))
    #expect(output.contains("[1 0; 0 2] : 2×2, rank 2\n"))
    #expect(output.contains("  ‖W‖₂  ") || output.contains("  ‖W‖₂ "))
  }

  @Test func anExpressionIsNeverLabelledWithAVariablesName() {
    // A variable W with another value must not lend its name to eye(2).
    let notebook = TestNotebook()
    notebook.run("W = [5 0; 0 7]")
    let output = notebook.run("norms eye(2)", "svd eye(2)", "show eye(2)", "show (W +\n 1)")
    let headers = output.split(separator: "\n").filter { $0.contains(" : ") }
    #expect(
      headers == [
        "eye(2) : 2×2, rank 2", "eye(2) : 2×2, 2 singular values", "eye(2) : 2×2", "(W + 1) : 2×2",
      ])
    #expect(notebook.run("svd W").hasPrefix("W : 2×2, 2 singular values\n"))
  }

  @Test func aNarrowWidthDropsTheReadingsAndSplitsTheFacts() {
    let notebook = TestNotebook()
    let output = notebook.run("set width=40", "W = [3 0; 0 4]", "norms W", "svd W")
    let lines = output.split(separator: "\n")
    #expect(!lines.contains { $0.count > 40 })
    #expect(lines.map(cells).contains(["‖W‖F", "5", "1.25"]))
    #expect(lines.contains("  sqrt(Σσᵢ²) = ‖W‖F = 5"))
    let wide = TestNotebook().run("W = [3 0; 0 4]", "norms W")
    #expect(wide.split(separator: "\n").map(cells).contains(["‖W‖F", "5", "1.25", "sqrt(Σ σᵢ²); equals ‖W‖₂ iff rank 1"]))
  }

  @Test func theZeroMatrixHasNoRatios() {
    let output = TestNotebook().run("norms zeros(2, 3)")
    #expect(output.contains("zeros(2, 3) : 2×3, rank 0\n"))
    #expect(output.contains("(the matrix is zero: there are no ratios to draw)"))
    #expect(!output.contains("|#"))
  }

  // Tables end without blanks; the bar charts under them are padded, every line one width.
  @Test func barChartLinesHaveOneWidth() throws {
    let output = TestNotebook().run("W = randn(5, 4, seed=1)", "norms W", "svd W")
    let lines = output.split(separator: "\n").map(String.init)
    let bars = lines.filter { $0.contains(" |") }
    #expect(bars.count == 9)
    #expect(Set(bars.filter { $0.hasPrefix("  ‖") || $0.hasPrefix("  sqrt") || $0.hasPrefix("  max") }
      .map(TextWidth.of)).count == 1)
    #expect(Set(bars.filter { $0.hasPrefix("  σ") }.map(TextWidth.of)).count == 1)
    #expect(bars.allSatisfy { TextWidth.of($0) <= 80 })
    #expect(!lines.filter { !$0.contains(" |") }.contains { $0.last == " " })
  }

  @Test func nonFiniteEntriesAreADiagnostic() {
    let notebook = TestNotebook()
    notebook.session.define("W", .matrix(try! Matrix([[1, .nan]])))
    #expect(notebook.outcome("norms W") == .failed)
    #expect(notebook.console.text.contains("error: the matrix has NaN or Inf entries"))
  }

  @Test func svdOfADiagonalMatrix() throws {
    let notebook = preciseNotebook()
    let output = notebook.run("D = diag([1 5 3 2 4])", "svd D")
    #expect(output.contains("D : 5×5, 5 singular values\n"))
    #expect(output.contains("σ₁ = ‖D‖₂ = 5, sqrt(Σσᵢ²) = ‖D‖F = \(NumberFormat(digits: 17).string(55.0.squareRoot())), σ₂/σ₁ = 0.80000000000000004"))
    #expect(output.contains("σ₁/σ₅ = 5 (the condition number)"))
    let values = output.split(separator: "\n").filter { $0.hasPrefix("  σ") && $0.contains("|") }
      .map { Double(String($0.split(separator: " ").last!)) }
    #expect(values == [5, 4, 3, 2, 1])
  }

  @Test func aNumericallySingularMatrixHasItsConditionNumberMarked() {
    // σ₂ of [1 2; 2 4] is rounding noise (NumPy's cond gives 2.5e16 too): a huge finite ratio,
    // marked in `svd`; Inf is kept for an exact zero σ_min.
    let output = TestNotebook().run("svd [1 2; 2 4]", "cond([1 2; 2 4])", "svd zeros(2, 2)", "cond(zeros(2, 2))")
    #expect(output.contains(" (the condition number; σ₂ is below rounding level)\n"))
    #expect(output.contains("  σ₁/σ₂ = Inf (the condition number)\n"))
    #expect(output.hasSuffix("Inf\n"))
    let cond = TestNotebook().run("cond([1 2; 2 4])")
    #expect(Double(cond.split(separator: "\n").last.map(String.init) ?? "").map { $0 > 1e15 } == true)
  }

  @Test func svdElidesTheMiddleOfALongSpectrum() throws {
    var rng = RandomSource(seed: 5)
    let a = try Matrix.randn(30, 20, using: &rng)
    let notebook = preciseNotebook()
    notebook.session.define("A", .matrix(a))
    let output = notebook.run("svd A")
    let lines = output.split(separator: "\n").map(String.init)
    let labels = lines.filter { $0.contains("|") }.map { String($0.split(separator: " ")[0]) }
    #expect(labels == ["σ₁", "σ₂", "σ₃", "σ₄", "σ₅", "σ₆", "σ₇", "σ₈", "σ₉", "σ₁₀", "σ₁₇", "σ₁₈", "σ₁₉", "σ₂₀"])
    #expect(lines.contains("  ⋮  (6 more)"))
    let first = lines.first { $0.hasPrefix("  σ₁ ") && $0.contains("|") }.flatMap { Double(String($0.split(separator: " ").last!)) }
    #expect(close(first, Reference.sigma1(a), relative: 1e-10))
    let frobenius = NumberFormat(digits: 17).string(Reference.frobenius(a))
    let printed = lines[1].split(separator: "=").map { $0.trimmingCharacters(in: " ,") }
    #expect(close(Double(printed[4].split(separator: ",")[0]), Reference.frobenius(a), relative: 1e-12), "\(frobenius)")
  }
}

extension Substring {
  func trimmingCharacters(in set: String) -> String {
    var s = self
    while let c = s.first, set.contains(c) { s.removeFirst() }
    while let c = s.last, set.contains(c) { s.removeLast() }
    return String(s)
  }
}
