// Where a piece of source text came from: the file (if any), the line and the column.

/// The origin of a statement: a script file, a `-e` argument, or the interactive prompt.
public enum SourceOrigin: Sendable, Equatable {
  /// A line typed at the prompt: diagnostics show the line and a caret, no `file:line:` prefix.
  case interactive
  /// A statement given on the command line with `-e`.
  case commandLine
  /// A script file; diagnostics are prefixed with `path:line:col:`.
  case file(String)
}

/// A range of characters inside one statement's text.
///
/// `line` is the 1-based line in the origin (a file's line number; 1 for a prompt line), and
/// `column` the 1-based column in characters (Unicode scalars) on that line. A range never spans
/// lines: a diagnostic on a multi-line token points at its first line.
public struct SourceRange: Sendable, Equatable, Hashable {
  /// 1-based line number in the origin.
  public var line: Int
  /// 1-based column, counted in Unicode scalars.
  public var column: Int
  /// Number of characters covered (at least 1 when rendered as carets).
  public var length: Int

  /// Creates a range of `length` characters at `line`:`column`.
  public init(line: Int, column: Int, length: Int = 1) {
    self.line = line
    self.column = column
    self.length = length
  }
}

/// One statement as the user wrote it: its text (possibly several lines joined by "\n", when an
/// open bracket continued it), where it came from and the line it starts on.
public struct StatementSource: Sendable, Equatable {
  /// The statement's text; continuation lines are joined with "\n".
  public var text: String
  /// Where the statement came from.
  public var origin: SourceOrigin
  /// The 1-based line of the origin on which the statement starts.
  public var firstLine: Int

  /// Creates a statement source.
  public init(text: String, origin: SourceOrigin, firstLine: Int = 1) {
    self.text = text
    self.origin = origin
    self.firstLine = firstLine
  }

  /// The text of origin line `line` (which must lie inside this statement), or "" when outside.
  public func lineText(_ line: Int) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let index = line - firstLine
    return lines.indices.contains(index) ? String(lines[index]) : ""
  }
}
