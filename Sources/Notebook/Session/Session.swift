// A notebook session: the variables, the settings, the random source and the history of
// successful statements, and `execute`, which runs one statement against them.
//
// The front end (REPL, script runner, tests) is a thin client: it feeds statements in and reads
// the console. A statement either succeeds completely or changes nothing: expressions are
// evaluated against a snapshot, commands collect their changes, and both are applied at the end.

import DenseMatrix

/// Is the text typed so far a complete statement, or does an open bracket ask for more?
public enum InputCompleteness: Equatable, Sendable {
  /// Ready to execute (it may still contain errors; `execute` reports them).
  case complete
  /// An open `[` or `(` is waiting for its closing bracket on a later line.
  case incomplete
}

/// How a statement ended.
public enum StatementOutcome: Equatable, Sendable {
  /// It ran.
  case ok
  /// It failed; a diagnostic was printed and nothing changed.
  case failed
  /// It asked to end the session (`quit`).
  case quit
  /// Ctrl-C stopped it; a diagnostic was printed and nothing changed (a `train` keeps the steps
  /// it took, and says so).
  case interrupted
}

/// One liplab session: variables, settings, random source, console and history.
public final class Session {
  /// The session's settings (`set` changes them).
  public private(set) var settings: Settings
  /// The statements that succeeded, in order (what `save` writes). Commands that only inspect
  /// (`help`, `vars`, `quit`) are not recorded.
  public var history: [StatementSource] = []
  /// The commands this session dispatches.
  public let commands: CommandTable
  /// The functions expressions can call.
  public let functions: FunctionTable

  private var variables: [String: Value] = [:]
  private var random: RandomSource
  private let console: Console
  private let isInterrupted: @Sendable () -> Bool

  /// The seed of a fresh session's random source (`seed N` resets it).
  public static let defaultSeed: UInt64 = 0

  /// A session writing to `console`. `isInterrupted` is polled by long computations (Ctrl-C).
  public convenience init(
    console: Console, settings: Settings = Settings(),
    isInterrupted: @escaping @Sendable () -> Bool = { false }
  ) {
    self.init(
      console: console, settings: settings, isInterrupted: isInterrupted, commands: .standard,
      functions: .standard)
  }

  /// A session with its own command and function tables (for tests of new commands).
  init(
    console: Console, settings: Settings, isInterrupted: @escaping @Sendable () -> Bool,
    commands: CommandTable, functions: FunctionTable
  ) {
    self.console = console
    self.settings = settings
    self.isInterrupted = isInterrupted
    self.random = RandomSource(seed: Session.defaultSeed)
    self.commands = commands
    self.functions = functions
  }

  /// The value of variable `name`, if defined.
  public func value(of name: String) -> Value? { variables[name] }

  /// Defines (or replaces) variable `name` directly, bypassing the language: for front ends and
  /// tests that prepare a session.
  public func define(_ name: String, _ value: Value) { variables[name] = value }

  /// The defined variable names, sorted.
  public var variableNames: [String] { variables.keys.sorted() }

  /// Typed check, never by matching error text: an open `[` or `(` (outside strings and
  /// comments, by `LexicalScan`'s rules) means `.incomplete`. An unmatched closer makes the text
  /// complete at once (it can never be finished; `execute` reports it). Cost: O(length).
  public static func completeness(of text: String) -> InputCompleteness {
    LexicalScan(text).asksForMore ? .incomplete : .complete
  }

  /// Runs one statement (possibly multi-line). Output and diagnostics go to the console.
  /// A failing statement leaves every variable (and the settings and random source) as it was.
  /// Before it runs, the width follows the console's terminal (`Console.columns`) unless the
  /// user fixed it with `set width=N`; a console that is not a terminal leaves it alone.
  /// Long dense computations poll `isInterrupted` through `Interruption`.
  public func execute(_ statement: StatementSource) -> StatementOutcome {
    // NOTE: asked before every statement rather than on SIGWINCH: a resize between two
    // statements is all that matters here, and a query costs one ioctl.
    if let columns = console.columns { settings.followTerminal(columns: columns) }
    let progress = StatementProgress(console: console, label: Self.progressLabel(statement))
    defer { progress.finish() }
    return Interruption.withCheck(isInterrupted, progress: progress.report) {
      do throws(Diagnostic) {
        var changes = VariableChanges()
        let outcome = try run(statement, changing: &changes)
        changes.apply(to: &variables)
        return outcome
      } catch {
        let error = budgetRefusal(error)
        console.printDiagnostic(DiagnosticRenderer.render(error, in: statement))
        return isInterrupted() ? .interrupted : .failed
      }
    }
  }

  /// A size refusal that the memory budget caused, not the element limit, said as such.
  private func budgetRefusal(_ diagnostic: Diagnostic) -> Diagnostic {
    guard case .tooLarge(let rows, let columns, let limit)? = diagnostic.cause, limit < settings.elementLimit,
      limit == Evaluator.elementsLeft(settings.memoryBudget, holding: variables)
    else { return diagnostic }
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    let needed = overflow || count > Int.max / 8 ? "more than \(MemoryBudget.text(Int.max))" : MemoryBudget.text(count * 8)
    let held = Evaluator.elementsHeld(by: variables) * 8
    var refusal = Diagnostic(
      "a \(rows)×\(columns) matrix needs \(needed), more than the \(MemoryBudget.text(limit * 8)) left of the session's memory",
      at: diagnostic.range,
      notes: [
        "the budget is \(MemoryBudget.text(settings.memoryBudget)) (what this process can allocate); the variables hold \(MemoryBudget.text(held))"
      ])
    if held > 0 { refusal.notes.append("'clear' variables to make room") }
    return refusal
  }

