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
        liplab --export ipynb sessions/ -o notebooks/
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

  @Flag var pacing: Pacing?

  @Option(help: ArgumentHelp("Export each .lip script under the paths as teaching material, with its outputs: md (Markdown) or ipynb (Jupyter, nbformat 4.5), written beside the script or to -o.", valueName: "format"))
  var export: ExportFormat?

  @Option(name: .customShort("o"), help: ArgumentHelp("With --export: the directory to write to (or, for one script, the file).", valueName: "path"))
  var output: String?

  @Flag(help: "Print the curriculum of the scripts in the paths (default sessions/) as Markdown: what sessions/README.md holds.")
  var curriculum = false

  @Flag(help: "Stop a script at its first error (never ends an interactive session); with --check, stop at the first failing script.")
  var bail = false

  @Flag(help: "Echo statements piped in (or given with -e) like a transcript, diagnostics inline.")
  var echo = false

  @Argument(help: ArgumentHelp("Scripts to replay ('-' reads stdin); with --check, --record, --export or --curriculum, scripts or directories.", valueName: "path"))
  var paths: [String] = []

  /// Rejects flag combinations that mean nothing; ArgumentParser exits with 64 (EX_USAGE).
  func validate() throws {
    if check && record { throw ValidationError("--check and --record cannot be combined") }
    if !statements.isEmpty && (check || record || !paths.isEmpty) {
      throw ValidationError("-e cannot be combined with scripts, --check or --record")
    }
    let batch = [check, record, export != nil, curriculum].filter { $0 }
    if batch.count > 1 { throw ValidationError("--check, --record, --export and --curriculum cannot be combined") }
    if !statements.isEmpty && (export != nil || curriculum) {
      throw ValidationError("-e cannot be combined with --export or --curriculum")
    }
    if let pacing, paths.isEmpty || !batch.isEmpty {
      throw ValidationError("--\(pacing.rawValue) needs scripts to replay")
    }
    if export != nil && paths.isEmpty { throw ValidationError("--export needs scripts or directories to export") }
    if output != nil && export == nil { throw ValidationError("-o goes with --export") }
    if (export != nil || curriculum) && paths.contains("-") {
      throw ValidationError("--export and --curriculum need files ('-' is stdin)")
    }
    if bail && (export != nil || curriculum) { throw ValidationError("--bail cannot be combined with --export or --curriculum") }
    if echo && (!batch.isEmpty || !paths.isEmpty) {
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
    } else if let export {
      status = Modes.export(paths, format: export, output: output)
    } else if curriculum {
      status = Modes.curriculum(paths.isEmpty ? ["sessions"] : paths)
    } else if !paths.isEmpty {
      status = Modes.replay(paths, bail: bail, pacing: pacing)
    } else if statements.isEmpty && Terminal.isTerminal(Terminal.standardInput) && !echo {
      status = InteractiveLoop().run()
    } else {
      status = Modes.statements(statements, echo: echo, bail: bail)
    }
    if status != 0 { throw ExitCode(status) }
  }
}

/// How `--pace` and `--pace-together` replay a script for a class.
enum Pacing: String, EnumerableFlag {
  /// Predict, then reveal: a key shows the statement, the next one runs it and shows its output.
  case pace
  /// A key shows a statement and its output together.
  case paceTogether = "pace-together"

  static func help(for value: Pacing) -> ArgumentHelp? {
    switch value {
    case .pace:
      "Teaching mode, predict then reveal: a key (Enter, Space, →) shows the next statement, the next key runs it and shows its output (Ctrl-D stops)."
    case .paceTogether: "Teaching mode: each key shows the next statement with its output."
    }
  }
}

extension ExportFormat: ExpressibleByArgument {}
