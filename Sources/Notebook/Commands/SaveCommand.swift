// `save "file.lip"`: the session's successful statements written back as a script that replays
// to the same state; `save "notes.md"` / `save "notes.ipynb"` writes that script as an export
// (`ExportFormat`), replayed in a fresh session so each statement carries its output; `save W
// "w.npy"`, a matrix, is in SaveMatrix.swift. The file is replaced atomically (AtomicFile): an
// existing file is overwritten, never left half-written; a symbolic link is written through;
// anything but a writable regular file is refused.

extension CommandTable {
  /// `save "file.lip"`.
  static var save: CommandSpec {
    CommandSpec(
      "save",
      summary: "write the statements that succeeded so far as a replayable script, as Markdown or a notebook with their outputs, a matrix W to a .npy or .csv file, or a network to .safetensors",
      help: [
        "Writes every statement that succeeded in this session, in order (a statement typed over several lines keeps its lines). Failed statements and the commands that only look (help, vars, show, save, quit) are left out, so 'liplab file.lip' rebuilds the same variables.",
        "A name ending in .md or .ipynb writes the same statements as teaching material instead: Markdown, or a Jupyter notebook (nbformat 4.5), each statement with the output it gives when the script is replayed in a fresh session with the default settings — what 'liplab --export' writes for the saved .lip.",
        "An existing file is replaced atomically: the script is written to a temporary file beside it, flushed, and renamed over it, so it is never left half-written. A symbolic link is followed: the file it leads to is replaced and the link stays. A name that is not a regular file (a directory, a device such as /dev/null, a FIFO), a link that leads nowhere and a read-only file (no write permission bit) are refused, and nothing is changed. A new file gets the usual mode less the umask; a replaced file keeps its mode.",
        saveMatrixHelp,
        saveNetworkHelp,
      ],
      signature: Signature([Parameter("W", required: false), Parameter("file", .word)]),
      recordsInHistory: false
    ) { context throws(Diagnostic) in
      if context.arguments.count == 2 { return try saveMatrix(context) }
      let word = try context.arguments.word(0)
      if !word.hasPrefix("\""), context.variable(word) != nil {
        // `save W` meant as the matrix W, with the file forgotten: never write the session over
        // a file named after it.
        throw Diagnostic(
          "'\(word)' is a variable, and save needs a file for it", at: context.arguments.range(0),
          notes: ["save \(word) \"\(word).npy\" writes the matrix; save \"\(word)\" writes the session to a file named \(word)"])
      }
      let path = SavedScript.path(from: word)
      guard !path.isEmpty else {
        throw Diagnostic("the file name is empty", at: context.arguments.range(0))
      }
      let statements = context.history
      do throws(Diagnostic) {
        var text = SavedScript.text(of: statements)
        if let format = ExportFormat(path: path) {
          text = format.text(of: try context.notebook(text, path))
        }
        try AtomicFile.write(text, to: path)
      } catch {
        throw error.located(at: context.arguments.range(0))
      }
      let count = statements.count
      context.print("saved \(count) statement\(count == 1 ? "" : "s") to \(path)")
    }
  }
}

/// The text `save` writes.
enum SavedScript {
  /// The file name as written, without surrounding double quotes.
  static func path(from word: String) -> String {
    if word.count >= 2, word.hasPrefix("\""), word.hasSuffix("\"") {
      return String(word.dropFirst().dropLast())
    }
    return word
  }

  /// A header comment, then each statement's text on its own line(s). Cost: O(total length).
  static func text(of statements: [StatementSource]) -> String {
    var lines = ["# liplab session: the statements that succeeded, in order"]
    lines += statements.map(\.text)
    return lines.joined(separator: "\n") + "\n"
  }
}
