// The only way output leaves the notebook: the front end (terminal, pipe, transcript recorder,
// test) supplies a `Console`.

/// Where a session writes. Implementations decide what a terminal, a pipe or a test does with it.
public protocol Console: AnyObject {
  /// Writes one or more complete lines of normal output. `text` carries no trailing newline;
  /// the console ends it with one.
  func print(_ text: String)
  /// Writes the rendered lines of a diagnostic (stderr for a terminal; into the transcript when
  /// replaying a script).
  func printDiagnostic(_ lines: [String])
  /// Transient progress (e.g. a training progress bar). Terminals may draw it on stderr and erase
  /// it; transcripts and pipes ignore it. Never part of a transcript.
  func progress(_ text: String)
  /// True when a person watches the output live (a terminal): commands may then add wall-clock
  /// times, which never belong in a transcript.
  var showsTimings: Bool { get }
  /// The width in columns of the terminal `print` writes to, asked afresh on every read (the
  /// terminal may have been resized); nil when the output is not a terminal (a pipe, a file, a
  /// transcript, a test). A session follows it before each statement (`Settings.followTerminal`).
  var columns: Int? { get }
}

extension Console {
  /// By default progress is not shown.
  public func progress(_ text: String) {}
  /// By default no timings: transcripts, pipes and tests stay deterministic.
  public var showsTimings: Bool { false }
  /// By default not a terminal: the width stays as the settings say.
  public var columns: Int? { nil }
}

/// A console that collects everything in memory: for tests and transcript recording.
public final class BufferConsole: Console {
  /// Every line written, output and diagnostics interleaved in order.
  public private(set) var lines: [String] = []
  /// The diagnostics' lines only.
  public private(set) var diagnosticLines: [String] = []

  /// Creates an empty buffer.
  public init() {}

  public func print(_ text: String) {
    lines.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
  }

  public func printDiagnostic(_ lines: [String]) {
    self.lines.append(contentsOf: lines)
    diagnosticLines.append(contentsOf: lines)
  }

  /// Everything written so far, joined with "\n" and ending with "\n" when non-empty.
  public var text: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

  /// Forgets everything written so far.
  public func reset() {
    lines.removeAll()
    diagnosticLines.removeAll()
  }
}
