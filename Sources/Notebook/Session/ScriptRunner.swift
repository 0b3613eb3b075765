// Replaying scripts as transcripts, and checking or recording those transcripts: what
// `liplab FILE`, `liplab --check`, `liplab --record` and the golden test suite run.
//
// A transcript is the script echoed line by line — statements after `liplab> `, continuation
// lines after `   ...> `, comments and blank lines as they are — each statement followed by its
// output and diagnostics (with the script path as given, so transcripts do not depend on the
// machine). Transcripts hold no colours, no times and no absolute paths unless the user gave one.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The outcome of checking one script against its recorded transcript.
public struct CheckResult: Sendable {
  /// The script's path as found (a given path, or a directory joined with the file name).
  public let script: String
  /// True when the replay matches the recorded transcript.
  public let passed: Bool
  /// The unified diff from the recorded transcript to the replay (empty when passed), or an
  /// explanation when there is no transcript to compare with.
  public let diff: [String]

  /// Creates a result.
  public init(script: String, passed: Bool, diff: [String]) {
    self.script = script
    self.passed = passed
    self.diff = diff
  }
}

/// Replays scripts and checks them against transcripts.
public struct ScriptRunner {
  /// The settings every replayed session starts with (the defaults for `--check` and `--record`,
  /// so transcripts do not depend on a user's preferences).
  public var settings: Settings
  /// Polled between statements (and by long computations inside them): true stops the replay.
  let isInterrupted: @Sendable () -> Bool

  /// A runner whose sessions start with `settings`.
  public init(settings: Settings = Settings(), isInterrupted: @escaping @Sendable () -> Bool = { false }) {
    self.settings = settings
    self.isInterrupted = isInterrupted
  }

  /// Replays `path`, echoing each line like a transcript (statements after the prompt `liplab> `,
  /// continuation lines after `   ...> `, comments and blank lines verbatim) followed by its
  /// output. `beforeStatement` is called before each statement (for --pace: wait for a key);
  /// when it returns false the replay ends there, quietly, before that statement (Ctrl-D at a
  /// paced replay). Stops at the first error when `bail`, and before the next statement once
  /// interrupted. Returns true when no statement failed (an ending asked for by
  /// `beforeStatement` is no failure).
  /// The script may be a regular file or a pipe (`liplab <(generate-script)`); a leading
  /// byte-order mark is skipped.
  /// - Throws: `cannot read 'path': …` when the script cannot be read.
  public func replay(
    path: String, console: Console, bail: Bool,
    beforeStatement: (StatementSource) -> Bool = { _ in true }
  ) throws(Diagnostic) -> Bool {
    let text = try MatrixFile.readText(path: path, acceptingPipes: true)
    return run(text, path: path, console: console, bail: bail, beforeStatement: beforeStatement)
  }

  /// Renders the transcript of a script as a string (what replay prints, without bail).
  public func transcript(ofScript text: String, path: String) -> (text: String, ok: Bool) {
    let console = BufferConsole()
    let ok = run(text, path: path, console: console, bail: false, beforeStatement: { _ in true })
    return (console.text, ok)
  }

  /// Checks every .lip under `paths` (files or directories) against the .out beside it; numbers
  /// compare as `comparison` says (by default: last printed digit and rounding-level
  /// differences absorbed); returns one result per script with a diff.
  /// A script that cannot be read, or has no transcript, fails with an explanation as its diff:
  /// `no transcript 'x.out' …` when nothing is there, else why what is there cannot be read
  /// (`cannot read 'x.out': it is a directory`, `'x.out' is not UTF-8 text`).
  /// The output of a statement ending in the comment `# rounding-dependent` is not compared
  /// (see `TranscriptComparison`).
  /// - Throws: as `scripts(under:)`: a path that does not exist, a directory that cannot be
  ///   listed or holds no scripts.
  public func check(
    paths: [String], comparison: TranscriptComparison = TranscriptComparison()
  ) throws(Diagnostic) -> [CheckResult] {
    var results: [CheckResult] = []
    for script in try Self.scripts(under: paths) {
      let text: String
      do {
        text = try MatrixFile.readText(path: script)
      } catch {
        results.append(CheckResult(script: script, passed: false, diff: [error.message]))
        continue
      }
      let replay = transcript(ofScript: text, path: script)
      let outPath = Self.transcriptPath(of: script)
      let recorded: String
      do {
        recorded = try MatrixFile.readText(path: outPath)
      } catch {
        var info = stat()
        let missing = stat(outPath, &info) != 0 && errno == ENOENT
        let reason =
          missing ? "no transcript '\(outPath)' to compare with (record it with --record)" : error.message
        results.append(CheckResult(script: script, passed: false, diff: [reason]))
        continue
      }
      let diff = comparison.diff(
        expected: recorded, actual: replay.text, expectedName: outPath,
        actualName: "replay of \(script)")
      results.append(CheckResult(script: script, passed: diff.isEmpty, diff: diff))
    }
    return results
  }

  /// Rewrites the .out transcripts (atomically) for every .lip under `paths`; returns the paths
  /// written.
  public func record(paths: [String]) throws(Diagnostic) -> [String] {
    var written: [String] = []
    for script in try Self.scripts(under: paths) {
      let replay = transcript(ofScript: try MatrixFile.readText(path: script), path: script)
      let outPath = Self.transcriptPath(of: script)
      try AtomicFile.write(replay.text, to: outPath)
      written.append(outPath)
    }
    return written
  }

  /// Runs the statements of `text` in a fresh session, echoing to `console`.
  func run(
    _ text: String, path: String, console: Console, bail: Bool,
    beforeStatement: (StatementSource) -> Bool
  ) -> Bool {
    let session = Session(console: console, settings: settings, isInterrupted: isInterrupted)
    let items = TranscriptScript.items(of: text, origin: .file(path)) {
      Session.completeness(of: $0) == .complete
    }
    var ok = true
    for item in items {
      switch item {
      case .verbatim(let line):
        console.print(line)
      case .statement(let statement):
        // NOTE: checked before and after `beforeStatement`, so an interruption while a paced
        // replay waits for a key stops the replay before the next statement runs.
        if isInterrupted() { return interrupted(at: statement, console: console) }
        let proceed = beforeStatement(statement)
        if isInterrupted() { return interrupted(at: statement, console: console) }
        if !proceed { return ok }
        console.print(TranscriptScript.echo(statement).joined(separator: "\n"))
        switch session.execute(statement) {
        case .ok: break
        case .failed:
          ok = false
          if bail { return false }
        case .quit: return ok
        }
      }
    }
    return ok
  }

  /// Reports that the replay stopped before `statement`; always false.
  private func interrupted(at statement: StatementSource, console: Console) -> Bool {
    console.printDiagnostic(DiagnosticRenderer.render(Diagnostic("interrupted"), in: statement))
    return false
  }

  /// The transcript beside a script: `x.lip` → `x.out` (any other name gets `.out` appended).
  public static func transcriptPath(of script: String) -> String {
    script.hasSuffix(".lip") ? String(script.dropLast(4)) + ".out" : script + ".out"
  }
}
