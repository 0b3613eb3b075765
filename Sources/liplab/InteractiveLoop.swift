// The interactive prompt: read a statement (asking for continuation lines while a bracket is
// open), run it, repeat until Ctrl-D or `quit`. Ctrl-C cancels the line being typed or stops the
// running statement; the session and its variables survive either way.

import Notebook

/// The read–run loop at a terminal.
struct InteractiveLoop {
  /// The session's settings (width taken from the terminal).
  var settings: Settings

  /// Runs until Ctrl-D or `quit`; returns the exit status (always 0: an error typed at the
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
    var pending: [String] = []
    while true {
      switch editor.read(continuation: !pending.isEmpty) {
      case .endOfInput:
        editor.show("\n")
        return 0
      case .interrupted:
        editor.show("^C\n")
        pending.removeAll()
      case .line(let line):
        editor.remember(line)
        pending.append(line)
        let text = pending.joined(separator: "\n")
        if Session.completeness(of: text) == .incomplete { continue }
        pending.removeAll()
        guard text.contains(where: { !$0.isWhitespace }) else { continue }
        let statement = StatementSource(text: text, origin: .interactive)
        let outcome = Interrupts.whileComputing { session.execute(statement) }
        if outcome == .quit { return 0 }
      }
    }
  }
}
