// `--export md|ipynb` and `save "notes.md"`: a script replayed through the statement pipeline
// and written as Markdown or as a Jupyter notebook. The notebook is parsed back with Foundation's
// JSON parser and checked against nbformat 4.5's rules (Benchmarks/check_export.py runs the
// reference validator too); its outputs are checked against the statements run one by one in a
// plain session, and replaying its code cells gives the outputs stored in it.

import Foundation
import Testing

@testable import Notebook

/// A script with everything an export meets: a title, paragraphs, a section, a multi-line
/// statement, an error, a plot, a statement with backticks in its output, and closing prose.
let exportScript = """
  # A title for the handout
  #
  # The first paragraph spans
  # two lines.

  # --- A section
  W = [3 0; 0 4]
  norm2(W)
  x = nosuch + 1
  y = [1 2
  3 4]
  p = power(W, init=random, seed=1)
  step p 3
  plot p
  "``` a string with a fence ```"
  # The end.

  """

/// The keys nbformat 4.5 allows (and requires) on each kind of object.
private let notebookKeys: Set<String> = ["cells", "metadata", "nbformat", "nbformat_minor"]
private let markdownKeys: Set<String> = ["cell_type", "id", "metadata", "source"]
private let codeKeys: Set<String> = ["cell_type", "execution_count", "id", "metadata", "outputs", "source"]
private let streamKeys: Set<String> = ["name", "output_type", "text"]
private let errorKeys: Set<String> = ["ename", "evalue", "output_type", "traceback"]

/// A cell id by nbformat 4.5's pattern: 1–64 of [A-Za-z0-9_-].
private func isCellID(_ id: String) -> Bool {
  (1 ... 64).contains(id.count) && id.unicodeScalars.allSatisfy {
    ("a" ... "z").contains($0) || ("A" ... "Z").contains($0) || ("0" ... "9").contains($0) || $0 == "-" || $0 == "_"
  }
}

