// Replaying scripts as transcripts, and checking or recording those transcripts: what
// `liplab FILE`, `liplab --check`, `liplab --record` and the golden test suite run.
//
// A transcript is the script echoed line by line — statements after `liplab> `, continuation
// lines after `   ...> `, comments and blank lines as they are — each statement followed by its
// output and diagnostics (prefixed with the script's own file name, so transcripts depend neither
// on the machine nor on how the path was typed). Transcripts hold no colours and no times.

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

/// What `--record` wrote for one script.
public struct RecordResult: Sendable, Equatable {
  /// The transcript written.
  public let transcript: String
  /// The statements replayed.
  public let statements: Int
  /// The first lines of the statements that failed (recorded as errors in the transcript).
  public let failedLines: [Int]

  /// One line saying what was recorded: `recorded x.out (12 statements, 1 failed: line 7)`.
  public var summary: String { summary(verb: "recorded") }

  /// The summary with another verb: `exported x.md (12 statements, 1 failed: line 7)`.
  public func summary(verb: String) -> String {
    let counted = "\(statements) statement\(statements == 1 ? "" : "s")"
    guard !failedLines.isEmpty else { return "\(verb) \(transcript) (\(counted))" }
    let lines = failedLines.map(String.init).joined(separator: ", ")
    return "\(verb) \(transcript) (\(counted), \(failedLines.count) failed: line\(failedLines.count == 1 ? "" : "s") \(lines))"
  }
}

/// Replays scripts and checks them against transcripts, through `StatementPipeline`.
public struct ScriptRunner {
  /// The settings every replayed session starts with (the defaults for `--check` and `--record`,
  /// so transcripts do not depend on a user's preferences).
  public var settings: Settings

  /// A runner whose sessions start with `settings`.
  public init(settings: Settings = Settings()) {
    self.settings = settings
  }

  /// The name diagnostics give a script: its own file name, however the path was typed, so a
  /// transcript recorded from one directory checks from any other (`<stdin>` for `-`).
  public static func origin(ofScript path: String) -> SourceOrigin { .file(name(ofScript: path)) }

  /// A script's own file name (`<stdin>` for `-`), as diagnostics and exports name it.
  public static func name(ofScript path: String) -> String {
    if path == "-" { return "<stdin>" }
    return path.split(separator: "/").last.map(String.init) ?? path
  }

  /// Replays `path` through `pipeline` (with echo turned on, so the output reads like the
  /// transcript), in a fresh session. `-` reads standard input as it arrives. The script may be
  /// a regular file or a pipe (`liplab <(generate-script)`); a leading byte-order mark is
  /// skipped.
  /// - Throws: `cannot read 'path': …` when the script cannot be read.
  public func replay(
    path: String, console: Console, pipeline: StatementPipeline = StatementPipeline()
  ) throws(Diagnostic) -> PipelineReport {
    let source: LineSource =
      path == "-"
      ? FileLineSource(fd: 0) : TextLineSource(try MatrixFile.readText(path: path, acceptingPipes: true))
    return run(source, origin: Self.origin(ofScript: path), console: console, pipeline: pipeline)
  }

  /// Renders the transcript of a script as a string (what replay prints, without bail).
  public func transcript(ofScript text: String, path: String) -> (text: String, report: PipelineReport) {
    let console = BufferConsole()
    let report = run(TextLineSource(text), origin: Self.origin(ofScript: path), console: console, pipeline: StatementPipeline())
    return (console.text, report)
  }

  /// Checks every .lip under `paths` (files or directories) against the .out beside it; numbers
  /// compare as `comparison` says (by default: last printed digit and rounding-level
  /// differences absorbed); returns one result per script with a diff, stopping after the first
  /// failure when `bail`.
  /// A script that cannot be read, or has no transcript, fails with an explanation as its diff:
  /// `no transcript 'x.out' …` when nothing is there, else why what is there cannot be read
  /// (`cannot read 'x.out': it is a directory`, `'x.out' is not UTF-8 text`).
  /// The output of a statement ending in the comment `# rounding-dependent` is not compared
  /// (see `TranscriptComparison`).
  /// - Throws: as `scripts(under:)`: a path that does not exist, a directory that cannot be
  ///   listed or holds no scripts.
  public func check(
    paths: [String], comparison: TranscriptComparison = TranscriptComparison(), bail: Bool = false
  ) throws(Diagnostic) -> [CheckResult] {
    var results: [CheckResult] = []
    for script in try Self.scripts(under: paths) {
      let result = check(script: script, comparison: comparison)
      results.append(result)
      if bail && !result.passed { break }
    }
    return results
  }

  private func check(script: String, comparison: TranscriptComparison) -> CheckResult {
    let text: String
    do {
      text = try MatrixFile.readText(path: script)
    } catch {
      return CheckResult(script: script, passed: false, diff: [error.message])
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
      return CheckResult(script: script, passed: false, diff: [reason])
    }
    let diff = comparison.diff(
      expected: recorded, actual: replay.text, expectedName: outPath,
      actualName: "replay of \(script)")
    return CheckResult(script: script, passed: diff.isEmpty, diff: diff)
  }

  /// Rewrites the .out transcripts (atomically) for every .lip under `paths`; returns what was
  /// written for each, failing statements included.
  public func record(paths: [String]) throws(Diagnostic) -> [RecordResult] {
    var written: [RecordResult] = []
    for script in try Self.scripts(under: paths) {
      let replay = transcript(ofScript: try MatrixFile.readText(path: script), path: script)
      let outPath = Self.transcriptPath(of: script)
      try AtomicFile.write(replay.text, to: outPath)
      written.append(
        RecordResult(transcript: outPath, statements: replay.report.statements, failedLines: replay.report.failedLines))
    }
    return written
  }

  /// The lines `--check` prints: `PASS name` or `FAIL name` with its diff, then the count
  /// (`N passed, N failed`). Names and diff lines have their control characters escaped, so a
  /// transcript cannot drive the terminal; `colour` paints the verdicts.
  public static func checkReport(_ results: [CheckResult], colour: Bool) -> [String] {
    var lines: [String] = []
    for result in results {
      let verdict = result.passed ? "PASS" : "FAIL"
      let shown = colour ? (result.passed ? "\u{1B}[32m" : "\u{1B}[1;31m") + verdict + "\u{1B}[0m" : verdict
      lines.append("\(shown) \(result.script.escapingControlCharacters)")
      if !result.passed { lines += result.diff.map(\.escapingControlCharacters) }
    }
    let failed = results.filter { !$0.passed }.count
    lines.append("\(results.count - failed) passed, \(failed) failed")
    return lines
  }

  /// Runs the statements of `source` in a fresh session, echoing to `console`.
  private func run(
    _ source: LineSource, origin: SourceOrigin, console: Console, pipeline: StatementPipeline
  ) -> PipelineReport {
    let session = Session(console: console, settings: settings, isInterrupted: pipeline.interrupts.isRequested)
    var pipeline = pipeline
    pipeline.echo = true
    return pipeline.run(source, in: session, console: console, origin: origin)
  }

  /// The transcript beside a script: `x.lip` → `x.out` (any other name gets `.out` appended).
  public static func transcriptPath(of script: String) -> String {
    replacingExtension(of: script, with: ".out")
  }

  /// `x.lip` → `x` + `fileExtension`; any other name gets `fileExtension` appended.
  public static func replacingExtension(of script: String, with fileExtension: String) -> String {
    (script.hasSuffix(".lip") ? String(script.dropLast(4)) : script) + fileExtension
  }
}
