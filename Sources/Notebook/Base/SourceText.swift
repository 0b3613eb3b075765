// A statement's text as an array of Unicode scalars with its line starts, so that any offset can
// be turned into the line and column a diagnostic shows.

/// A statement's text, indexable by scalar offset, mapping offsets to source positions.
struct SourceText: Sendable {
  /// The scalars of the whole statement.
  let scalars: [Unicode.Scalar]
  /// Origin line of the statement's first line.
  let firstLine: Int
  /// Offsets at which each line starts.
  private let lineStarts: [Int]

  /// Wraps `statement`'s text.
  init(_ statement: StatementSource) {
    self.init(statement.text, firstLine: statement.firstLine)
  }

  /// Wraps `text`, whose first line is origin line `firstLine`.
  init(_ text: String, firstLine: Int = 1) {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(text.utf8.count)  // at least the scalar count: one allocation
    scalars.append(contentsOf: text.unicodeScalars)
    self.scalars = scalars
    self.firstLine = firstLine
    var starts = [0]
    for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
    lineStarts = starts
  }

  /// The range covering offsets `start..<end`, clipped to the line on which it starts.
  func range(_ start: Int, _ end: Int) -> SourceRange {
    // The last line starting at or before `start` (binary search: O(log lines)).
    var low = 0, high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= start { low = mid } else { high = mid - 1 }
    }
    let lineIndex = low
    let lineEnd = lineIndex + 1 < lineStarts.count ? lineStarts[lineIndex + 1] - 1 : scalars.count
    let clippedEnd = min(max(end, start + 1), max(lineEnd, start + 1))
    return SourceRange(
      line: firstLine + lineIndex, column: start - lineStarts[lineIndex] + 1,
      length: clippedEnd - start)
  }

  /// The text of offsets `start..<end`. One allocation at most (none for a short number or
  /// name, which Swift keeps inline): a long literal slices every number it holds.
  func slice(_ start: Int, _ end: Int) -> String {
    let part = scalars[max(0, start)..<min(scalars.count, max(start, end))]
    let length = part.reduce(0) { $0 + UTF8.width($1) }
    return String(unsafeUninitializedCapacity: length) { buffer in
      var i = 0
      for scalar in part {
        for unit in UTF8.encode(scalar) ?? UTF8.encode("\u{FFFD}")! {
          buffer[i] = unit
          i += 1
        }
      }
      return i
    }
  }
}
