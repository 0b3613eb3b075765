// Delimited text as a matrix: one row per line, numbers separated by commas or whitespace.
//
// Rules:
// - A line that contains a comma is split at commas (spaces around a cell are ignored; an empty
//   cell is an error); any other line is split at runs of spaces and tabs.
// - Blank lines and lines whose first non-blank character is `#` are skipped (NumPy's `savetxt`
//   writes its header that way).
// - The first non-skipped line is a header, and skipped, when none of its cells is a number;
//   a line that mixes numbers and words is an error at the first word.
// - Every row has the number of cells of the first row. A UTF-8 byte-order mark and Windows
//   line ends (`\r\n`) are accepted. Numbers are decimal (`1`, `-2.5`, `3e-4`; `nan`, `inf`).

import DenseMatrix

/// Parses delimited text into a matrix; see the file comment for the rules.
enum CSVMatrixReader {
  /// One cell of a line: its text and its 1-based column (in Unicode scalars).
  struct Cell {
    var text: Substring
    var column: Int
  }

  /// The matrix in `bytes`; `name` is the file name used in diagnostics.
  /// Cost: O(size of the text).
  static func parse(_ bytes: [UInt8], name: String, limit: Int) throws(Diagnostic) -> Matrix {
    guard !bytes.isEmpty else { throw Diagnostic("'\(name)' is empty") }
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw Diagnostic("'\(name)' is not UTF-8 text")
    }
    if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }

    var elements: [Double] = []
    var columns = 0
    var firstRowLine = 0
    var rows = 0
    var headerAllowed = true
    // NOTE: lines are split on scalars, because "\r\n" is a single Character in Swift.
    let rawLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, rawLine) in rawLines.enumerated() {
      let lineNumber = index + 1
      let line = Substring(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
      let cells = self.cells(of: line)
      if cells.isEmpty { continue }
      if cells[0].text.first == "#" { continue }
      let values = cells.map { number($0.text) }
      if headerAllowed {
        headerAllowed = false
        if values.allSatisfy({ $0 == nil }) && cells.allSatisfy({ !$0.text.isEmpty }) { continue }
      }
      for (cell, value) in zip(cells, values) where value == nil {
        let what = cell.text.isEmpty ? "empty cell" : "'\(cell.text)' is not a number"
        throw Diagnostic("\(location(name, lineNumber, cell.column)): \(what)")
      }
      if rows == 0 {
        columns = cells.count
        firstRowLine = lineNumber
      } else if cells.count != columns {
        let column =
          cells.count > columns ? cells[columns].column : line.unicodeScalars.count + 1
        throw Diagnostic(
          "\(location(name, lineNumber, column)): \(count(cells.count)) but line \(firstRowLine) has \(columns)"
        )
      }
      elements.append(contentsOf: values.compactMap { $0 })
      rows += 1
    }
    guard rows > 0 else { throw Diagnostic("'\(name)' holds no numbers") }
    do {
      _ = try Matrix.checkedShape(rows, columns, limit: limit)
      return try Matrix(rows: rows, columns: columns, elements: elements)
    } catch {
      throw Diagnostic("'\(name)' holds a \(rows)×\(columns) matrix, more than the limit of \(limit) elements")
    }
  }

  /// `'name' line L, column C`.
  static func location(_ name: String, _ line: Int, _ column: Int) -> String {
    "'\(name)' line \(line), column \(column)"
  }

  static func count(_ n: Int) -> String { n == 1 ? "1 number" : "\(n) numbers" }

  /// The cells of one line (without its line end); none for a blank line.
  static func cells(of line: Substring) -> [Cell] {
    let scalars = line.unicodeScalars
    let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
    var cells: [Cell] = []
    if scalars.contains(",") {
      var start = scalars.startIndex
      var column = 1
      while true {
        let end = scalars[start...].firstIndex(of: ",") ?? scalars.endIndex
        var lo = start
        var loColumn = column
        while lo < end, isBlank(scalars[lo]) {
          lo = scalars.index(after: lo)
          loColumn += 1
        }
        var hi = end
        while hi > lo, isBlank(scalars[scalars.index(before: hi)]) { hi = scalars.index(before: hi) }
        cells.append(Cell(text: Substring(scalars[lo ..< hi]), column: loColumn))
        column += scalars.distance(from: start, to: end) + 1
        guard end < scalars.endIndex else { break }
        start = scalars.index(after: end)
      }
      return cells
    }
    var index = scalars.startIndex
    var column = 1
    while index < scalars.endIndex {
      if isBlank(scalars[index]) {
        index = scalars.index(after: index)
        column += 1
        continue
      }
      let start = index
      let startColumn = column
      while index < scalars.endIndex, !isBlank(scalars[index]) {
        index = scalars.index(after: index)
        column += 1
      }
      cells.append(Cell(text: Substring(scalars[start ..< index]), column: startColumn))
    }
    return cells
  }

  /// A decimal number (with optional sign and exponent, or nan/inf), or nil.
  static func number(_ text: Substring) -> Double? {
    guard !text.isEmpty, !text.contains(where: { $0 == "x" || $0 == "X" || $0 == "_" }) else {
      return nil
    }
    return Double(text)
  }
}
