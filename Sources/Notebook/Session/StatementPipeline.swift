// The one statement pipeline: every way of feeding liplab statements — the prompt, a pipe, `-e`,
// a replayed or checked script — runs through `StatementPipeline.run`. It owns line joining and
// the byte-order mark (through `StatementReader`), echo, bail, quit, pacing and interruption;
// front ends only supply lines (`LineSource`), a console and the Ctrl-C flag (`InterruptControl`).
//
// Interruption: Ctrl-C during a statement stops that statement — it is reported, and nothing is
// assigned — and the pipeline goes on with the next one; with bail it stops there instead, with a
// message. Ctrl-C while a line is being read drops the statement being typed.

/// What a line source produced.
public enum SourceLine: Equatable, Sendable {
  /// A line, without its newline.
  case line(String)
  /// Ctrl-C while the line was being read: the statement being typed is dropped.
  case interrupted
  /// The end of the statement being typed, as it is (Ctrl-D at a continuation prompt): running
  /// it reports what was left open, and input goes on.
  case endOfStatement
  /// The end of the input (Ctrl-D, end of file).
  case end
}

/// Supplies lines to a pipeline: a line editor, a pipe, a file, a string.
public protocol LineSource: AnyObject {
  /// The next line; `continuing` is true while a statement waits for its continuation (a prompt
  /// then shows `...>`).
  func nextLine(continuing: Bool) -> SourceLine
}

/// The lines of a text, in order: a `-e` statement, a script read whole, a test's input.
public final class TextLineSource: LineSource {
  private var lines: [String]
  private var index = 0

  /// The lines of `text` ("\n"-separated; a final "\n" ends the last line, it does not start
  /// another).
  public init(_ text: String) {
    lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      String(String.UnicodeScalarView($0))
    }
    if lines.last == "" { lines.removeLast() }
  }

  public func nextLine(continuing: Bool) -> SourceLine {
    guard index < lines.count else { return .end }
    defer { index += 1 }
    return .line(lines[index])
  }
}

/// How a front end's Ctrl-C reaches the pipeline.
public struct InterruptControl: Sendable {
  /// True once Ctrl-C was pressed since the last `reset`.
  public var isRequested: @Sendable () -> Bool
  /// Forgets earlier presses (before each statement).
  public var reset: @Sendable () -> Void
  /// Runs one statement as a computation (a terminal may stop echoing meanwhile, and repeated
  /// presses may end a statement that never checks the flag).
  public var computing: @Sendable (() -> StatementOutcome) -> StatementOutcome

  /// The controls of a front end.
  public init(
    isRequested: @escaping @Sendable () -> Bool, reset: @escaping @Sendable () -> Void,
    computing: @escaping @Sendable (() -> StatementOutcome) -> StatementOutcome = { $0() }
  ) {
    self.isRequested = isRequested
    self.reset = reset
    self.computing = computing
  }

  /// No interruption (tests, `--check`, `--record`).
  public static let none = InterruptControl(isRequested: { false }, reset: {})
}

/// What a paced replay decides before a statement.
public enum PaceDecision: Equatable, Sendable {
  /// Run it.
  case run
  /// End the replay quietly before it (Ctrl-D at the wait).
  case stop
  /// End the replay with an interruption (Ctrl-C at the wait).
  case interrupted
}

/// How a pipeline ended and what happened on the way.
public struct PipelineReport: Equatable, Sendable {
  /// Why it ended.
  public enum Ending: Equatable, Sendable {
    /// The input ran out.
    case endOfInput
    /// A statement asked to end the session (`quit`, `exit`).
    case quit
    /// A statement failed and bail was on.
    case bail
    /// Interrupted with bail on, or Ctrl-C while a paced replay waited.
    case interrupted
    /// The pacing asked to stop (Ctrl-D at the wait).
    case stopped
  }

  /// The statements run.
  public internal(set) var statements = 0
  /// The first lines of the statements that failed or were interrupted, in order.
  public internal(set) var failedLines: [Int] = []
  /// How many statements Ctrl-C stopped.
  public internal(set) var interrupted = 0
  /// Why it ended.
  public internal(set) var ending = Ending.endOfInput

  /// The process status a batch mode exits with: 130 after an interruption that ended the
  /// run, 1 when a statement failed, else 0.
  public var status: Int32 {
    if ending == .interrupted { return 130 }
    return failedLines.isEmpty ? 0 : 1
  }
}

