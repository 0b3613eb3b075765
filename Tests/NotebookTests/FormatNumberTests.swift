// Number and matrix formatting: the exact text of printed numbers and matrices.

import DenseMatrix
import TermPlot
import Testing

@testable import Notebook

@Test(arguments: [
  (4.0, 6, "4"),
  (0.1 + 0.2, 6, "0.3"),
  (1e-12, 6, "1e-12"),
  (123456789.0, 6, "1.23457e+08"),
  (123456.0, 6, "123456"),
  (1234567.0, 6, "1.23457e+06"),
  (0.0001, 6, "0.0001"),
  (0.00001, 6, "1e-05"),
  (-2.5, 6, "-2.5"),
  (-0.0, 6, "0"),
  (0.0, 6, "0"),
  (1.0 / 3.0, 6, "0.333333"),
  (1.0 / 3.0, 3, "0.333"),
  (2.0 / 3.0, 2, "0.67"),
  (0.1 + 0.2, 17, "0.30000000000000004"),
  (Double.pi, 8, "3.1415927"),
  (999999.5, 6, "1e+06"),
  (1.5e300, 6, "1.5e+300"),
  (Double.nan, 6, "NaN"),
  (Double.infinity, 6, "Inf"),
  (-Double.infinity, 6, "-Inf"),
])
func numberFormat(value: Double, digits: Int, expected: String) {
  #expect(NumberFormat(digits: digits).string(value) == expected)
}

@Test func digitsAreClamped() {
  #expect(NumberFormat(digits: 0).digits == 1)
  #expect(NumberFormat(digits: 40).digits == 17)
}

@Test func smallMatrixIsAlignedRightJustified() throws {
  let m = try Matrix([[1, -2.5], [300, 4]])
  let lines = MatrixFormatter(settings: Settings()).lines(m, name: "W")
  #expect(lines == ["W : 2×2", "    1  -2.5", "  300     4"])
}

@Test func unnamedMatrixHeaderIsTheShape() throws {
  let lines = MatrixFormatter(settings: Settings()).lines(try Matrix([[1, 2, 3]]), name: nil)
  #expect(lines == ["1×3", "  1  2  3"])
}

@Test func emptyMatrixHasOnlyAHeader() {
  #expect(MatrixFormatter(settings: Settings()).lines(Matrix(rows: 0, columns: 3), name: "E") == ["E : 0×3"])
}

@Test func largeMatrixIsElidedToFitTheWidth() throws {
  // Entries i*100 + j: every cell's text is known independently.
  var m = Matrix(rows: 40, columns: 40)
  for i in 0..<40 { for j in 0..<40 { m[i, j] = Double(i * 100 + j) } }
  var settings = Settings()
  settings.width = 40
  let lines = MatrixFormatter(settings: settings).lines(m, name: "A")
  #expect(lines.first == "A : 40×40")
  #expect(lines.count == 1 + 16)
  #expect(lines.dropFirst().allSatisfy { $0.count <= 40 })
  // The first row starts with columns 0, 1, … and ends with … 38, 39.
  let first = lines[1].split(separator: " ").map(String.init)
  #expect(first.first == "0" && first.last == "39" && first.contains("..."))
  // Rows: the first 8, a marker row, the last 7.
  #expect(lines[9].split(separator: " ").allSatisfy { $0 == "..." })
  #expect(lines[10].split(separator: " ").first == "3300")
  #expect(lines[16].split(separator: " ").first == "3900")
  #expect(lines.dropFirst().allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
}

@Test func unicodeSettingUsesEllipsisCharacters() {
  var settings = Settings()
  settings.unicodePlots = true
  settings.width = 40
  let m = Matrix(rows: 30, columns: 30, repeating: 1)
  let lines = MatrixFormatter(settings: settings).lines(m, name: nil)
  #expect(lines[1].contains("…"))
  #expect(lines.contains { $0.contains("⋮") })
}

@Test func showPrintsEveryEntry() {
  let nb = TestNotebook()
  nb.run("A = ones(20, 30)")
  let out = nb.run("show A")
  let lines = out.split(separator: "\n")
  #expect(lines.count == 21)
  #expect(lines[1] == Substring(String(repeating: "  1", count: 30)))
}

@Test(arguments: [Double.nan, .infinity, -.infinity, 0, -0.0, 1e-12, 123456789, 0.1 + 0.2, -2.5e300])
func valuesPlotLabelsAndMessagesSpellNumbersAlike(x: Double) {
  // One spelling across the targets: tables, plot labels and the core's messages.
  #expect(NumberFormat(digits: 3).string(x) == PlotNumber.significant(x, digits: 3))
  if !x.isFinite { #expect(x.messageText == NumberFormat().string(x)) }
}
