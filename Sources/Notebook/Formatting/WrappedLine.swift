// Long output lines cut at chosen separators to the output width: table readings, settings
// lines, notes and value summaries.

import TermPlot

/// `text` cut at the spaces inside `separator` (", " after the comma, " [" before the bracket)
/// into lines of at most `width` columns, the first indented by `indent` and the rest by
/// `indent` plus `hang` spaces (a piece longer than a line stays whole).
func wrappedLine(_ text: String, at separator: String, width: Int, indent: String, hang: Int = 2) -> [String] {
  let chars = Array(text), sep = Array(separator)
  let offset = sep.firstIndex(of: " ") ?? 0
  var pieces: [String] = []
  var start = 0, i = 0
  while i + sep.count <= chars.count {
    if Array(chars[i ..< i + sep.count]) == sep {
      pieces.append(String(chars[start ..< i + offset]))
      start = i + offset + 1
      i = start
    } else {
      i += 1
    }
  }
  pieces.append(String(chars[start...]))
  var lines: [String] = []
  var current = ""
  for piece in pieces {
    let lead = lines.isEmpty ? indent : indent + String(repeating: " ", count: hang)
    let candidate = current.isEmpty ? piece : current + " " + piece
    if current.isEmpty || TextWidth.of(lead + candidate) <= width {
      current = candidate
    } else {
      lines.append(lead + current)
      current = piece
    }
  }
  lines.append((lines.isEmpty ? indent : indent + String(repeating: " ", count: hang)) + current)
  return lines
}
