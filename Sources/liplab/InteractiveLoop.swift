// The interactive prompt: read a statement (asking for continuation lines while a bracket is
// open), run it, repeat until Ctrl-D or `quit`. Ctrl-C cancels the line being typed or stops the
// running statement; Ctrl-D at the continuation prompt gives up the unfinished statement with the
// parser's error. The session and its variables survive all of these. A statement typed over
// several lines is one history entry.

import Notebook

/// The read–run loop at a terminal.
struct InteractiveLoop {
  /// The session's settings (width taken from the terminal, which it then follows).
  var settings: Settings

  /// Runs until Ctrl-D at the primary prompt or `quit`; returns the exit status (always 0: an error typed at the
  /// prompt does not make the session fail).
  func run() -> Int32 {
    let console = TerminalConsole()
    let session = Session(console: console, settings: settings, isInterrupted: Interrupts.check)
    guard let editor = LineEditor(
      prompt: "liplab> ", continuationPrompt: "   ...> ", historyPath: Terminal.historyPath(),
      completer: { line, cursor in session.completions(in: line, cursor: cursor) })
    else {
      // Without line editing, read statements as from a pipe.
      return PipedInput(settings: settings, bail: false).run()
    }
    Interrupts.install()
    editor.show("\(Liplab.configuration.version) · 'help' lists the commands, TAB completes, Ctrl-D leaves\n")
    var pending = StatementLines()
    while true {
      switch editor.read(continuation: !pending.isEmpty) {
      case .endOfInput:
        editor.show("\n")
        guard let unfinished = pending.takeUnfinished() else { return 0 }
        // NOTE: Ctrl-D at `...>` cancels the statement only. Running it reports the open
        // bracket through the usual diagnostic ("expected ')' at end of input"), as a pipe does
        // at its end; an unfinished statement never parses, so nothing else happens. It goes to
        // the history like any statement that failed, so Up brings it back to finish.
        editor.remember(unfinished)
        _ = Interrupts.whileComputing {
          session.execute(StatementSource(text: unfinished, origin: .interactive))
        }
      case .interrupted:
        editor.show("^C\n")
        pending.discard()
      case .line(let line):
        guard let text = pending.add(line) else { continue }
        editor.remember(text)
        guard text.contains(where: { !$0.isWhitespace }) else { continue }
        let statement = StatementSource(text: text, origin: .interactive)
        let outcome = Interrupts.whileComputing { session.execute(statement) }
        if outcome == .quit { return 0 }
      }
    }
  }
}
