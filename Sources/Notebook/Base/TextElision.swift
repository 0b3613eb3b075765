// Long text shortened in its middle before it is shown: a statement's echo, the label a report
// gives a value written as an expression, a diagnostic's message, notes and quoted source line.
// A 50 MB literal is kept whole where it matters (the history `save` writes, the value), but
// printed as its start and its end around a count of what was left out.

/// The one rule for showing long text.
public enum TextElision {
  /// The most characters (Unicode scalars) of one line shown whole.
  public static let limit = 400

  /// `text` itself when at most `limit` scalars long; else its first and last scalars around
  /// ` … (N characters) … `, N being how many were left out, `limit` scalars in all besides
  /// the marker. Cost: O(1) for short text (by its UTF-8 length), else O(length).
  public static func elided(_ text: String) -> String {
    guard text.utf8.count > limit else { return text }
    let scalars = text.unicodeScalars
    let count = scalars.count
    guard count > limit else { return text }
    let head = limit / 2, tail = limit - head
    var result = String.UnicodeScalarView(scalars.prefix(head))
    result.append(contentsOf: " … (\(count - head - tail) characters) … ".unicodeScalars)
    result.append(contentsOf: scalars.suffix(tail))
    return String(result)
  }

  /// A window of at most `limit` scalars of `line` around the 1-based `column` (where a caret
  /// points), with `… ` before and ` …` after where the line goes on; and the column and length
  /// of the pointed-at text inside the window. The line itself when short.
  public static func window(of line: String, column: Int, length: Int)
    -> (text: String, column: Int, length: Int)
  {
    guard line.utf8.count > limit else { return (line, column, length) }
    let scalars = Array(line.unicodeScalars)
    guard scalars.count > limit else { return (line, column, length) }
    let at = min(max(column - 1, 0), scalars.count)
    var start = max(0, at - limit / 2)
    let end = min(scalars.count, start + limit)
    start = max(0, min(start, end - limit))
    let before = start > 0 ? "… " : "", after = end < scalars.count ? " …" : ""
    var text = String.UnicodeScalarView(before.unicodeScalars)
    text.append(contentsOf: scalars[start..<end])
    text.append(contentsOf: after.unicodeScalars)
    let shownColumn = at - start + before.unicodeScalars.count + 1
    return (String(text), shownColumn, max(1, min(length, end - at)))
  }
}
