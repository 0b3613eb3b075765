// The interactive prompt: the statement pipeline over the line editor. Ctrl-C cancels the line
// being typed or stops the running statement; Ctrl-D at the continuation prompt gives up the
// unfinished statement with the parser's error. The session and its variables survive all of
// these. A statement typed over several lines is one history entry. Without line editing
// (TERM=dumb, or libedit cannot start) the prompt is written plainly and lines read as typed.

import Notebook

/// The read–run loop at a terminal.
struct InteractiveLoop {
  /// Runs until Ctrl-D at the primary prompt or `quit`; returns the exit status (always 0: an
  /// error typed at the prompt does not make the session fail).
  func run() -> Int32 {
    let console = TerminalConsole()
    let session = Session(console: console, settings: Modes.terminalSettings(), isInterrupted: Interrupts.check)
    var pipeline = Modes.pipeline(echo: false, bail: false)
    let source: LineSource
    let banner = "\(Liplab.configuration.version) · 'help' lists the commands, TAB completes, Ctrl-D leaves\n"
    if !Terminal.isDumb, let editor = LineEditor(
      prompt: TranscriptScript.prompt, continuationPrompt: TranscriptScript.continuationPrompt,
      historyPath: HistoryLocation.path(environment: Terminal.environment),
      completer: { line, cursor in session.completions(in: line, cursor: cursor) })
    {
      editor.show(banner)
      pipeline.didRead = { editor.remember($0.text) }
      source = editor
    } else {
      Terminal.writeAll(banner, to: Terminal.standardOutput)
      source = PlainPrompt()
    }
    _ = pipeline.run(source, in: session, console: console, origin: .interactive)
    return 0
  }
}

/// The prompt without line editing: the prompt written plainly, lines read as the terminal's
/// own line discipline delivers them; Ctrl-C and Ctrl-D end the line on the screen.
final class PlainPrompt: LineSource {
  private let lines = FileLineSource(fd: Terminal.standardInput, isInterrupted: Interrupts.check)

  func nextLine(continuing: Bool) -> SourceLine {
    if !lines.hasBufferedLine {
      let prompt = continuing ? TranscriptScript.continuationPrompt : TranscriptScript.prompt
      Terminal.writeAll(prompt, to: Terminal.standardOutput)
    }
    let line = lines.nextLine(continuing: continuing)
    if case .line = line {} else { Terminal.writeAll("\n", to: Terminal.standardOutput) }
    return line
  }
}