  /// The first words of a statement's first line, as a progress bar's label.
  private static func progressLabel(_ statement: StatementSource) -> String {
    // NOTE: 31 characters at most are looked at, however long the statement.
    let first = statement.text.prefix(31).prefix { $0 != "\n" }
    return first.count <= 30 ? String(first) : String(first.prefix(29)) + "…"
  }

  /// What a statement does to the variables, applied by `execute` once `run` has returned: the
  /// statement's evaluator holds the variables as they were, and changing the dictionary while
  /// it lives would copy it whole, making N assignments cost O(N²).
  private struct VariableChanges {
    var clearsAll = false
    var assignments: [(name: String, value: Value?)] = []

    func apply(to variables: inout [String: Value]) {
      if clearsAll { variables.removeAll() }
      for change in assignments { variables[change.name] = change.value }
    }
  }

  private func run(_ statement: StatementSource, changing changes: inout VariableChanges)
    throws(Diagnostic) -> StatementOutcome
  {
    let parsed: Statement
    do {
      parsed = try StatementParser.parse(
        statement, isCommand: { [commands] in commands[$0] != nil })
    } catch {
      throw unknownCommand(in: statement) ?? error
    }
    let evaluator = Evaluator(
      variables: variables, functions: functions, commandNames: commands.names,
      settings: settings, random: random, statement: statement)
    let printer = ValuePrinter(settings: settings)
    switch parsed {
    case .empty:
      return .ok
    case .assignment(let name, let nameRange, let expr):
      try checkAssignable(name, at: nameRange)
      let value = try evaluator.evaluate(expr)
      changes.assignments.append((name, value))
      random = evaluator.random
      for line in printer.summaryLines(value, name: name) { console.print(line) }
      for note in evaluator.notes { console.print("note: " + note) }
    case .expression(let expr):
      // A lone unknown name may be a misspelt command (`vras`): its diagnostic can say so.
      if case .name(let name) = expr.kind, variables[name] == nil,
        Evaluator.constants[name] == nil
      {
        throw evaluator.unknownVariable(name, at: expr.range, standsAlone: true)
      }
      let value = try evaluator.evaluate(expr)
      random = evaluator.random
      var name: String?
      if case .name(let n) = expr.kind { name = n }
      for line in printer.lines(value, name: name) { console.print(line) }
      for note in evaluator.notes { console.print("note: " + note) }
    case .command(let name, let nameRange, let arguments):
      guard let spec = commands[name] else { throw Diagnostic("unknown command '\(name)'", at: nameRange) }
      let slots = arguments.map { argument in
        Arguments.Slot(
          key: argument.key, keyRange: argument.keyRange, text: argument.text,
          range: argument.range, expr: nil, commandArgument: argument)
      }
      let invocation = try Arguments(
        name: name, range: nameRange, usage: spec.usage, signature: spec.signature, slots: slots,
        evaluator: evaluator, isCommand: true)
      let context = CommandContext(
        arguments: invocation, statement: statement, history: history, settings: settings,
        console: console, evaluator: evaluator, commands: commands, notebook: notebook)
      try spec.run(context)
      changes.clearsAll = context.clearsAll
      changes.assignments = context.changes
      settings = context.settings
      random = evaluator.random
      if spec.recordsInHistory {
        var recorded = statement
        if let text = context.recordedText { recorded.text = text }
        history.append(recorded)
      }
      return context.quitRequested ? .quit : .ok
    }
    history.append(statement)
    return .ok
  }

  /// `script` replayed as a notebook in a fresh session with the default settings (`save`
  /// of a `.md` or `.ipynb`); Ctrl-C stops it.
  /// - Throws: `interrupted: 'path' was not written` when Ctrl-C stopped a statement.
  private func notebook(ofScript script: String, path: String) throws(Diagnostic) -> NotebookDocument {
    let interrupts = InterruptControl(isRequested: isInterrupted, reset: {})
    let replay = ScriptRunner().notebook(ofScript: script, path: path, interrupts: interrupts)
    if replay.report.interrupted > 0 { throw Diagnostic("interrupted: '\(path)' was not written") }
    return replay.document
  }

  private func checkAssignable(_ name: String, at range: SourceRange) throws(Diagnostic) {
    if Evaluator.constants[name] != nil {
      throw Diagnostic(
        "cannot assign to '\(name)'", at: range, notes: ["'\(name)' is a constant; choose another name"])
    }
    if functions[name] != nil {
      throw Diagnostic(
        "cannot assign to '\(name)'", at: range, notes: ["'\(name)' is a function; choose another name"])
    }
    if commands[name] != nil {
      throw Diagnostic(
        "cannot assign to '\(name)'", at: range, notes: ["'\(name)' is a command; choose another name"])
    }
  }

  /// When a statement that failed to parse looks like `word argument…` with an unknown word,
  /// the user most likely meant a command: say so, with the nearest command name.
  private func unknownCommand(in statement: StatementSource) -> Diagnostic? {
    let source = SourceText(statement)
    guard let (word, range, rest, spaced) = StatementParser.leadingWord(source), spaced,
      commands[word] == nil, variables[word] == nil, functions[word] == nil
    else { return nil }
    let s = source.scalars
    var j = rest
    while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
    guard j < s.count else { return nil }
    let c = s[j]
    guard Lexer.isIdentifierPart(c) || c == "[" || c == "\"" || c == "." else { return nil }
    var diagnostic = Diagnostic("unknown command '\(word)'", at: range)
    if let note = Suggestion.note(for: word, in: commands.names) {
      diagnostic.notes.append(note)
    } else {
      diagnostic.notes.append("type 'help' for the list of commands")
    }
    return diagnostic
  }
}
