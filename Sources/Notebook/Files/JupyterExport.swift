// A notebook as Jupyter's .ipynb (`--export ipynb`, `save "notes.ipynb"`): nbformat 4.5 JSON,
// laid out as Jupyter itself writes it (keys sorted, one space of indent per level, text as
// lists of lines), so it opens, diffs and validates cleanly.
//
// Prose becomes markdown cells; each statement a code cell whose outputs are what it printed:
// a `stream` on stdout for output (plots are text, never images), and for a statement that
// failed, an `error` output whose traceback is the diagnostic as liplab prints it. Cell ids are
// derived from the cell's position and content (never random), so an export is deterministic.

/// Renders a `NotebookDocument` as an nbformat 4.5 notebook.
public enum JupyterExport {
  /// The notebook's JSON text, ending with a newline. Cost: O(size of the document).
  public static func text(of document: NotebookDocument) -> String {
    var cells: [JSONText] = []
    for (index, cell) in document.cells.enumerated() {
      switch cell {
      case .prose(let lines):
        cells.append(
          .object([
            ("cell_type", .string("markdown")), ("id", .string(cellID(index, lines.joined(separator: "\n")))),
            ("metadata", .object([])), ("source", source(lines)),
          ]))
      case .code(let code):
        cells.append(
          .object([
            ("cell_type", .string("code")), ("execution_count", .number(code.number)),
            ("id", .string(cellID(index, code.source))), ("metadata", .object([])),
            ("outputs", .array(code.outputs.filter { !$0.lines.isEmpty }.map { output($0, failed: code.failed) })),
            ("source", source(code.sourceLines)),
          ]))
      }
    }
    let language = JSONText.object([("file_extension", .string(".lip")), ("name", .string("liplab"))])
    let notebook = JSONText.object([
      ("cells", .array(cells)),
      (
        "metadata",
        .object([
          (
            "kernelspec",
            .object([("display_name", .string("liplab")), ("language", .string("liplab")), ("name", .string("liplab"))])
          ),
          ("language_info", language),
          ("liplab", .object([("script", .string(document.scriptName))])),
        ])
      ),
      ("nbformat", .number(4)), ("nbformat_minor", .number(5)),
    ])
    return notebook.rendered() + "\n"
  }

  /// The output of one run: a stdout stream, or an error carrying the diagnostic (stderr for
  /// the diagnostics of a statement that did not fail).
  private static func output(_ run: OutputRun, failed: Bool) -> JSONText {
    switch (run.kind, failed) {
    case (.output, _):
      return .object([("name", .string("stdout")), ("output_type", .string("stream")), ("text", source(run.lines, closed: true))])
    case (.diagnostic, false):
      return .object([("name", .string("stderr")), ("output_type", .string("stream")), ("text", source(run.lines, closed: true))])
    case (.diagnostic, true):
      return .object([
        ("ename", .string("error")), ("evalue", .string(errorMessage(run.lines))), ("output_type", .string("error")),
        ("traceback", .array(run.lines.map(JSONText.string))),
      ])
    }
  }

  /// The message of a rendered diagnostic: its first line after `error: `.
  static func errorMessage(_ lines: [String]) -> String {
    let first = lines.first ?? ""
    guard let marker = first.firstRange(of: "error: ") else { return first }
    return String(first[marker.upperBound...])
  }

  /// Multi-line text as nbformat stores it: a list of lines, each ending with "\n" except the
  /// last (or every one, `closed`, for a stream whose last line was ended).
  private static func source(_ lines: [String], closed: Bool = false) -> JSONText {
    .array(lines.enumerated().map { .string($0.element + (closed || $0.offset < lines.count - 1 ? "\n" : "")) })
  }

  /// A cell id: its position and a hash of its content (`c007-3f9a0c1e`): unique within the
  /// notebook, and the same on every export (nbformat 4.5: 1–64 of `[A-Za-z0-9_-]`).
  static func cellID(_ index: Int, _ content: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits
    for byte in content.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    let position = String(index)
    let hex = String(hash >> 32, radix: 16)
    return "c" + String(repeating: "0", count: max(0, 3 - position.count)) + position + "-"
      + String(repeating: "0", count: 8 - hex.count) + hex
  }
}

/// A JSON value written with sorted keys as given and one space of indent per level, as
/// Jupyter writes notebooks. Only what a notebook needs: strings, integers, arrays, objects.
enum JSONText {
  case string(String)
  case number(Int)
  case array([JSONText])
  case object([(String, JSONText)])

  /// The value's text at `indent` levels (nested lines indented by one space per level).
  func rendered(indent: Int = 0) -> String {
    let inner = String(repeating: " ", count: indent + 1)
    let outer = String(repeating: " ", count: indent)
    switch self {
    case .string(let text): return Self.quoted(text)
    case .number(let value): return String(value)
    case .array(let items):
      guard !items.isEmpty else { return "[]" }
      return "[\n" + items.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n" + outer + "]"
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      let lines = members.map { inner + Self.quoted($0.0) + ": " + $0.1.rendered(indent: indent + 1) }
      return "{\n" + lines.joined(separator: ",\n") + "\n" + outer + "}"
    }
  }

  /// `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, `\u00XX`;
  /// everything else as it is (UTF-8).
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
