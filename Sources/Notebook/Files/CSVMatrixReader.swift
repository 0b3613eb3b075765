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
// - A NUL byte on any line is an error at its column (C's number parsing would stop there and
//   quietly drop the rest of the cell), and so is a byte that is not UTF-8.
// - The file is read in chunks, one line at a time, and the element limit is checked at every
//   line, so a file far over it is refused at the line that passes the limit, without reading
//   the rest.

import DenseMatrix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Parses delimited text into a matrix, fed the file chunk by chunk; see the file comment for
/// the rules.
///
/// Contract: only the line being read and the numbers so far (8 bytes each, never more than
/// `limit` of them) are held, so memory is a few bytes per element whatever the file's size,
/// and a file over the limit is refused at the line that passes it.
struct CSVMatrixReader: MatrixParser {
  /// One cell of a line: its text and its 1-based column (in Unicode scalars).
  struct Cell {
    var text: Substring
    var column: Int
  }

  /// The file name used in diagnostics.
  let name: String
  /// The most elements accepted.
  let limit: Int
  private var elements: [Double] = []
  private var columns = 0
  private var firstRowLine = 0
  private var rows = 0
  private var lineNumber = 0
  private var headerAllowed = true
  private var sawBytes = false
  /// The start of a line whose end is in a later chunk.
  private var partialLine: [UInt8] = []

  init(name: String, limit: Int) {
    self.name = name
    self.limit = limit
  }

  /// The matrix in `bytes` (a whole file). Cost: O(size of the text).
  static func parse(_ bytes: [UInt8], name: String, limit: Int) throws(Diagnostic) -> Matrix {
    var reader = CSVMatrixReader(name: name, limit: limit)
    try bytes.withBytes { (raw) throws(Diagnostic) in try reader.consume(raw) }
    return try reader.matrix()
  }

  /// Reads the lines that end in `chunk`, keeping the start of the last one when it does not.
  mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(Diagnostic) {
    guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), !chunk.isEmpty else { return }
    sawBytes = true
    var start = 0
    while let found = memchr(base + start, 0x0A, chunk.count - start) {
      let end = UnsafeRawPointer(base).distance(to: found)
      let piece = UnsafeRawBufferPointer(start: base + start, count: end - start)
      if partialLine.isEmpty {
        try read(line: piece)
      } else {
        try readPartialLine(then: piece)
      }
      start = end + 1
    }
    let rest = UnsafeRawBufferPointer(start: base + start, count: chunk.count - start)
    // NOTE: binary data may hold no line end for gigabytes; its first NUL ends the reading.
    if !rest.isEmpty, memchr(rest.baseAddress!, 0, rest.count) != nil { try readPartialLine(then: rest) }
    partialLine.append(contentsOf: rest)
  }

  /// Reads `partialLine` followed by `piece` as one line, leaving `partialLine` empty.
  private mutating func readPartialLine(then piece: UnsafeRawBufferPointer) throws(Diagnostic) {
    var line: [UInt8] = []
    swap(&line, &partialLine)
    line.append(contentsOf: piece)
    try line.withBytes { (whole) throws(Diagnostic) in try read(line: whole) }
    line.removeAll(keepingCapacity: true)
    swap(&line, &partialLine)
  }

  /// The matrix of the whole file, after its last chunk.
  mutating func finish() throws(Diagnostic) -> Tensor { Tensor(try matrix()) }

  /// The matrix of the whole file, after its last chunk.
  mutating func matrix() throws(Diagnostic) -> Matrix {
    guard sawBytes else { throw Diagnostic("'\(name)' is empty") }
    if !partialLine.isEmpty { try readPartialLine(then: UnsafeRawBufferPointer(start: nil, count: 0)) }
    guard rows > 0 else { throw Diagnostic("'\(name)' holds no numbers") }
    do {
      return try Matrix(rows: rows, columns: columns, elements: elements)
    } catch {
      throw Diagnostic("'\(name)' could not be read as a \(rows)×\(columns) matrix")
    }
  }

  /// One line, without its "\n".
  private mutating func read(line raw: UnsafeRawBufferPointer) throws(Diagnostic) {
    lineNumber += 1
    var bytes = raw[...]
    if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    if bytes.last == 0x0D { bytes = bytes.dropLast() }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw Diagnostic("\(Self.location(name, lineNumber, Self.validPrefixLength(bytes) + 1)): not UTF-8 text")
    }
    let line = Substring(text)
    if let nul = line.unicodeScalars.firstIndex(of: "\0") {
      let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: nul) + 1
      throw Diagnostic(
        "\(Self.location(name, lineNumber, column)): a NUL byte", notes: ["a text matrix holds numbers, not binary data"])
    }
    // NOTE: at most one cell more than the limit leaves room for, so one huge row is refused
    // without holding a cell for each of its numbers.
    let room = limit - elements.count
    let cells = Self.cells(of: line, maximum: room < .max ? room + 1 : room)
    if cells.isEmpty { return }
    if cells[0].text.first == "#" { return }
    if headerAllowed {
      headerAllowed = false
      if cells.allSatisfy({ !$0.text.isEmpty && !Self.startsLikeNumber($0.text) }) { return }
    }
    guard cells.count <= room else {
      throw Diagnostic(
        "'\(name)' holds more than the limit of \(limit) elements: line \(lineNumber) passes it",
        notes: ["raise the limit with 'set limit=N'"])
    }
    let values = cells.map { Self.number($0.text) }
    for (cell, value) in zip(cells, values) {
      let problem: String
      if cell.text.isEmpty {
        problem = "empty cell"
      } else if let value {
        guard let range = Self.rangeProblem(cell.text, value) else { continue }
        problem = range
      } else {
        problem = "'\(cell.text)' is not a number"
      }
      var diagnostic = Diagnostic("\(Self.location(name, lineNumber, cell.column)): \(problem)")
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
        "\(Self.location(name, lineNumber, column)): \(Self.count(cells.count)) but line \(firstRowLine) has \(columns)"
      )
    }
    elements.append(contentsOf: values.lazy.compactMap { $0 })
    rows += 1
  }

  /// How many Unicode scalars `bytes` starts with before its first invalid UTF-8.
  static func validPrefixLength(_ bytes: some Sequence<UInt8>) -> Int {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var count = 0
    while case .scalarValue = decoder.decode(&iterator) { count += 1 }
    return count
  }

  /// `'name' line L, column C`.
  static func location(_ name: String, _ line: Int, _ column: Int) -> String {
    "'\(name)' line \(line), column \(column)"
  }

  static func count(_ n: Int) -> String { n == 1 ? "1 number" : "\(n) numbers" }

  /// The cells of one line (without its line end), at most `maximum` of them; none for a
  /// blank line.
  static func cells(of line: Substring, maximum: Int = .max) -> [Cell] {
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
        guard end < scalars.endIndex, cells.count < maximum else { break }
        start = scalars.index(after: end)
      }
      return cells
    }
    var index = scalars.startIndex
    var column = 1
    while index < scalars.endIndex, cells.count < maximum {
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