/// The JSON text parsed into dictionaries and arrays.
private func parsed(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// A multi-line string of a notebook (a list of lines), joined.
private func joined(_ value: Any?) -> String? {
  (value as? [String])?.joined()
}

/// The problems nbformat 4.5's rules find in a notebook; empty when it is valid.
func notebookProblems(_ text: String) throws -> [String] {
  let notebook = try parsed(text)
  var problems: [String] = []
  if Set(notebook.keys) != notebookKeys { problems.append("top-level keys \(notebook.keys.sorted())") }
  if notebook["nbformat"] as? Int != 4 || notebook["nbformat_minor"] as? Int != 5 { problems.append("not 4.5") }
  let metadata = notebook["metadata"] as? [String: Any]
  let kernel = metadata?["kernelspec"] as? [String: Any]
  if kernel?["name"] as? String != "liplab" || kernel?["display_name"] as? String != "liplab" {
    problems.append("kernelspec does not name liplab")
  }
  if (metadata?["language_info"] as? [String: Any])?["name"] as? String != "liplab" {
    problems.append("language_info does not name liplab")
  }
  guard let cells = notebook["cells"] as? [[String: Any]] else { return problems + ["cells is not a list of objects"] }
  var ids: Set<String> = []
  for (index, cell) in cells.enumerated() {
    guard let id = cell["id"] as? String, isCellID(id) else {
      problems.append("cell \(index): bad id")
      continue
    }
    if !ids.insert(id).inserted { problems.append("cell \(index): id \(id) repeated") }
    if !(cell["metadata"] is [String: Any]) { problems.append("cell \(index): metadata is not an object") }
    if !(cell["source"] is [String]) { problems.append("cell \(index): source is not a list of strings") }
    switch cell["cell_type"] as? String {
    case "markdown":
      if Set(cell.keys) != markdownKeys { problems.append("cell \(index): markdown keys \(cell.keys.sorted())") }
    case "code":
      if Set(cell.keys) != codeKeys { problems.append("cell \(index): code keys \(cell.keys.sorted())") }
      if !(cell["execution_count"] is Int) { problems.append("cell \(index): execution_count is not an integer") }
      guard let outputs = cell["outputs"] as? [[String: Any]] else {
        problems.append("cell \(index): outputs is not a list of objects")
        continue
      }
      for output in outputs {
        switch output["output_type"] as? String {
        case "stream":
          if Set(output.keys) != streamKeys || !["stdout", "stderr"].contains(output["name"] as? String)
            || !(output["text"] is [String])
          {
            problems.append("cell \(index): bad stream \(output)")
          }
        case "error":
          if Set(output.keys) != errorKeys || !(output["ename"] is String) || !(output["evalue"] is String)
            || !(output["traceback"] is [String])
          {
            problems.append("cell \(index): bad error \(output)")
          }
        default: problems.append("cell \(index): output type \(output["output_type"] ?? "none")")
        }
      }
    default: problems.append("cell \(index): cell_type \(cell["cell_type"] ?? "none")")
    }
  }
  return problems
}

/// What a notebook's code cells hold: source, stdout text and error traceback, in order.
private func codeCells(_ text: String) throws -> [(source: String, stdout: String, errors: [String])] {
  let cells = try #require(try parsed(text)["cells"] as? [[String: Any]])
  return cells.filter { $0["cell_type"] as? String == "code" }.map { cell in
    let outputs = cell["outputs"] as? [[String: Any]] ?? []
    let stdout = outputs.filter { $0["name"] as? String == "stdout" }.compactMap { joined($0["text"]) }.joined()
    let errors = outputs.filter { $0["output_type"] as? String == "error" }.flatMap { $0["traceback"] as? [String] ?? [] }
    return (joined(cell["source"]) ?? "", stdout, errors)
  }
}

@Suite struct ExportTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  func export(_ text: String, path: String = "handout.lip") -> NotebookDocument {
    ScriptRunner().notebook(ofScript: text, path: path).document
  }

  @Test func theNotebookIsValidNBFormat45() throws {
    let text = JupyterExport.text(of: export(exportScript))
    #expect(try notebookProblems(text) == [])
    let metadata = try #require(try parsed(text)["metadata"] as? [String: Any])
    #expect((metadata["liplab"] as? [String: Any])?["script"] as? String == "handout.lip")
    // Every session in the curriculum exports to a valid notebook too (the first here; all of
    // them through nbformat itself in `make check-export`).
    let session = try MatrixFile.readText(path: packageRoot + "/sessions/01-norms.lip")
    #expect(try notebookProblems(JupyterExport.text(of: export(session, path: "01-norms.lip"))) == [])
  }

  @Test func eachCodeCellHoldsWhatItsStatementPrintsWhenRunInOrder() throws {
    let cells = try codeCells(JupyterExport.text(of: export(exportScript)))
    // The independent computation: the statements executed one by one in a plain session.
    let console = BufferConsole()
    let session = Session(console: console)
    let statements = [
      "W = [3 0; 0 4]", "norm2(W)", "x = nosuch + 1", "y = [1 2\n3 4]", "p = power(W, init=random, seed=1)",
      "step p 3", "plot p", "\"``` a string with a fence ```\"",
    ]
    #expect(cells.map(\.source) == statements)
    var line = 7
    for (statement, cell) in zip(statements, cells) {
      console.reset()
      let outcome = session.execute(StatementSource(text: statement, origin: .file("handout.lip"), firstLine: line))
      line += statement.split(separator: "\n").count
      if outcome == .ok {
        #expect(cell.stdout == console.text)
        #expect(cell.errors.isEmpty)
      } else {
        #expect(cell.errors == console.diagnosticLines)
        #expect(cell.stdout.isEmpty)
      }
    }
    #expect(cells[2].errors.first == "handout.lip:9:5: error: unknown variable 'nosuch'")
    #expect(cells[6].stdout.split(separator: "\n").count > 10, "the plot is in the notebook as text")
  }

  @Test(arguments: ["handout", "sessions/01-norms.lip", "sessions/03-spectral-normalization.lip"])
  func replayingTheCodeCellsGivesTheStoredOutputs(script name: String) throws {
    let source = name == "handout" ? exportScript : try MatrixFile.readText(path: packageRoot + "/" + name)
    let text = JupyterExport.text(of: export(source))
    let cells = try codeCells(text)
    let script = cells.map(\.source).joined(separator: "\n") + "\n"
    let replayed = try codeCells(JupyterExport.text(of: export(script)))
    #expect(replayed.map(\.source) == cells.map(\.source))
    #expect(replayed.map(\.stdout) == cells.map(\.stdout))
    // Diagnostics name the line, which moved (the comments are gone): from `error:` on they agree.
    func unplaced(_ errors: [String]) -> [String] {
      errors.map { line in line.firstRange(of: "error: ").map { String(line[$0.lowerBound...]) } ?? line }
    }
    #expect(replayed.map { unplaced($0.errors) } == cells.map { unplaced($0.errors) })
    if name == "handout" { #expect(cells.contains { !$0.errors.isEmpty }) }
  }

  @Test func theMarkdownHoldsTheSameCellsAsTheNotebook() throws {
    let document = export(exportScript)
    let markdown = MarkdownExport.text(of: document)
    // Read the fenced blocks back: each `liplab` block, then its `text` or `error` block.
    var blocks: [(info: String, body: String)] = []
    var prose: [String] = []
    var open: (fence: String, info: String, lines: [String])?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if let current = open {
        if line == current.fence {
          blocks.append((current.info, current.lines.joined(separator: "\n")))
          open = nil
        } else {
          open?.lines.append(line)
        }
      } else if line.hasPrefix("```") {
        let fence = String(line.prefix { $0 == "`" })
        open = (fence, String(line.dropFirst(fence.count)), [])
      } else if !line.isEmpty {
        prose.append(line)
      }
    }
    #expect(open == nil)
    #expect(prose == ["# A title for the handout", "The first paragraph spans", "two lines.", "## A section", "The end."])
    let cells = try codeCells(JupyterExport.text(of: document))
    #expect(blocks.filter { $0.info == "liplab" }.map(\.body) == cells.map(\.source))
    #expect(blocks.filter { $0.info == "text" }.map { $0.body + "\n" } == cells.map(\.stdout).filter { !$0.isEmpty })
    #expect(blocks.filter { $0.info == "error" }.map(\.body) == [cells[2].errors.joined(separator: "\n")])
    // The fence around a statement holding ``` is longer than that.
    #expect(markdown.contains("````liplab\n\"``` a string with a fence ```\"\n````"))
  }

  @Test func commentsBecomeProseWithParagraphsAndHeadings() {
    let document = export("# Title\n# more title\n\n#   indented code\n#\n# --- Part two\n# text\nx = 1\n\n  # after\n")
    #expect(
      document.cells.first == .prose(["# Title", "more title", "", "  indented code", "", "## Part two", "text"]))
    #expect(document.cells.last == .prose(["after"]))
    // A script that opens with a statement has no title.
    #expect(export("x = 1\n# --- not a title\n# --- still prose\n").cells.last == .prose(["## not a title", "--- still prose"]))
  }

  @Test func anExportIsDeterministic() {
    let first = ExportFormat.allCases.map { $0.text(of: export(exportScript)) }
    let second = ExportFormat.allCases.map { $0.text(of: export(exportScript)) }
    #expect(first == second)
    #expect(JupyterExport.cellID(7, "x = 1") == "c007-" + JupyterExport.cellID(7, "x = 1").suffix(8))
    #expect(JupyterExport.cellID(7, "x = 1") != JupyterExport.cellID(8, "x = 1"))
  }

  @Test func jsonStringsRoundTrip() throws {
    let text = "tab\there \"quoted\" back\\slash\nnew line \u{01} σ₁ ‖W‖₂ 🙂"
    let json = "[" + JSONText.quoted(text) + "]"
    #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String] == [text])
  }

  @Test func exportWritesBesideTheScriptOrToTheOutput() throws {
    let script = directory + "/lesson.lip"
    writeFixture("# Lesson\nx = 2\nx\n", to: script)
    let console = BufferConsole()
    #expect(ScriptRunner().export(paths: [script], format: .md, output: nil, console: console) == 0)
    #expect(console.lines == ["exported \(directory)/lesson.md (2 statements)"])
    #expect(try MatrixFile.readText(path: directory + "/lesson.md") == "# Lesson\n\n```liplab\nx = 2\n```\n\n```text\nx = 2\n```\n\n```liplab\nx\n```\n\n```text\nx = 2\n```\n")
    let out = directory + "/out"
    #expect(mkdir(out, 0o755) == 0)
    console.reset()
    #expect(ScriptRunner().export(paths: [directory], format: .ipynb, output: out, console: console) == 0)
    #expect(console.lines == ["exported \(out)/lesson.ipynb (2 statements)"])
    #expect(try notebookProblems(try MatrixFile.readText(path: out + "/lesson.ipynb")) == [])
    console.reset()
    #expect(ScriptRunner().export(paths: [script], format: .ipynb, output: directory + "/named.ipynb", console: console) == 0)
    #expect(try notebookProblems(try MatrixFile.readText(path: directory + "/named.ipynb")) == [])
  }

  @Test(arguments: [
    (["/nonexistent/x.lip"], nil as String?, "error: cannot read '/nonexistent/x.lip': no such file"),
    (["SCRIPT"], "/nonexistent/dir/x.md", "error: cannot write '/nonexistent/dir/x.md': no such directory"),
    (["SCRIPT", "SCRIPT2"], "FILE", "error: cannot export 2 scripts to 'FILE': -o must name a directory"),
  ])
  func exportErrorsAreOneLine(paths: [String], output: String?, message: String) {
    writeFixture("x = 1\n", to: directory + "/a.lip")
    writeFixture("y = 1\n", to: directory + "/b.lip")
    let replace = { (text: String) in
      text.replacing("SCRIPT2", with: self.directory + "/b.lip").replacing("SCRIPT", with: self.directory + "/a.lip")
        .replacing("FILE", with: self.directory + "/f.md")
    }
    let console = BufferConsole()
    let status = ScriptRunner().export(paths: paths.map(replace), format: .md, output: output.map(replace), console: console)
    #expect(status == 1)
    #expect(console.diagnosticLines == [replace(message)])
  }

  @Test(arguments: ExportFormat.allCases)
  func saveWritesTheSessionAsTheExportOfItsScript(format: ExportFormat) throws {
    let notebook = SavingNotebook()
    let path = directory + "/notes" + format.fileExtension
    writeFixture("old content\n", to: path)
    let outcomes = notebook.run("W = [3 0; 0 4]", "bad = nosuch", "norms W", "help norms", "save \"\(path)\"")
    #expect(outcomes == [.ok, .failed, .ok, .ok, .ok])
    #expect(notebook.console.lines.last == "saved 2 statements to \(path)")
    let saved = try MatrixFile.readText(path: path)
    // The same writer as `--export` of the script `save "notes.lip"` writes.
    let script = SavedScript.text(of: notebook.session.history)
    #expect(saved == format.text(of: ScriptRunner().notebook(ofScript: script, path: path).document))
    #expect(saved.contains("norms W") && !saved.contains("nosuch") && !saved.contains("help"))
    if format == .ipynb {
      #expect(try notebookProblems(saved) == [])
      #expect(try codeCells(saved).map(\.source) == ["W = [3 0; 0 4]", "norms W"])
    }
    // A name that is a directory is refused, with one line, and nothing is lost.
    let taken = directory + "/taken" + format.fileExtension
    #expect(mkdir(taken, 0o755) == 0)
    notebook.console.reset()
    #expect(notebook.run("save \"\(taken)\"") == [.failed])
    #expect(notebook.console.diagnosticLines.first == "error: cannot write '\(taken)': it is a directory")
    #expect(try MatrixFile.readText(path: path) == saved)
  }

  @Test func ctrlCEndsAnExportAndWritesNothing() throws {
    let script = directory + "/long.lip"
    writeFixture("x = 1\ny = 2\n", to: script)
    let console = BufferConsole()
    let interrupts = InterruptControl(isRequested: { true }, reset: {})
    let replay = ScriptRunner().notebook(ofScript: "x = 1\ny = 2\n", path: script, interrupts: interrupts)
    #expect(replay.report.statements == 1 && replay.report.interrupted == 1)
    let status = ScriptRunner().export(paths: [script], format: .md, output: nil, console: console, interrupts: interrupts)
    #expect(status == 130)
    #expect(console.diagnosticLines == ["error: interrupted: '\(directory)/long.md' was not written"])
    #expect(directoryEntries(directory) == ["long.lip"])
  }

  @Test func ctrlCDuringTheReplayOfSaveWritesNothing() throws {
    let console = BufferConsole()
    let session = Session(console: console, isInterrupted: { true })
    let path = directory + "/notes.md"
    #expect(session.execute(StatementSource(text: "x = 1", origin: .interactive)) == .ok)
    let save = "save \"\(path)\""
    #expect(session.execute(StatementSource(text: save, origin: .interactive)) == .interrupted)
    #expect(console.diagnosticLines == ["error: interrupted: '\(path)' was not written", "  " + save, "       " + String(repeating: "^", count: path.count + 2)])
    #expect(!directoryEntries(directory).contains("notes.md"))
  }
}
