// The aligned text tables of the matrix commands (`norms`, `svd`, `step`): columns padded to
// their widest cell, two spaces apart, no trailing blanks — plain text that reads the same in a
// terminal and in a transcript.

import TermPlot

/// A table of text cells rendered with aligned columns.
struct ReportTable {
  /// The header cells (an empty header line is left out).
  var header: [String]
  /// The rows; a row may have fewer cells than the header.
  var rows: [[String]] = []
  /// Columns whose cells are right-aligned (counts such as `k`).
  var rightAligned: Set<Int> = []
  /// Text before every line.
  var indent = "  "

  /// The lines of the table, header first. O(cells).
  func render() -> [String] {
    let all = (header.allSatisfy(\.isEmpty) ? [] : [header]) + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in all {
      for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) }
    }
    return all.map { row in
      var line = indent
      for (j, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[j] - cell.count)
        line += (j == 0 ? "" : "  ") + (rightAligned.contains(j) ? pad + cell : cell + pad)
      }
      while line.last == " " { line.removeLast() }
      return line
    }
  }
}

/// `σ` with `index` as subscript digits: `σ₁₂`.
func subscripted(_ base: String, _ index: Int) -> String {
  let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
  return base + String(String(index).compactMap { $0.wholeNumberValue.map { digits[$0] } })
}

/// `lines` without trailing blanks (plots pad their lines to one width; transcripts should not
/// depend on invisible spaces an editor may strip).
func trimmingTrailingBlanks(_ lines: [String]) -> [String] {
  lines.map { line in
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }
}

/// The bar chart under a table of upper bounds: each value divided by the quantity `what` it
/// bounds, with a mark at 1, preceded by a blank line and its caption. Used by `norms` and `lip`.
func ratioChart(
  _ bars: [Bar], dividedBy what: String, width: Int, style: PlotStyle, format: NumberFormat
) -> [String] {
  let chart = BarChart(
    bars: bars, width: width - 2, style: style, reference: 1, format: { format.string($0) })
  return ["", "  each value ÷ \(what), with a mark at 1:"]
    + trimmingTrailingBlanks(chart.render().map { "  " + $0 })
}
