// A replayed script as teaching material: prose from its comments and code from its statements,
// each statement with what it printed. The exports (`MarkdownExport`, `JupyterExport`) render
// this one model; a replay through the statement pipeline builds it (`ScriptRunner+Export`).
//
// Prose: the comment lines between two statements, with the `#` (and one space after it)
// stripped, are Markdown, as in Literate.jl; a blank line or a lone `#` separates paragraphs.
// Two conventions of the sessions become headings: the first line of a script that opens with
// a comment is its title (`# …`), and a paragraph opening with `--- ` is a section (`## …`).

/// Lines a statement printed, of one kind, in order.
public struct OutputRun: Equatable, Sendable {
  /// What the lines are.
  public enum Kind: Equatable, Sendable {
    /// Normal output.
    case output
    /// A diagnostic (an error, or an interruption).
    case diagnostic
  }

  /// What the lines are.
  public var kind: Kind
  /// The lines, without newlines.
  public var lines: [String]

  /// A run of `lines` of `kind`.
  public init(_ kind: Kind, _ lines: [String]) {
    self.kind = kind
    self.lines = lines
  }
}

/// A statement of an exported script with what it printed.
public struct CodeCell: Equatable, Sendable {
  /// The statement's text (continuation lines joined with "\n").
  public var source: String
  /// What it printed, runs of output and diagnostics in order.
  public var outputs: [OutputRun]
  /// True when the statement failed or was interrupted (its diagnostics are errors).
  public var failed: Bool
  /// Its number among the statements of the script, from 1.
  public var number: Int

  /// The source's lines.
  public var sourceLines: [String] {
    source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }
}

/// One cell of a notebook.
public enum NotebookCell: Equatable, Sendable {
  /// Markdown prose, line by line.
  case prose([String])
  /// A statement and its output.
  case code(CodeCell)
}

/// A script as prose and code cells, in order. Built by adding the script's comment lines and
/// statements as a replay meets them.
public struct NotebookDocument: Equatable, Sendable {
  /// The name of the script it was made from (`01-norms.lip`), kept in the notebook's metadata.
  public var scriptName: String
  /// The cells, in order.
  public private(set) var cells: [NotebookCell] = []
  private var pendingProse: [String] = []
  private var statements = 0

  /// An empty document for the script `scriptName`.
  public init(scriptName: String) {
    self.scriptName = scriptName
  }

  /// Adds a blank or comment line of the script (outside any statement).
  public mutating func addVerbatim(_ line: String) {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    guard trimmed.first == "#" else {
      pendingProse.append("")
      return
    }
    var text = trimmed.dropFirst()
    if text.first == " " { text = text.dropFirst() }
    pendingProse.append(String(text))
  }

  /// Adds a statement with what it printed; `failed` when it failed or was interrupted.
  public mutating func addStatement(_ source: String, outputs: [OutputRun], failed: Bool) {
    flushProse()
    statements += 1
    cells.append(.code(CodeCell(source: source, outputs: outputs, failed: failed, number: statements)))
  }

  /// The document with the prose after the last statement added too.
  public func finished() -> NotebookDocument {
    var document = self
    document.flushProse()
    return document
  }

  /// Turns the pending comment lines into a prose cell: paragraphs kept, blank lines at either
  /// end dropped, the title and section headings marked.
  private mutating func flushProse() {
    defer { pendingProse = [] }
    var lines = pendingProse
    while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
    let isTitle = cells.isEmpty && lines.first?.allSatisfy(\.isWhitespace) == false
    while lines.first?.allSatisfy(\.isWhitespace) == true { lines.removeFirst() }
    guard !lines.isEmpty else { return }
    for index in lines.indices where index == 0 || lines[index - 1].allSatisfy(\.isWhitespace) {
      if index == 0 && isTitle {
        lines[index] = "# " + lines[index]
      } else if lines[index].hasPrefix("--- ") {
        lines[index] = "## " + lines[index].dropFirst(4)
      }
    }
    cells.append(.prose(lines))
  }
}
