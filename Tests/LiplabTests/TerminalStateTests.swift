// The terminal liplab leaves behind and what it accepts from it: SIGTERM and SIGQUIT during a
// computation put the terminal back (echo on) and end the process with the signal's default
// action, without the runtime's crash report; a bracketed paste reads as typed lines; `show`
// of a large matrix stops at Ctrl-C.

import Foundation
import Testing

/// A statement that runs far longer than any test waits (a 3000² product in a debug build).
private let longProduct = "B = randn(3000, 3000, seed=1) * randn(3000, 3000, seed=2)"

/// A shell script that runs liplab (`$LIPLAB`) with its process id in `$LIPLAB_PIDFILE`, then
/// prints the terminal's echo mode (`after:echo` or `after:-echo`) and exits with liplab's status.
private let wrapper = """
  #!/bin/sh
  sh -c 'echo $$ > "$0"; exec "$@"' "$LIPLAB_PIDFILE" "$LIPLAB" "$@"
  status=$?
  printf 'after:'; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo
  exit $status

  """

extension InteractiveTests {
  /// liplab started through `wrapper` at a tmux terminal, and the file holding its process id.
  private func wrapped(_ state: Scratch) throws -> (TmuxTerminal, String) {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let script = try state.write(wrapper, to: "wrapper.sh")
    chmod(script.path, 0o755)
    let pidFile = state.url.appendingPathComponent("liplab.pid").path
    let terminal = try TmuxTerminal(
      liplab: script, stateHome: state.url.path,
      environment: ["LIPLAB": liplab.path, "LIPLAB_PIDFILE": pidFile])
    return (terminal, pidFile)
  }

  /// The process id written to `path`, once it is there.
  private func processID(_ path: String) throws -> pid_t {
    for _ in 0..<600 {
      if let text = try? String(contentsOfFile: path, encoding: .utf8),
        let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return pid
      }
      usleep(50_000)
    }
    throw TmuxError(command: "no process id in \(path)")
  }

  @Test("SIGTERM and SIGQUIT during a computation restore the terminal and end liplab at once", arguments: [SIGTERM, SIGQUIT])
  func signalsRestoreTheTerminal(_ signal: Int32) throws {
    let state = try Scratch()
    let (terminal, pidFile) = try wrapped(state)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    let pid = try processID(pidFile)
    try terminal.type(longProduct)
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> \(longProduct)") })
    usleep(500_000)
    let sent = Date()
    #expect(kill(pid, signal) == 0)
    #expect(try terminal.waitUntil { $0.contains("[exit \(128 + signal)]") })
    // Swift's crash report took 30 s and 110 lines; the default action takes none.
    #expect(Date().timeIntervalSince(sent) < 10)
    let screen = try terminal.screen()
    #expect(screen.contains("after:echo"), "\(screen.joined(separator: "\n"))")
    #expect(!screen.contains { $0.contains("Crash") || $0.contains("Backtrace") || $0.contains("Fatal") })
  }

  @Test("a bracketed paste of two lines runs them as typed lines")
  func bracketedPasteReadsAsTypedLines() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.paste("x = 41\ny = x + 1\n")
    #expect(try terminal.waitUntil { $0.contains("y = 42") && $0.last == "liplab>" })
    let screen = try terminal.screen()
    #expect(screen.contains("liplab> x = 41") && screen.contains("liplab> y = x + 1"))
    #expect(!screen.contains { $0.contains("error") || $0.contains("~") })
    // The history holds them as typed.
    try terminal.press("Up")
    #expect(try terminal.waitUntil { $0.last == "liplab> y = x + 1" })
  }

  @Test("show of a 2000×2000 matrix stops at Ctrl-C, and the session goes on")
  func showStopsAtCtrlC() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.run("A = randn(2000, 2000, seed=1)"))
    try terminal.type("show A")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> show A") })
    usleep(500_000)
    let pressed = Date()
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains("error: interrupted") && $0.last == "liplab>" })
    // Formatting and printing four million entries took minutes before; the check between
    // columns and rows answers within a fraction of a second (generous here for a busy machine).
    #expect(Date().timeIntervalSince(pressed) < 3)
    #expect(try terminal.run("size(A)"))
  }

  @Test("a byte that is not UTF-8, typed at the prompt, is an error as in piped input; UTF-8 and resizes still work")
  func invalidUTF8AtThePromptIsAnError() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("x = 1")
    try terminal.type(bytes: [0xFF, 0x0D])
    #expect(try terminal.waitUntil { $0.contains("error: unexpected character '\u{FFFD}'") && $0.last == "liplab>" })
    #expect(try terminal.screen().contains("  x = 1\u{FFFD}"))
    try terminal.resize(columns: 90)
    try terminal.type("s = \"caf")
    try terminal.type(bytes: [0xC3, 0xA9, 0x22, 0x0D])
    #expect(try terminal.waitUntil { $0.contains("s = \"café\"") && $0.last == "liplab>" })
    // A lead byte cut short by an ASCII one: one U+FFFD, then the ASCII character itself.
    try terminal.type("y = 2")
    try terminal.type(bytes: [0xE2, 0x82, 0x37, 0x0D])
    #expect(try terminal.waitUntil { $0.contains("liplab> y = 2\u{FFFD}7") && $0.last == "liplab>" })
    #expect(try terminal.run("x"))
    #expect(try terminal.screen().contains { $0.contains("unknown variable 'x'") })
  }
}
