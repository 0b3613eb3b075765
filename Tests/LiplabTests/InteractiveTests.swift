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
  /// when it exits the pane shows `[exit N]`. With `stdout`, liplab's standard output goes to
  /// that file instead of the terminal.
  /// Colour is off (NO_COLOR=1) unless `colour`.
  /// `environment` adds variables (`TERM=dumb`).
  init(
    liplab: URL, arguments: [String] = [], stateHome: String, colour: Bool = false, stdout: String? = nil,
    environment: [String: String] = [:]
  ) throws {
    directory = try Scratch()
    let words = ([liplab.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let extra = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)' " }.joined()
    let noColour = (colour ? "-u NO_COLOR " : "NO_COLOR=1 ") + extra
    let redirect = stdout.map { " >'\($0)'" } ?? ""
    let command = "env \(noColour) XDG_STATE_HOME='\(stateHome)' \(words)\(redirect); echo \"[exit $?]\"; sleep 60"
    try tmux(["new-session", "-d", "-s", "t", "-x", "100", "-y", "30", command])
  }

  deinit { _ = try? tmux(["kill-server"]) }

  /// Types `text` literally (no key names).
  func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

  /// Types raw bytes, which need not be UTF-8.
  func type(bytes: [UInt8]) throws {
    try tmux(["send-keys", "-t", "t", "-H"] + bytes.map { String($0, radix: 16) })
  }

  /// Pastes `text` as a terminal does: wrapped in `ESC[200~` … `ESC[201~` when the program
  /// asked for bracketed paste, each newline sent as Enter.
  func paste(_ text: String) throws {
    try tmux(["set-buffer", "-b", "p", text])
    try tmux(["paste-buffer", "-p", "-b", "p", "-t", "t"])
  }

  /// Presses keys by tmux name: `Enter`, `Tab`, `C-c`, `C-d`, `Up`, `C-u`.
  func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

  /// Resizes the terminal (liplab gets SIGWINCH, as from a window manager).
  func resize(columns: Int, rows: Int = 30) throws {
    try tmux(["resize-window", "-t", "t", "-x", "\(columns)", "-y", "\(rows)"])
  }

  /// The visible screen, trailing blank lines dropped; with `escapes`, the colour codes too;
  /// with `joined`, a line the terminal wrapped comes back as one line.
  func screen(escapes: Bool = false, joined: Bool = false) throws -> [String] {
    let flags = ["-p"] + (escapes ? ["-e"] : []) + (joined ? ["-J"] : [])
    let text = try tmux(["capture-pane"] + flags + ["-t", "t"], capture: true)
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

  /// Types `statement` at the prompt, presses Enter and waits until it has run: its echo is on
  /// the screen with the prompt back below it (false after 30 seconds). `watch` sees every
  /// screen polled meanwhile.
  func run(_ statement: String, watch: ([String]) -> Void = { _ in }) throws -> Bool {
    try type(statement)
    try press("Enter")
    return try waitUntil { screen in
      watch(screen)
      guard let echo = screen.lastIndex(of: "liplab> " + statement) else { return false }
      return echo < screen.count - 1 && screen.last == "liplab>"
    }
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

  @Test("--pace-together runs one statement per Enter, Space or →, and drops other keys; Ctrl-C ends the replay with status 130")
  func pacedReplay() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let script = try state.write("# a diagonal matrix\nW = [3 0; 0 4]\nnorm2(W)\nfro(W)\n", to: "paced.lip")
    let terminal = try TmuxTerminal(liplab: liplab, arguments: ["--pace-together", script.path], stateHome: state.url.path)
    // Waiting shows a hint on the terminal, below what was echoed so far.
    #expect(try terminal.waitUntil { $0.first == "# a diagonal matrix" && Self.isPaceHint($0.last) })
    // ↑, ← (ESC [ A, ESC [ D) and a letter are dropped: nothing runs.
    try terminal.press("Up")
    try terminal.press("Left")
    try terminal.type("x")
    usleep(500_000)
    #expect(!(try terminal.screen()).contains { $0.hasPrefix("liplab>") })
    try terminal.press("Space")
    #expect(try terminal.waitUntil { $0.contains("liplab> W = [3 0; 0 4]") && Self.isPaceHint($0.last) })
    #expect(!(try terminal.screen()).contains("liplab> norm2(W)"))
    try terminal.press("Right")
    #expect(try terminal.waitUntil { screen in
      guard let echo = screen.firstIndex(of: "liplab> norm2(W)") else { return false }
      return screen[(echo + 1)...].contains { numbers(in: $0).last == 4 } && Self.isPaceHint(screen.last)
    })
    // The hint was erased before each echo: it shows once, on the last line.
    #expect((try terminal.screen()).filter { Self.isPaceHint($0) }.count == 1)
    #expect(!(try terminal.screen()).contains("liplab> fro(W)"))
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains("[exit 130]") })
    #expect(!(try terminal.screen()).contains("liplab> fro(W)"))
  }

  @Test("--pace-together: Ctrl-D ends the replay (status 0); the hint never reaches redirected output")
  func pacedReplayEndsAtCtrlD() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let first = try state.write("W = [3 0; 0 4]\nnorm2(W)\nfro(W)\n", to: "first.lip")
    let second = try state.write("x = 1\n", to: "second.lip")
    let output = state.url.appendingPathComponent("out.txt").path
    let terminal = try TmuxTerminal(
      liplab: liplab, arguments: ["--pace-together", first.path, second.path], stateHome: state.url.path, stdout: output)
    func written() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
    #expect(try terminal.waitUntil { Self.isPaceHint($0.last) })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { _ in written().contains("W : 2×2") })
    #expect(try terminal.waitUntil { Self.isPaceHint($0.last) })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { _ in written().contains("liplab> norm2(W)\n4\n") })
    #expect(try terminal.waitUntil { Self.isPaceHint($0.last) })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
    #expect(written() == "liplab> W = [3 0; 0 4]\nW : 2×2\nliplab> norm2(W)\n4\n")
    #expect(!(try terminal.screen()).contains { Self.isPaceHint($0) })
  }

  @Test("--pace predicts, then reveals: a key shows the statement, the next runs it, the next moves on")
  func predictThenReveal() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let script = try state.write("# a diagonal matrix\nW = [3 0; 0 4]\nnorm2(W)\n", to: "reveal.lip")
    let output = state.url.appendingPathComponent("out.txt").path
    let terminal = try TmuxTerminal(
      liplab: liplab, arguments: ["--pace", script.path], stateHome: state.url.path, stdout: output)
    func written() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
    #expect(try terminal.waitUntil { Self.isPaceHint($0.last) })
    try terminal.press("Enter")
    // The statement shows; its output waits for the next key.
    #expect(try terminal.waitUntil { _ in written() == "# a diagonal matrix\nliplab> W = [3 0; 0 4]\n" })
    #expect(try terminal.waitUntil { Self.isRevealHint($0.last) })
    usleep(300_000)
    #expect(written() == "# a diagonal matrix\nliplab> W = [3 0; 0 4]\n")
    try terminal.press("Space")
    #expect(try terminal.waitUntil { _ in written().hasSuffix("W : 2×2\n") })
    #expect(try terminal.waitUntil { Self.isPaceHint($0.last) })
    try terminal.press("Right")
    #expect(try terminal.waitUntil { _ in written().hasSuffix("liplab> norm2(W)\n") })
    #expect(try terminal.waitUntil { Self.isRevealHint($0.last) })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
    #expect(written() == "# a diagonal matrix\nliplab> W = [3 0; 0 4]\nW : 2×2\nliplab> norm2(W)\n4\n")
  }

  /// True for the line `--pace` shows while a statement waits to run.
  static func isRevealHint(_ line: String?) -> Bool {
    line?.hasPrefix("Enter, Space or →: run it") == true
  }

  /// True for the line `--pace` shows while it waits for Enter.
  private static func isPaceHint(_ line: String?) -> Bool {
    line?.hasPrefix("Enter, Space or →: next statement") == true
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

extension InteractiveTests {
  @Test("the width follows a resize until `set width=N`; plots and the progress bar fit the terminal")
  func widthFollowsResize() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    /// The width `set` lists, on a cleared screen.
    func listedWidth() throws -> Double? {
      try terminal.press("C-l")
      #expect(try terminal.run("set"))
      return try terminal.screen().first { $0.hasPrefix("  width") }.flatMap { numbers(in: $0).last }
    }
    #expect(try listedWidth() == 100)
    try terminal.resize(columns: 60)
    #expect(try listedWidth() == 60)

    // A plot drawn after the resize fits in 60 columns (`joined`: a wrapped line counts whole).
    #expect(try terminal.run("p = power([2 1; 1 3], init=ones)"))
    #expect(try terminal.run("run p max=30"))
    try terminal.press("C-l")
    #expect(try terminal.run("plot p"))
    let plot = try terminal.screen(joined: true)
    #expect(plot.count > 10)
    #expect(plot.allSatisfy { $0.count <= 60 }, "\(plot.filter { $0.count > 60 })")

    // The progress bar is redrawn in place within 60 columns: while training, the screen never
    // holds more than one progress line (one that wrapped would leave one per redraw), and
    // when training ends none is left.
    #expect(try terminal.run("c = critic(hidden=[16 16], seed=2)"))
    try terminal.press("C-l")
    var most = 0
    #expect(try terminal.run("train c method=wgan-clip steps=1500 batch=64") { screen in
      most = max(most, screen.filter { $0.hasPrefix("train c wgan-clip [") }.count)
    })
    #expect(most <= 1)
    #expect(!(try terminal.screen()).contains { $0.contains("[#") || $0.contains("..] ") })

    // A width the user sets stays through a resize.
    #expect(try terminal.run("set width=90"))
    try terminal.resize(columns: 70)
    #expect(try listedWidth() == 90)
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
  }
}

