// Exporting scripts as teaching material (`liplab --export md|ipynb`, `save "notes.md"`): the
// script replayed through the one statement pipeline, in a fresh session with the default
// settings (as `--check` does), each comment line and statement recorded with what it printed,
// then written by the format's writer, atomically. An export is as current as a `--check`.

extension ScriptRunner {
  /// The notebook of a script: `text` replayed in a fresh session, its comments as prose and
  /// each statement with its output and diagnostics (named after `path`, as in a transcript).
  /// `interrupts` lets Ctrl-C stop a long statement: the replay ends there (the report counts
  /// the interruption), since an export with an interrupted statement is not written.
  public func notebook(
    ofScript text: String, path: String, interrupts: InterruptControl = .none
  ) -> (document: NotebookDocument, report: PipelineReport) {
    let origin = Self.origin(ofScript: path)
    let recorder = OutputRecorder()
    let session = Session(console: recorder, settings: settings, isInterrupted: interrupts.isRequested)
    var document = NotebookDocument(scriptName: Self.name(ofScript: path))
    var pipeline = StatementPipeline()
    pipeline.interrupts = interrupts
    var interrupted = false
    pipeline.beforeStatement = { _ in interrupted ? .stop : .run }
    pipeline.didHandle = { item, outcome in
      if outcome == .interrupted { interrupted = true }
      switch item {
      case .verbatim(let line): document.addVerbatim(line)
      case .statement(let statement):
        document.addStatement(statement.text, outputs: recorder.take(), failed: outcome != .ok && outcome != .quit)
      }
    }
    let report = pipeline.run(TextLineSource(text), in: session, console: recorder, origin: origin)
    return (document.finished(), report)
  }

  /// `--export`: writes each script under `paths` in `format` beside it, or under `output` — a
  /// directory, or with a single script the file to write — printing what each holds
  /// (`exported x.md (12 statements, 1 failed: line 7)`). A script whose replay was interrupted
  /// is not written. Returns 0, 1 when a script or a file could not be read or written, or 130
  /// after Ctrl-C.
  public func export(
    paths: [String], format: ExportFormat, output: String?, console: Console,
    interrupts: InterruptControl = .none
  ) -> Int32 {
    do throws(Diagnostic) {
      let scripts = try Self.scripts(under: paths)
      let directory = output.map { FileKind.isDirectory(path: $0) } ?? false
      if let output, !directory, scripts.count > 1 {
        throw Diagnostic("cannot export \(scripts.count) scripts to '\(output)': -o must name a directory")
      }
      for script in scripts {
        let name = Self.replacingExtension(of: Self.name(ofScript: script), with: format.fileExtension)
        let beside = Self.replacingExtension(of: script, with: format.fileExtension)
        let target = output.map { directory ? AtomicFile.join($0, name) : $0 } ?? beside
        let replay = notebook(ofScript: try MatrixFile.readText(path: script), path: script, interrupts: interrupts)
        if replay.report.interrupted > 0 {
          console.printDiagnostic(Self.render(Diagnostic("interrupted: '\(target)' was not written")))
          return 130
        }
        try AtomicFile.write(format.text(of: replay.document), to: target)
        console.print(
          RecordResult(transcript: target, statements: replay.report.statements, failedLines: replay.report.failedLines)
            .summary(verb: "exported"))
      }
      return 0
    } catch {
      console.printDiagnostic(Self.render(error))
      return 1
    }
  }
}
