// Helpers shared by the language tests: run statements in a fresh session and read the console.

import Testing

@testable import Notebook

/// A session on a buffer console, for tests.
final class TestNotebook {
  let console = BufferConsole()
  let session: Session

  init(settings: Settings = Settings()) {
    session = Session(console: console, settings: settings)
  }

  /// A session with only the language's own tables (built-in commands, matrix functions), so
  /// that tests listing names do not change when other areas add commands.
  init(languageOnly: Bool) {
    session = Session(
      console: console, settings: Settings(), isInterrupted: { false },
      commands: CommandTable(CommandTable.builtinCommands),
      functions: FunctionTable(FunctionTable.matrixFunctions))
  }

  /// Runs each statement (as interactive input) and returns everything printed.
  @discardableResult
  func run(_ statements: String..., origin: SourceOrigin = .interactive) -> String {
    console.reset()
    for statement in statements {
      _ = session.execute(StatementSource(text: statement, origin: origin))
    }
    return console.text
  }

  /// Runs one statement and returns its outcome.
  func outcome(_ statement: String) -> StatementOutcome {
    console.reset()
    return session.execute(StatementSource(text: statement, origin: .interactive))
  }

  /// The number a bare expression prints, parsed back at 17 digits.
  func number(_ expression: String) -> Double? {
    var settings = session.settings
    settings.digits = 17
    let probe = TestNotebook(settings: settings)
    for name in session.variableNames {
      if let value = session.value(of: name) { probe.session.define(name, value) }
    }
    let text = probe.run(expression).trimmingCharacters()
    return text.split(separator: " ").last.flatMap { Double(String($0)) }
  }
}

extension String {
  func trimmingCharacters() -> String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s.removeFirst() }
    while let c = s.last, c.isWhitespace { s.removeLast() }
    return String(s)
  }
}
