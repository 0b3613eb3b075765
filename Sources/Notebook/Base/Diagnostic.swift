// A problem found in a statement: what went wrong, where, and notes that help fix it.
//
// Every error the notebook reports — syntax, unknown names, wrong shapes, bad files — becomes a
// `Diagnostic`; `DiagnosticRenderer` turns it into the lines the user sees.

import DenseMatrix
import TermPlot

/// A user-facing error with an optional position and notes.
public struct Diagnostic: Error, Sendable, Equatable {
  /// One-line message, lower case, no final period: `cannot multiply 3×2 by 3×2`.
  public var message: String
  /// The offending token or argument, when known.
  public var range: SourceRange?
  /// Extra lines rendered as `note: …`, e.g. `inner dimensions 2 and 3 differ`,
  /// `did you mean 'norms'?`, `to close '[' at 3:5`.
  public var notes: [String]
  /// The core's error behind this diagnostic, when it came from one (`MatrixError.diagnostic`),
  /// so that the session can say more about a size refusal than the core knows.
  public var cause: MatrixError?

  /// Creates a diagnostic.
  public init(_ message: String, at range: SourceRange? = nil, notes: [String] = []) {
    self.message = message
    self.range = range
    self.notes = notes
  }

  /// The same diagnostic with one more note.
  public func noting(_ note: String) -> Diagnostic {
    var copy = self
    copy.notes.append(note)
    return copy
  }

  /// The same diagnostic pointing at `range` when it has no position yet.
  public func located(at range: SourceRange) -> Diagnostic {
    var copy = self
    if copy.range == nil { copy.range = range }
    return copy
  }
}

/// Renders diagnostics in the house format:
///
///     sessions/03-critics.lip:12:7: error: cannot multiply 3×2 by 3×2
///       y = A * B
///             ^
///       note: inner dimensions 2 and 3 differ
///
/// Interactively (and for `-e`) the `file:line:col: ` prefix is dropped.
///
/// Long text is elided (`TextElision`): the message and notes in the middle, the source line to
/// a window around the caret. Control characters (other than tab) never reach the terminal: in the first line and the
/// notes they are written as `\x1b` and the like, and in the echoed source line each becomes one
/// `�`, so the caret line still points at the right column.
public enum DiagnosticRenderer {
  /// The lines of `diagnostic` raised while running `statement`, without trailing newlines.
  public static func render(_ diagnostic: Diagnostic, in statement: StatementSource) -> [String] {
    // NOTE: the message and notes often quote file contents and file names (a CSV cell, a .npy
    // header), which a crafted file can fill with terminal escape sequences.
    var prefix = ""
    if case .file(let path) = statement.origin {
      if let range = diagnostic.range {
        prefix = "\(path):\(range.line):\(range.column): "
      } else {
        prefix = "\(path):\(statement.firstLine): "
      }
    }
    var lines = ["\(prefix)error: \(TextElision.elided(diagnostic.message))".escapingControlCharacters]
    if let range = diagnostic.range {
      let source = TextElision.window(
        of: statement.lineText(range.line).replacingControlCharacters, column: range.column,
        length: range.length)
      lines.append("  " + source.text)
      lines.append("  " + caretLine(under: source.text, column: source.column, length: source.length))
    }
    for note in diagnostic.notes { lines.append("  note: \(TextElision.elided(note))".escapingControlCharacters) }
    return lines
  }

  /// Carets under the `length` scalars of `line` from `column` (1-based, in scalars), placed by
  /// display width: a tab before them is copied (the terminal expands both alike), a wide
  /// character counts two columns and a combining mark none.
  static func caretLine(under line: String, column: Int, length: Int) -> String {
    let scalars = Array(line.unicodeScalars)
    func width(_ s: Unicode.Scalar) -> Int {
      switch s.properties.generalCategory {
      case .nonspacingMark, .enclosingMark: return 0
      default: return TextWidth.width(of: Character(s))
      }
    }
    let start = min(max(column - 1, 0), scalars.count)
    var pad = ""
    for s in scalars[..<start] { pad += s == "\t" ? "\t" : String(repeating: " ", count: width(s)) }
    let covered = scalars[start ..< min(start + max(length, 0), scalars.count)]
    let carets = covered.reduce(0) { $0 + ($1 == "\t" ? 1 : width($1)) }
    return pad + String(repeating: "^", count: max(1, carets))
  }
}
