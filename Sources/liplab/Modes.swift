// The modes of the command line, each a statement pipeline over one kind of line source:
// `-e` strings, statements piped in, replayed scripts (optionally paced), `--check` and
// `--record`. Each returns the process's exit status.

import Notebook

/// The modes of `liplab`.
enum Modes {
  /// Default settings, with the width of stdout when it is a terminal (40…400 columns). The
  /// session then follows the terminal's size before each statement (`TerminalConsole.columns`).
  static func terminalSettings() -> Settings {
    var settings = Settings()
    if let columns = Terminal.columns(Terminal.standardOutput) {
      settings.followTerminal(columns: columns)
    }
    return settings
  }

  /// A pipeline with Ctrl-C wired to the terminal's SIGINT handler.
  static func pipeline(echo: Bool, bail: Bool) -> StatementPipeline {
    Interrupts.install()
    var pipeline = StatementPipeline()
    pipeline.echo = echo
    pipeline.bail = bail
    pipeline.interrupts = Interrupts.control
    return pipeline
  }

  /// `-e` strings (each may hold several lines), or the statements piped into stdin when there
  /// are none: no prompt, no line editing; with `echo` the output reads like a transcript
  /// (diagnostics inline). One session runs them all.
  static func statements(_ strings: [String], echo: Bool, bail: Bool) -> Int32 {
    let console = TerminalConsole(diagnosticsInline: echo)
    let session = Session(console: console, settings: terminalSettings(), isInterrupted: Interrupts.check)
    let pipeline = pipeline(echo: echo, bail: bail)
    guard !strings.isEmpty else {
      let stdin = FileLineSource(fd: Terminal.standardInput)
      return pipeline.run(stdin, in: session, console: console, origin: .file("<stdin>")).status
    }
    var status: Int32 = 0
    for text in strings {
      let report = pipeline.run(TextLineSource(text), in: session, console: console, origin: .commandLine)
      status = max(status, report.status)
      if report.ending != .endOfInput { break }
    }
    return status
  }

  /// `liplab FILE…` (`-` is stdin): replays each script like a transcript. With `pacing`,
  /// waits for a key (Enter, Space, →, ↓, Page Down) before each statement (`Pace`), and with
  /// `--pace` again after echoing it, before it runs. Ctrl-C during a statement stops it and the
  /// replay goes on at the next key (with `bail`, it ends there, status 130); Ctrl-C at a wait
  /// ends the replay (130); Ctrl-D at a wait ends it quietly, skipping the scripts after it.
  static func replay(_ paths: [String], bail: Bool, pacing: Pacing?) -> Int32 {
    let console = TerminalConsole(diagnosticsInline: true)
    var pipeline = pipeline(echo: true, bail: bail)
    if let pacing {
      guard let pacer = Pace() else {
        console.printDiagnostic(["error: --\(pacing.rawValue) needs a terminal (cannot open /dev/tty)"])
        return 64  // a usage error, like any other option that cannot apply
      }
      pipeline.beforeStatement = { _ in pacer.waitForKey() }
      if pacing == .pace { pipeline.beforeRunning = { _ in pacer.waitForKey(hint: Pace.revealHint) } }
    }
    return ScriptRunner(settings: terminalSettings()).replay(paths: paths, console: console, pipeline: pipeline)
  }

  /// `--export FORMAT PATH… [-o OUT]`: each script replayed with the default settings and
  /// written as Markdown or a notebook; Ctrl-C stops the export, writing nothing more (130).
  static func export(_ paths: [String], format: ExportFormat, output: String?) -> Int32 {
    Interrupts.install()
    return ScriptRunner().export(
      paths: paths, format: format, output: output, console: TerminalConsole(), interrupts: Interrupts.control)
  }

  /// `--curriculum [PATH…]`: the Markdown index of the scripts under the paths.
  static func curriculum(_ paths: [String]) -> Int32 {
    ScriptRunner().curriculum(paths: paths, console: TerminalConsole())
  }

  /// `--check` (stopping at the first failing script with `bail`) and `--record`.
  static func transcripts(_ paths: [String], record: Bool, bail: Bool) -> Int32 {
    let runner = ScriptRunner()
    guard !record else { return runner.record(paths: paths, console: TerminalConsole()) }
    let colour = Terminal.allowsColour(Terminal.standardOutput)
    return runner.check(paths: paths, bail: bail, colour: colour, console: TerminalConsole())
  }
}
