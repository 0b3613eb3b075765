// The lines of one statement typed at the prompt: gathered while an open bracket asks for a
// continuation line, handed over whole once the statement is complete (to run it and to store it
// as one history entry), or given up by Ctrl-C or Ctrl-D.
//
// The lines are joined with "\n", never with a space: inside `[ ]` a newline separates rows, so
// `[1 2` + `3 4]` is 2×2 where `[1 2 3 4]` is 1×4, and a `#` comment ends at the newline.
// libedit shows and edits a history entry holding newlines as one multi-line buffer, and saves
// it escaped (`\012`), so a recalled statement runs exactly as it was typed.

import Notebook

/// A statement being typed over one or more lines. Pure: no I/O.
struct StatementLines: Equatable {
  private var lines: [String] = []

  /// True when no line is waiting for its continuation (the primary prompt is due).
  var isEmpty: Bool { lines.isEmpty }

  /// Adds a line (which may itself hold newlines: a recalled multi-line history entry). Returns
  /// the whole statement, lines joined with "\n", once no bracket is left open, and starts
  /// afresh; nil while a continuation line is needed.
  mutating func add(_ line: String) -> String? {
    lines.append(line)
    let text = lines.joined(separator: "\n")
    guard Session.completeness(of: text) == .complete else { return nil }
    lines.removeAll()
    return text
  }

  /// The unfinished statement (lines joined with "\n"), and starts afresh; nil when nothing is
  /// pending. Ctrl-D at the continuation prompt uses it to report what was left open.
  mutating func takeUnfinished() -> String? {
    guard !lines.isEmpty else { return nil }
    defer { lines.removeAll() }
    return lines.joined(separator: "\n")
  }

  /// Forgets the pending lines (Ctrl-C).
  mutating func discard() { lines.removeAll() }
}
