// What a running command sees: its arguments, the session's state (read-only), a way to print,
// and a list of changes that the session applies only when the command succeeds.

import DenseMatrix

/// The view a command's `run` closure has of the session.
public final class CommandContext {
  /// The command's arguments, checked against its signature.
  public let arguments: Arguments
  /// The whole statement, as written.
  public let statement: StatementSource
  /// The statements that succeeded before this one, in order (what `save` writes).
  public let history: [StatementSource]
  /// The session's settings; a command may change them (applied on success).
  public var settings: Settings
  /// Set by `quit`: the session reports `.quit` after this statement.
  public var quitRequested = false
  /// What `save` records for this statement instead of its text, when set (an interrupted
  /// `train` records the steps it took, so that a replay rebuilds the same critic).
  public var recordedText: String?
  /// Variables to set (or, with nil, remove) when the command succeeds, in order.
  private(set) var changes: [(name: String, value: Value?)] = []
  /// Lines printed so far; the session sends them to the console as the command runs.
  private let console: Console
  /// Set to remove every variable first (`clear`).
  private(set) var clearsAll = false
  let evaluator: Evaluator
  let commands: CommandTable
  /// Replays a script in a fresh session and returns it as a notebook with its outputs
  /// (`save "notes.md"`); the session supplies it, replaying being the session's business.
  let notebook: Notebook

  /// Replays `script` (named `path` in its diagnostics) as a notebook.
  /// - Throws: when Ctrl-C stopped the replay.
  typealias Notebook = (_ script: String, _ path: String) throws(Diagnostic) -> NotebookDocument

  init(
    arguments: Arguments, statement: StatementSource, history: [StatementSource] = [],
    settings: Settings, console: Console, evaluator: Evaluator, commands: CommandTable,
    notebook: @escaping Notebook
  ) {
    self.arguments = arguments
    self.statement = statement
    self.history = history
    self.settings = settings
    self.console = console
    self.evaluator = evaluator
    self.commands = commands
    self.notebook = notebook
  }

  // MARK: - Reading state

  /// The value of variable `name` as it is now (including changes made by this command).
  public func variable(_ name: String) -> Value? {
    if let change = changes.last(where: { $0.name == name }) { return change.value }
    return clearsAll ? nil : evaluator.variables[name]
  }

  /// The names of all variables, sorted.
  public var variableNames: [String] {
    var names = Set<String>(clearsAll ? [] : Array(evaluator.variables.keys))
    for change in changes {
      if change.value == nil { names.remove(change.name) } else { names.insert(change.name) }
    }
    return names.sorted()
  }

  /// The function table (for help).
  public var functions: FunctionTable { evaluator.functions }

  /// The command table (for help).
  public var commandTable: CommandTable { commands }

  /// The session's random source; changes (`seed N`, draws) are kept on success.
  public var random: RandomSource {
    get { evaluator.random }
    set { evaluator.random = newValue }
  }

  /// True once the user asked to stop (Ctrl-C): long loops check it between steps and stop,
  /// keeping what they computed.
  public var isInterrupted: Bool { evaluator.isInterrupted() }

  // MARK: - Changing state (applied when the command succeeds)

  /// Sets variable `name` to `value`.
  public func assign(_ name: String, _ value: Value) { changes.append((name, value)) }

  /// Removes variable `name`.
  public func remove(_ name: String) { changes.append((name, nil)) }

  /// Removes every variable.
  public func removeAll() {
    clearsAll = true
    changes.removeAll()
  }

  // MARK: - Output

  /// How numbers are printed (the `digits` setting).
  public var format: NumberFormat { NumberFormat(digits: settings.digits) }

  /// The matrix formatter for the current settings.
  public var matrixFormatter: MatrixFormatter { MatrixFormatter(settings: settings) }

  /// Prints lines of output.
  public func print(_ text: String) { console.print(text) }

  /// Prints several lines.
  public func print(lines: [String]) {
    for line in lines { console.print(line) }
  }

  /// Prints a value the way a bare expression prints it (`name : m×n` and the rows, elided
  /// to fit unless `elide` is false).
  public func print(_ value: Value, name: String?, elide: Bool = true) {
    print(lines: ValuePrinter(settings: settings).lines(value, name: name, elide: elide))
  }

  /// Prints every entry of a value (`show`), a line at a time, stopping as soon as Ctrl-C asks
  /// (`Interruption`, polled between the columns formatted and between the lines printed).
  /// - Throws: `interrupted` when stopped; the lines already printed stay.
  public func printInFull(_ value: Value, name: String?) throws(Diagnostic) {
    let lines = ValuePrinter(settings: settings).lines(value, name: name, elide: false)
    for line in lines {
      if Interruption.isRequested { throw MatrixError.interrupted.diagnostic(at: arguments.range) }
      console.print(line)
    }
  }

  /// Shows transient progress (terminals only, never in transcripts).
  public func progress(_ text: String) { console.progress(text) }

  /// Shows a progress bar `label [#####.....] done/total detail` (terminals only).
  public func progress(_ label: String, done: Int, of total: Int, detail: String = "") {
    let fraction = total > 0 ? Double(done) / Double(total) : 1
    console.progress(ProgressBar.line(label, fraction: fraction, detail: "\(done)/\(total)" + (detail.isEmpty ? "" : "  " + detail)))
  }

  /// Runs `body` and returns its result with its wall-clock duration when the console shows
  /// timings (a terminal), nil otherwise, so transcripts never depend on the clock.
  public func timed<T>(_ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> (T, Duration?) {
    guard console.showsTimings else { return (try body(), nil) }
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (result, clock.now - start)
  }
}
