// The interactive prompt driven through tmux, as a person would: prompt and continuation prompt,
// TAB completion, Ctrl-C on a line, Ctrl-D, and history kept across runs. Skipped when tmux is
// not installed.

import Foundation
import Testing

/// A detached tmux server running one liplab, on a private socket.
///
/// Keys are sent only once the prompt is back: a Ctrl-D typed ahead, while a statement still
/// runs and the terminal is in its ordinary line mode, is swallowed by the terminal driver.
final class TmuxTerminal {
  /// The server's socket lives in a scratch directory removed with this value.
  private let directory: Scratch
  private var socket: String { directory.url.appendingPathComponent("tmux.socket").path }

  /// Whether tmux can be run here.
  static let isAvailable: Bool = {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/tmux") }
  }()

  /// Starts `liplab` with `arguments` in a 100×30 terminal with its history under `stateHome`;
  /// when it exits the pane shows `[exit N]`.
  /// Colour is off (NO_COLOR=1) unless `colour`.
  init(liplab: URL, arguments: [String] = [], stateHome: String, colour: Bool = false) throws {
    directory = try Scratch()
    let words = ([liplab.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let noColour = colour ? "-u NO_COLOR" : "NO_COLOR=1"
    let command = "env \(noColour) XDG_STATE_HOME='\(stateHome)' \(words); echo \"[exit $?]\"; sleep 60"
    try tmux(["new-session", "-d", "-s", "t", "-x", "100", "-y", "30", command])
  }

  deinit { _ = try? tmux(["kill-server"]) }

  /// Types `text` literally (no key names).
  func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

  /// Presses keys by tmux name: `Enter`, `Tab`, `C-c`, `C-d`, `Up`, `C-u`.
  func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

  /// The visible screen, trailing blank lines dropped; with `escapes`, the colour codes too.
  func screen(escapes: Bool = false) throws -> [String] {
    let text = try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", "t"], capture: true)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0.reversed().drop(while: { $0 == " " }).reversed())
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  /// Polls the screen until `condition` holds (true) or 30 seconds pass (false): generous, so
  /// a machine busy with other tests does not fail it; a passing wait returns at once.
  func waitUntil(_ condition: ([String]) -> Bool) throws -> Bool {
    for _ in 0..<600 {
      if condition(try screen()) { return true }
      usleep(50_000)
    }
    return false
  }

  /// Runs one tmux command through the shell and returns what it printed.
  ///
  /// NOTE: not Foundation's `Process`: the tmux server started by `new-session` inherits the
  /// descriptors `Process` watches for the child's exit, so waiting on it would never end. For
  /// the same reason only `capture`d commands (which start no server) keep stdout on the pipe.
  @discardableResult
  private func tmux(_ arguments: [String], capture: Bool = false) throws -> String {
    let words = ["tmux", "-S", socket, "-f", "/dev/null"] + arguments
    let command = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
      .joined(separator: " ") + (capture ? "" : " >/dev/null") + " </dev/null 2>/dev/null"
    guard let pipe = popen(command, "r") else { throw TmuxError(command: command) }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = fread(&buffer, 1, buffer.count, pipe)
      if count <= 0 { break }
      output.append(contentsOf: buffer[0..<count])
    }
    pclose(pipe)
    return String(decoding: output, as: UTF8.self)
  }
}

/// A tmux command that could not be started.
struct TmuxError: Error {
  var command: String
}

@Suite("liplab at a terminal", .enabled(if: TmuxTerminal.isAvailable, "tmux is not installed"))
struct InteractiveTests {
  @Test("prompt, continuation, TAB, Ctrl-C on a line, Ctrl-D, and history across runs")
  func interactiveSession() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })

