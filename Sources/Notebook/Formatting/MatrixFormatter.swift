// Prints a matrix as a header and aligned, right-justified columns, eliding the middle rows and
// columns of a large matrix so that the output fits the width setting.

import DenseMatrix

/// Renders matrices as text lines: `W : 2×2` then one line per row.
///
/// Every entry goes through `NumberFormat`; columns are right-justified, two spaces apart and
/// indented by two spaces. With `elide`, at most `maxRows` rows are shown (the first and the last
/// ones, a marker row between) and only as many columns as fit in `width` (the first and last
/// ones, a marker column between). The marker is `…` (vertical `⋮`) or, when `ascii`, `...`, so
/// ASCII transcripts stay ASCII. Cost: formats only the entries shown.
public struct MatrixFormatter: Sendable {
  /// How numbers are written.
  public var format: NumberFormat
  /// Total output width in columns.
  public var width: Int
  /// Use `...` instead of `…`/`⋮`.
  public var ascii: Bool
  /// The most rows printed when eliding (the marker row included).
  public var maxRows: Int = 16

  /// A formatter for the given settings.
  public init(settings: Settings) {
    self.format = NumberFormat(digits: settings.digits)
    self.width = settings.width
    self.ascii = !settings.unicodePlots
  }

  /// The header line: `name : m×n`, or just `m×n` without a name.
  public func header(_ matrix: Matrix, name: String?) -> String {
    if let name { return "\(name) : \(matrix.shape)" }
    return "\(matrix.shape)"
  }

  /// The header followed by the rows (elided unless `elide` is false).
  public func lines(_ matrix: Matrix, name: String?, elide: Bool = true) -> [String] {
    [header(matrix, name: name)] + body(matrix, elide: elide)
  }

  /// The rows of `matrix`, without a header; a matrix with no entries gives no lines. Every
  /// entry of a large matrix (`elide` false) may take a while: the formatting then stops, with
  /// no lines, as soon as `Interruption` asks (checked between columns and rows; the caller
  /// reports it).
  public func body(_ matrix: Matrix, elide: Bool = true) -> [String] {
    guard matrix.rows > 0, matrix.columns > 0 else { return [] }
    let rowPlan = MatrixFormatter.plan(count: matrix.rows, limit: elide ? maxRows : Int.max)
    // Cells of all candidate columns for the shown rows, formatted lazily column by column.
    func cells(_ j: Int) -> [String] {
      rowPlan.map { i in i.map { format.string(matrix[$0, j]) } ?? verticalMarker }
    }
    let columnsShown = elide ? fittedColumns(matrix.columns, cells: cells) : (0..<matrix.columns).map { Optional($0) }
    var columnCells: [[String]] = []
    for j in columnsShown {
      if !elide && Interruption.isRequested { return [] }
      if let j { columnCells.append(cells(j)) } else {
        columnCells.append(rowPlan.map { _ in horizontalMarker })
      }
    }
    let widths = columnCells.map { column in column.map(\.count).max() ?? 0 }
    var lines: [String] = []
    for r in rowPlan.indices {
      if !elide && Interruption.isRequested { return [] }
      var line = ""
      for (c, column) in columnCells.enumerated() {
        line += "  " + String(repeating: " ", count: widths[c] - column[r].count) + column[r]
      }
      lines.append(line)
    }
    return lines
  }

  private var horizontalMarker: String { ascii ? "..." : "…" }
  var verticalMarker: String { ascii ? "..." : "⋮" }

  /// Indices to show out of `count`, with `nil` for the marker: all of them when they fit in
  /// `limit`, else the first ⌈(limit−1)/2⌉ and the last ⌊(limit−1)/2⌋.
  /// The indices 0..<count to show, at most `limit` of them: the first and last ones, `nil` for
  /// the marker between.
  static func plan(count: Int, limit: Int) -> [Int?] {
    if count <= limit { return (0..<count).map { $0 } }
    let head = limit / 2
    let tail = limit - 1 - head
    return (0..<head).map { $0 } + [nil] + (count - tail..<count).map { $0 }
  }

  /// Columns that fit the width, taken alternately from the left and the right end, with `nil`
  /// for the marker column when some are left out. At least the first column is always shown.
  private func fittedColumns(_ count: Int, cells: (Int) -> [String]) -> [Int?] {
    func columnWidth(_ j: Int) -> Int { 2 + (cells(j).map(\.count).max() ?? 0) }
    let markerWidth = 2 + horizontalMarker.count
    var left: [Int] = []
    var right: [Int] = []
    var used = 0
    var nextLeft = 0
    var nextRight = count - 1
    var takeLeft = true
    while nextLeft <= nextRight {
      let j = takeLeft ? nextLeft : nextRight
      let w = columnWidth(j)
      let remainingAfter = nextRight - nextLeft  // columns still unplaced after this one
      let reserve = remainingAfter > 0 ? markerWidth : 0
      if used + w + reserve > width && !(left.isEmpty && right.isEmpty) { break }
      used += w
      if takeLeft { left.append(j); nextLeft += 1 } else { right.append(j); nextRight -= 1 }
      takeLeft.toggle()
    }
    if nextLeft > nextRight { return (left + right.reversed()).map { $0 } }
    return left.map { $0 } + [nil] + right.reversed().map { $0 }
  }
}
