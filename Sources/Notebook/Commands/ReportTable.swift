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
  /// When set, a last-column text that would run past this many columns wraps at spaces onto
  /// lines indented to that column (kept whole when fewer than 16 columns would remain).
  var width: Int? = nil

  /// The lines of the table, header first. O(cells).
  func render() -> [String] {
    let all = (header.allSatisfy(\.isEmpty) ? [] : [header]) + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in all {
      for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) }
    }
    // Where the last column starts, and the room it has.
    let lastStart = indent.count + widths.dropLast().reduce(0, +) + 2 * max(columns - 1, 0)
    let room = width.map { $0 - lastStart } ?? Int.max
    return all.flatMap { row -> [String] in
      var line = indent
      var continuation: [String] = []
      for (j, cell) in row.enumerated() {
        var text = cell
        if j == columns - 1, j > 0, room >= 16, TextWidth.of(cell) > room {
          let pieces = TextWidth.wrapped(cell.split(separator: " ").map(String.init), width: room)
          text = pieces.first ?? cell
          continuation = pieces.dropFirst().map { String(repeating: " ", count: lastStart) + $0 }
        }
        let pad = String(repeating: " ", count: max(0, widths[j] - text.count))
        line += (j == 0 ? "" : "  ") + (rightAligned.contains(j) ? pad + text : text + pad)
      }
      while line.last == " " { line.removeLast() }
      return [line] + continuation
    }
  }
}

/// `σ` with `index` as subscript digits: `σ₁₂`.
func subscripted(_ base: String, _ index: Int) -> String {
  let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
  return base + String(String(index).compactMap { $0.wholeNumberValue.map { digits[$0] } })
}

/// The bar chart under a table of upper bounds: each value divided by the quantity `what` it
/// bounds, with a mark at 1, preceded by a blank line and its caption. Used by `norms` and `lip`.
func ratioChart(
  _ bars: [Bar], dividedBy what: String, width: Int, style: PlotStyle, format: NumberFormat
) -> [String] {
  let chart = BarChart(
    bars: bars, width: width - 2, style: style, reference: 1, format: { format.string($0) })
  return ["", "  each value ÷ \(what), with a mark at 1:"]
    + chart.render().map { "  " + $0 }
}