    // An open bracket asks for a continuation line; the statement then runs.
    try terminal.type("A = [3 0;")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "   ...>" })
    try terminal.type("0 4]")
    try terminal.press("Enter")
    try terminal.type("norm2(A)")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { screen in
      guard let echo = screen.lastIndex(of: "liplab> norm2(A)") else { return false }
      return screen[(echo + 1)...].contains { numbers(in: $0).last == 4 } && screen.last == "liplab>"
    })

    // TAB with one candidate inserts it; with several, inserts the common prefix and lists them.
    try terminal.type("svdv")
    try terminal.press("Tab")
    #expect(try terminal.waitUntil { $0.last == "liplab> svdvals" })
    try terminal.press("C-u")
    try terminal.type("norm")
    try terminal.press("Tab")
    #expect(try terminal.waitUntil { screen in
      screen.contains { $0.contains("norm2") && $0.contains("norms") && !$0.hasPrefix("liplab>") }
        && screen.last?.hasPrefix("liplab> norm") == true
    })
    try terminal.press("C-u")

    // Ctrl-C abandons the half-typed line and gives a fresh prompt; the session is intact.
    try terminal.type("this line is abandoned")
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("norm2(2 * A)")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { screen in
      guard let echo = screen.lastIndex(of: "liplab> norm2(2 * A)") else { return false }
      return screen[(echo + 1)...].contains { numbers(in: $0).last == 8 } && screen.last == "liplab>"
    })
    #expect(!(try terminal.screen()).contains { $0.contains("error") })

    // Ctrl-D on an empty line leaves with status 0.
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })

    // The next run finds the last statement in its history.
    let again = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try again.waitUntil { $0.last == "liplab>" })
    try again.press("Up")
    #expect(try again.waitUntil { $0.last == "liplab> norm2(2 * A)" })
    try again.press("C-u", "C-d")
    #expect(try again.waitUntil { $0.contains("[exit 0]") })
  }
}

extension InteractiveTests {
  @Test("Ctrl-C stops a long computation and the session carries on")
  func interruptComputation() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("p = power(randn(600, 600, seed=1))")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    // On a 600×600 Gaussian matrix the relative change of σ stays above 1e-300 far longer than
    // this test waits: only Ctrl-C ends the run.
    try terminal.type("run p tol=1e-300 max=1000000")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "liplab> run p tol=1e-300 max=1000000" })
    // A press that lands before the statement starts is discarded, so press again if needed
    // (two presses stay below the three that end the process).
    var stopped = false
    for _ in 0..<2 where !stopped {
      try terminal.press("C-c")
      stopped = try terminal.waitUntil { $0.contains { $0.contains("interrupted") } && $0.last == "liplab>" }
    }
    #expect(stopped)
    try terminal.type("norm2([1 0; 0 2])")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { screen in
      guard let echo = screen.lastIndex(of: "liplab> norm2([1 0; 0 2])") else { return false }
      return screen[(echo + 1)...].contains { numbers(in: $0).last == 2 } && screen.last == "liplab>"
    })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
  }

  @Test("--pace shows one statement per key press; Ctrl-C ends the replay with status 130")
  func pacedReplay() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let script = try state.write("# a diagonal matrix\nW = [3 0; 0 4]\nnorm2(W)\nfro(W)\n", to: "paced.lip")
    let terminal = try TmuxTerminal(liplab: liplab, arguments: ["--pace", script.path], stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0 == ["# a diagonal matrix"] })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> W = [3 0; 0 4]") })
    #expect(!(try terminal.screen()).contains("liplab> norm2(W)"))
    try terminal.press("Space")
    #expect(try terminal.waitUntil { screen in
      guard let echo = screen.firstIndex(of: "liplab> norm2(W)") else { return false }
      return screen[(echo + 1)...].contains { numbers(in: $0).last == 4 }
    })
    #expect(!(try terminal.screen()).contains("liplab> fro(W)"))
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains("[exit 130]") })
    #expect(!(try terminal.screen()).contains("liplab> fro(W)"))
  }
}

extension InteractiveTests {
  @Test("the terminal's width feeds the settings; an unwritable history is no obstacle")
  func widthAndUnwritableHistory() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    // No directory can be created under /dev/null, so saving the history fails every time.
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: "/dev/null/liplab-state")
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("set")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { screen in
      screen.contains { $0.contains("width") && numbers(in: $0).last == 100 } && screen.last == "liplab>"
    })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
  }
}

extension InteractiveTests {
  @Test("diagnostics are coloured on a terminal, and not with NO_COLOR", arguments: [true, false])
  func colourFollowsNoColor(colour: Bool) throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path, colour: colour)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("x = nosuchname")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains { $0.hasPrefix("error:") } && $0.last == "liplab>" })
    let errorLine = try #require(try terminal.screen(escapes: true).first { $0.contains("error:") })
    #expect(errorLine.contains("\u{1B}[") == colour)
  }
}
