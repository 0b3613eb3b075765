// The non-interactive modes of the command line: `-e`, script replay (optionally paced),
// `--check` and `--record`. Each returns the process's exit status.

import Notebook

/// The batch modes of `liplab`.
enum Modes {
  /// Default settings, with the width of stdout when it is a terminal (40…400 columns). The
  /// session then follows the terminal's size before each statement (`TerminalConsole.columns`).
  static func terminalSettings() -> Settings {
    var settings = Settings()
    if let columns = Terminal.columns(Terminal.standardOutput) {
      settings.followTerminal(columns: columns)
    }
    return settings
  }

  /// `-e`: runs the statements in order in one session, output only.
  static func run(statements: [String], settings: Settings, bail: Bool) -> Int32 {
    let session = Session(console: TerminalConsole(), settings: settings)
    var status: Int32 = 0
    for text in statements {
      let outcome = session.execute(StatementSource(text: text, origin: .commandLine))
      if outcome == .quit { break }
      if outcome == .failed {
        status = 1
        if bail { break }
      }
    }
    return status
  }

  /// `liplab FILE…`: replays each script like a transcript. With `pace`, waits for a key (Enter,
  /// Space, →, ↓, Page Down) before each statement (`Pace`); Ctrl-C — at that wait or during a
  /// statement — stops the replay (the runner finds the flag set before the next statement) with
  /// status 130, and Ctrl-D at the wait ends it quietly, skipping the scripts after it (status 1
  /// only if a statement failed before).
  static func replay(_ paths: [String], settings: Settings, bail: Bool, pace: Bool) -> Int32 {
    let console = TerminalConsole(diagnosticsInline: true)
    var pacer: Pace?
    if pace {
      guard let opened = Pace() else {
        console.printDiagnostic(["error: --pace needs a terminal (cannot open /dev/tty)"])
        return 64  // a usage error, like any other option that cannot apply
      }
      pacer = opened
      Interrupts.install()
    }
    let notInterrupted: @Sendable () -> Bool = { false }
    let runner = ScriptRunner(settings: settings, isInterrupted: pace ? Interrupts.check : notInterrupted)
    var status: Int32 = 0
    var ended = false
    for path in paths {
      let ok: Bool
      do throws(Diagnostic) {
        ok = try runner.replay(path: path, console: console, bail: bail) { _ in
          guard let pacer, pacer.waitForKey() == .endOfInput else { return true }
          ended = true
          return false
        }
      } catch {
        console.printDiagnostic(render(error))
        ok = false
      }
      if pace && Interrupts.isPending { return 130 }
      if !ok {
        status = 1
        if bail { break }
      }
      if ended { break }
    }
    return status
  }

  /// `--check`: replays every script under `paths` against its transcript.
  static func check(_ paths: [String]) -> Int32 {
    let console = TerminalConsole()
    let colour = Terminal.allowsColour(Terminal.standardOutput)
    let results: [CheckResult]
    do throws(Diagnostic) {
      results = try ScriptRunner().check(paths: paths)
    } catch {
      console.printDiagnostic(render(error))
      return 1
    }
    // NOTE: script names and diff lines come from the files checked; their control characters
    // are escaped so that a transcript cannot drive the terminal.
    for result in results {
      let verdict = result.passed ? "PASS" : "FAIL"
      let shown = colour ? (result.passed ? "\u{1B}[32m" : "\u{1B}[1;31m") + verdict + "\u{1B}[0m" : verdict
      console.print("\(shown) \(result.script.escapingControlCharacters)")
      if !result.passed && !result.diff.isEmpty {
        console.print(result.diff.map(\.escapingControlCharacters).joined(separator: "\n"))
      }
    }
    let failed = results.filter { !$0.passed }.count
    console.print("\(results.count - failed) passed, \(failed) failed")
    return failed == 0 ? 0 : 1
  }

  /// `--record`: rewrites the transcripts of every script under `paths`.
  static func record(_ paths: [String]) -> Int32 {
    let console = TerminalConsole()
    do throws(Diagnostic) {
      for written in try ScriptRunner().record(paths: paths) { console.print("recorded \(written)") }
      return 0
    } catch {
      console.printDiagnostic(render(error))
      return 1
    }
  }

  /// The lines of a diagnostic raised outside any statement (a missing file, a bad path).
  private static func render(_ diagnostic: Diagnostic) -> [String] {
    DiagnosticRenderer.render(diagnostic, in: StatementSource(text: "", origin: .commandLine))
  }
}
