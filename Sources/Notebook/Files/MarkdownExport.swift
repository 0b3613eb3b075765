// A notebook as Markdown (`--export md`, `save "notes.md"`): the prose as it is, each statement in
// a fenced `liplab` block, what it printed in a fenced `text` block after it, and the diagnostics
// of a statement that failed in a fenced `error` block. Plots stay text. Deterministic: the same
// document gives the same bytes.

/// Renders a `NotebookDocument` as Markdown.
public enum MarkdownExport {
  /// The Markdown text: cells separated by a blank line, ending with a newline. A fence is
  /// longer than any run of backticks inside it, so no content can close it early.
  /// Cost: O(size of the document).
  public static func text(of document: NotebookDocument) -> String {
    var blocks: [String] = []
    for cell in document.cells {
      switch cell {
      case .prose(let lines):
        blocks.append(lines.joined(separator: "\n"))
      case .code(let code):
        blocks.append(fenced(code.sourceLines, info: "liplab"))
        for run in code.outputs where !run.lines.isEmpty {
          let info = run.kind == .diagnostic && code.failed ? "error" : "text"
          blocks.append(fenced(run.lines, info: info))
        }
      }
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  /// `lines` between fences of backticks (three, or one more than the longest run inside).
  static func fenced(_ lines: [String], info: String) -> String {
    var longest = 0
    for line in lines {
      var run = 0
      for character in line {
        run = character == "`" ? run + 1 : 0
        longest = max(longest, run)
      }
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return ([fence + info] + lines + [fence]).joined(separator: "\n")
  }
}
