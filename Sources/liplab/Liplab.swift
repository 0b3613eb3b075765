// liplab's command line: parses the flags and hands over to one of the modes (interactive
// prompt, piped statements, `-e`, script replay, `--check`, `--record`). Everything a test
// would want to reach lives in the Notebook target; this file only routes.

import ArgumentParser
import Notebook

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `liplab` command.
@main
struct Liplab: ParsableCommand {
  /// Name, help text and version (`--version` prints `liplab 0.1.0`).
  static let configuration = CommandConfiguration(
    commandName: "liplab",
    abstract: "A terminal notebook for Lipschitz constraints in deep learning.",
    discussion: """
      With no arguments liplab opens an interactive prompt (or, when stdin is not a terminal, \
      runs the statements arriving on stdin). Examples:
        liplab -e 'norms [3 0; 0 4]'
        liplab sessions/02-power-iteration.lip
        liplab --pace sessions/01-norms.lip
        liplab --check sessions/
        generate-statements | liplab --echo
      Exit status: 0 success, 1 a statement or a check failed, 64 bad usage, 130 Ctrl-C ended a run.
      """,
    version: "liplab 0.1.0")

  @Option(
    name: .customShort("e"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp("Run a statement and print its output (repeatable; run in order).", valueName: "statement"))
  var statements: [String] = []

  @Flag(help: "Replay each .lip script under the paths (default sessions/) and compare it with its .out transcript.")
  var check = false

  @Flag(help: "Rewrite the .out transcript of each .lip script under the paths (default sessions/).")
  var record = false

  @Flag(help: "Teaching mode: wait for Enter, Space or → before each statement of the scripts (Ctrl-D stops).")
  var pace = false

  @Flag(help: "Stop a script at its first error (never ends an interactive session); with --check, stop at the first failing script.")
  var bail = false

  @Flag(help: "Echo statements piped in (or given with -e) like a transcript, diagnostics inline.")
  var echo = false

  @Argument(help: ArgumentHelp("Scripts to replay ('-' reads stdin); with --check or --record, scripts or directories.", valueName: "path"))
  var paths: [String] = []

  /// Rejects flag combinations that mean nothing; ArgumentParser exits with 64 (EX_USAGE).
  func validate() throws {
    if check && record { throw ValidationError("--check and --record cannot be combined") }
    if !statements.isEmpty && (check || record || !paths.isEmpty) {
      throw ValidationError("-e cannot be combined with scripts, --check or --record")
    }
    if pace && (paths.isEmpty || check || record) {
      throw ValidationError("--pace needs scripts to replay")
    }
    if echo && (check || record || !paths.isEmpty) {
      throw ValidationError("--echo is for statements piped in or given with -e (a replayed script always echoes)")
    }
    if (check || record) && paths.contains("-") {
      throw ValidationError("--check and --record need files ('-' is stdin)")
    }
  }

  /// Routes to the mode the flags select; a non-zero status leaves through `ExitCode`.
  func run() throws {
    _ = setlocale(LC_CTYPE, "")
    let status: Int32
    if check || record {
      status = Modes.transcripts(paths.isEmpty ? ["sessions"] : paths, record: record, bail: bail)
    } else if !paths.isEmpty {
      status = Modes.replay(paths, bail: bail, pace: pace)
    } else if statements.isEmpty && Terminal.isTerminal(Terminal.standardInput) && !echo {
      status = InteractiveLoop().run()
    } else {
      status = Modes.statements(statements, echo: echo, bail: bail)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
