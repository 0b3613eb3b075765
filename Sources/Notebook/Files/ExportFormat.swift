// The formats a replayed script can be exported to, one table for `--export FORMAT` and for
// `save "notes.md"` / `save "notes.ipynb"`, which choose by the file's extension.

/// An export format: its name on the command line, its file extension and its writer.
public enum ExportFormat: String, CaseIterable, Sendable {
  /// Markdown (`MarkdownExport`).
  case md
  /// A Jupyter notebook, nbformat 4.5 (`JupyterExport`).
  case ipynb

  /// The file extension, with its dot: `.md`, `.ipynb`.
  public var fileExtension: String { "." + rawValue }

  /// The format whose extension `path` ends with, or nil (a `.lip` or any other name).
  public init?(path: String) {
    guard let format = Self.allCases.first(where: { path.hasSuffix($0.fileExtension) }) else { return nil }
    self = format
  }

  /// The text of `document` in this format.
  public func text(of document: NotebookDocument) -> String {
    switch self {
    case .md: MarkdownExport.text(of: document)
    case .ipynb: JupyterExport.text(of: document)
    }
  }
}