/// Runs statements from a source in a session.
public struct StatementPipeline {
  /// Echo like a transcript: verbatim lines as they are, statements after the prompts.
  public var echo = false
  /// Stop at the first failing (or interrupted) statement.
  public var bail = false
  /// The front end's Ctrl-C.
  public var interrupts = InterruptControl.none
  /// Called before each statement is echoed and run (pacing); `.stop` and `.interrupted` end
  /// the run there.
  public var beforeStatement: ((StatementSource) -> PaceDecision)?
  /// Called after a statement is echoed, before it runs (`--pace`'s predict-then-reveal: the
  /// class sees the statement, then its output); `.stop` and `.interrupted` end the run there.
  public var beforeRunning: ((StatementSource) -> PaceDecision)?
  /// Called with each statement as read, before it runs (the prompt's history).
  public var didRead: ((StatementSource) -> Void)?
  /// Called after each item: a blank or comment line with nil, a statement once it ran, with
  /// how it ended (what an export records; `ScriptRunner.notebook(ofScript:path:)`).
  public var didHandle: ((TranscriptItem, StatementOutcome?) -> Void)?

  /// A pipeline with the defaults: no echo, no bail, no interruption.
  public init() {}

  /// Reads every line of `source` and runs its statements in `session`, writing echoes and
  /// interruption messages to `console` (the session's own output goes to its console).
  /// `origin` names the source in diagnostics.
  public func run(
    _ source: LineSource, in session: Session, console: Console, origin: SourceOrigin
  ) -> PipelineReport {
    var reader = StatementReader(origin: origin, isCommand: { session.commands[$0] != nil })
    var report = PipelineReport()
    while true {
      switch source.nextLine(continuing: reader.isContinuing) {
      case .interrupted:
        reader.discard()
      case .endOfStatement:
        if let last = reader.finish(), !handle(.statement(last), session, console, &report) { return report }
      case .end:
        if let last = reader.finish() { _ = handle(.statement(last), session, console, &report) }
        return report
      case .line(let line):
        for item in reader.add(line) {
          guard handle(item, session, console, &report) else { return report }
        }
      }
    }
  }

  /// Echoes or runs one item; false when the run must end.
  private func handle(
    _ item: TranscriptItem, _ session: Session, _ console: Console, _ report: inout PipelineReport
  ) -> Bool {
    guard case .statement(let statement) = item else {
      if echo, case .verbatim(let line) = item { console.print(line) }
      didHandle?(item, nil)
      return true
    }
    guard wait(beforeStatement, statement, console, &report) else { return false }
    didRead?(statement)
    if echo { console.print(TranscriptScript.echo(statement).joined(separator: "\n")) }
    guard wait(beforeRunning, statement, console, &report) else { return false }
    interrupts.reset()
    let outcome = interrupts.computing { session.execute(statement) }
    report.statements += 1
    // NOTE: a command that keeps what it computed (`run`, `train`) ends `.ok` when Ctrl-C stops
    // it; it counts as interrupted (for bail) but not as failed.
    let keptWhatItComputed = outcome == .ok && interrupts.isRequested()
    didHandle?(item, keptWhatItComputed ? .interrupted : outcome)
    if keptWhatItComputed {
      report.interrupted += 1
      return bail ? stopInterrupted(console, &report) : true
    }
    switch outcome {
    case .ok: return true
    case .quit:
      report.ending = .quit
      return false
    case .failed:
      report.failedLines.append(statement.firstLine)
      guard bail else { return true }
      report.ending = .bail
      return false
    case .interrupted:
      report.failedLines.append(statement.firstLine)
      report.interrupted += 1
      return bail ? stopInterrupted(console, &report) : true
    }
  }

  /// Waits as a pacing hook decides; false when the run must end there.
  private func wait(
    _ pacing: ((StatementSource) -> PaceDecision)?, _ statement: StatementSource, _ console: Console,
    _ report: inout PipelineReport
  ) -> Bool {
    guard let pacing else { return true }
    // NOTE: a press that stopped the last statement is forgotten before the wait, so it does not
    // also end a paced replay; a press during the wait counts.
    interrupts.reset()
    switch pacing(statement) {
    case .run: return true
    case .stop:
      report.ending = .stopped
      return false
    case .interrupted:
      console.printDiagnostic(DiagnosticRenderer.render(Diagnostic("interrupted"), in: statement))
      report.ending = .interrupted
      return false
    }
  }

  /// Ends the run after an interrupted statement, with bail on.
  private func stopInterrupted(_ console: Console, _ report: inout PipelineReport) -> Bool {
    console.printDiagnostic(["stopped at the interrupted statement (--bail)"])
    report.ending = .interrupted
    return false
  }
}
