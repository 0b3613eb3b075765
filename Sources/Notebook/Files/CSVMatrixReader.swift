// Delimited text as a matrix: one row per line, numbers separated by commas or whitespace.
//
// Rules:
// - A line that contains a comma is split at commas (spaces around a cell are ignored; an empty
//   cell is an error); any other line is split at runs of spaces and tabs. Nothing else
//   separates numbers: `1;2` is an error that names the ';'.
// - Blank lines and lines whose first non-blank character is `#` are skipped (NumPy's `savetxt`
//   writes its header that way).
// - The header rule: the first non-skipped line is a header, and skipped, only when no cell of
//   it is or starts like a number (a digit, or a sign or point before one): `x,y` and `a b c`
//   are headers; `1;2`, `1,x` and `2a` are data, and so an error at the bad cell. A data row is
//   never skipped.
// - Every row has the number of cells of the first row. A UTF-8 byte-order mark and Windows
//   line ends (`\r\n`) are accepted. Numbers are decimal (`1`, `-2.5`, `3e-4`; `nan`, `inf`). A
//   number beyond the range of a double (`1e400`) is an error, as it is in a literal, and so is
//   one that would underflow to 0 (`1e-400`); subnormal numbers (`1e-310`) are kept.
// - A NUL byte in a row is an error at its column (C's number parsing would stop there and
//   quietly drop the rest of the cell).
// - The element limit is checked at every row, so a file far over it is refused at the row
//   that passes the limit, without parsing the rest.

import DenseMatrix

/// Parses delimited text into a matrix; see the file comment for the rules.
enum CSVMatrixReader {
  /// One cell of a line: its text and its 1-based column (in Unicode scalars).
  struct Cell {
    var text: Substring
    var column: Int
  }

  /// The matrix in `bytes`; `name` is the file name used in diagnostics.
  /// Cost: O(size of the text); the rows parsed so far are held as 8 bytes an element, never
  /// more than `limit` elements.
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
    // NOTE: lines are split on scalars, because "\r\n" is a single Character in Swift; one
    // line at a time, so nothing is held per line beyond the line being read.
    let scalars = text.unicodeScalars
    var lineStart = scalars.startIndex
    var lineNumber = 0
    while lineStart < scalars.endIndex {
      lineNumber += 1
      let lineEnd = scalars[lineStart...].firstIndex(of: "\n") ?? scalars.endIndex
      let rawLine = scalars[lineStart ..< lineEnd]
      lineStart = lineEnd < scalars.endIndex ? scalars.index(after: lineEnd) : lineEnd
      let line = Substring(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
      let cells = self.cells(of: line)
      if cells.isEmpty { continue }
      if cells[0].text.first == "#" { continue }
      if let nul = line.unicodeScalars.firstIndex(of: "\0") {
        let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: nul) + 1
        throw Diagnostic(
          "\(location(name, lineNumber, column)): a NUL byte", notes: ["a text matrix holds numbers, not binary data"])
      }
      let values = cells.map { number($0.text) }
      if headerAllowed {
        headerAllowed = false
        if cells.allSatisfy({ !$0.text.isEmpty && !startsLikeNumber($0.text) }) { continue }
      }
      for (cell, value) in zip(cells, values) {
        let problem: String
        if cell.text.isEmpty {
          problem = "empty cell"
        } else if let value {
          guard let range = rangeProblem(cell.text, value) else { continue }
          problem = range
        } else {
          problem = "'\(cell.text)' is not a number"
        }
        var diagnostic = Diagnostic("\(location(name, lineNumber, cell.column)): \(problem)")
        if let separator = cell.text.unicodeScalars.first(where: { CSVMatrixReader.lookalikeSeparators.contains($0) }) {
          diagnostic.notes.append("numbers are separated by commas or whitespace, not '\(separator)'")
        } else if value != nil {
          diagnostic.notes.append(
            value == 0
              ? "the smallest positive double is about 4.9e-324" : "the largest finite double is about 1.8e308")
        }
        throw diagnostic
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
      guard elements.count <= limit - columns else {
        throw Diagnostic(
          "'\(name)' holds more than the limit of \(limit) elements: line \(lineNumber) is row \(rows + 1) of \(count(columns))",
          notes: ["raise the limit with 'set limit=N'"])
      }
      elements.append(contentsOf: values.lazy.compactMap { $0 })
      rows += 1
    }
    guard rows > 0 else { throw Diagnostic("'\(name)' holds no numbers") }
    do {
      return try Matrix(rows: rows, columns: columns, elements: elements)
    } catch {
      throw Diagnostic("'\(name)' could not be read as a \(rows)×\(columns) matrix")
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

  /// Characters other programs separate numbers with, which liplab does not.
  static let lookalikeSeparators: Set<Unicode.Scalar> = [";", "|", ":"]

  /// True when `text` is or starts like a number: a digit first, or after a sign or a point,
  /// or a spelling of NaN or infinity.
  static func startsLikeNumber(_ text: Substring) -> Bool {
    if number(text) != nil { return true }
    var scalars = text.unicodeScalars.drop { $0 == "+" || $0 == "-" }
    if scalars.first == "." { scalars = scalars.dropFirst() }
    return scalars.first.map { ("0" ... "9").contains($0) } ?? false
  }

  /// Why the number `value` read from `text` is refused: it overflowed to ±∞ without being
  /// spelt as infinity, or underflowed to 0 from digits that are not all zero; nil when fine.
  static func rangeProblem(_ text: Substring, _ value: Double) -> String? {
    if value.isInfinite && !text.lowercased().contains("inf") {
      return "'\(text)' is too large for a double"
    }
    let mantissa = text.prefix { $0 != "e" && $0 != "E" }
    if value == 0 && mantissa.contains(where: { ("1" ... "9").contains($0) }) {
      return "'\(text)' underflows to 0 in a double"
    }
    return nil
  }

  /// A decimal number (with optional sign and exponent, or nan/inf), or nil.
  static func number(_ text: Substring) -> Double? {
    guard !text.isEmpty, !text.contains(where: { $0 == "x" || $0 == "X" || $0 == "_" }) else {
      return nil
    }
    return Double(text)
  }
}