extension InteractiveTests {
  @Test("a statement typed over several lines is one history entry, recalled and saved whole")
  func multiLineHistory() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("A = [1 2")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "   ...>" })
    try terminal.type("3 4]")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("A : 2×2") && $0.last == "liplab>" })
    try terminal.type("y = norm2(A,")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "   ...>" })
    try terminal.type("method=power)")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains { $0.hasPrefix("y = 5.46") } && $0.last == "liplab>" })

    // Up recalls the whole statement, not its last line; Up again the one before.
    try terminal.press("Up")
    #expect(try terminal.waitUntil { $0.suffix(2) == ["liplab> y = norm2(A,", "method=power)"] })
    try terminal.press("Up")
    #expect(try terminal.waitUntil { $0.suffix(2) == ["liplab> A = [1 2", "3 4]"] })
    // Run again, the recalled matrix still has two rows.
    try terminal.press("C-l")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("A : 2×2") && $0.last == "liplab>" })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })

    // The history file keeps the statements whole.
    let again = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try again.waitUntil { $0.last == "liplab>" })
    try again.press("Up")
    #expect(try again.waitUntil { $0.suffix(2) == ["liplab> A = [1 2", "3 4]"] })
    try again.press("Up")
    #expect(try again.waitUntil { $0.suffix(2) == ["liplab> y = norm2(A,", "method=power)"] })
    try again.press("C-a", "C-k", "C-d")
    #expect(try again.waitUntil { $0.contains("[exit 0]") })
  }

  @Test("Ctrl-D at the continuation prompt cancels the statement with the parser's error")
  func ctrlDAtContinuation() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("y = norm2([3 0; 0 4]")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "   ...>" })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { screen in
      screen.contains("error: expected ')' at end of input") && screen.last == "liplab>"
    })
    // Nothing ran: y is not defined, and the session goes on.
    try terminal.type("y")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains { $0.contains("unknown variable 'y'") } && $0.last == "liplab>" })
    // Ctrl-D at the primary prompt still leaves, with status 0.
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
  }
}
