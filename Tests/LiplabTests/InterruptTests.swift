// Ctrl-C in every mode that replays statements, and a dumb terminal, driven through tmux: a
// class demo survives a Ctrl-C, and `--bail` turns it into a clean stop.

import Foundation
import Testing

/// A statement that runs far longer than any test waits: only Ctrl-C ends it (the residual of a
/// 600×600 Gaussian matrix never falls below 1e-300). Interrupted, it reports the steps taken.
private let endless = "run p tol=1e-300 max=1000000"

/// A statement that fails when interrupted (a matrix product is all or nothing).
private let endlessProduct = "B = randn(3000, 3000, seed=1) * randn(3000, 3000, seed=2) * randn(3000, 3000, seed=3)"

/// The script the tests replay: the endless statements between quick ones.
private let script = "p = power(randn(600, 600, seed=1))\n\(endless)\n\(endlessProduct)\nx = 7\nx\n"

extension InteractiveTests {
  /// Presses Ctrl-C (twice at most, below the three that end the process) until the screen shows
  /// the interruption.
  private func interrupt(_ terminal: TmuxTerminal) throws -> Bool {
    for _ in 0..<2 {
      try terminal.press("C-c")
      if try terminal.waitUntil({ $0.contains { $0.contains("interrupted") } }) { return true }
    }
    return false
  }

  @Test("a replay survives Ctrl-C: the statement stops, is reported, and the next one runs")
  func replayGoesOnAfterCtrlC() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let path = try state.write(script, to: "demo.lip").path
    let terminal = try TmuxTerminal(liplab: liplab, arguments: [path], stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endless)") })
    usleep(300_000)
    #expect(try interrupt(terminal))
    #expect(try terminal.waitUntil { $0.contains { $0.hasPrefix("  interrupted after") } })
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endlessProduct)") })
    usleep(300_000)
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains("x = 7") && $0.contains("[exit 1]") })
    let screen = try terminal.screen()
    #expect(screen.contains { $0.hasPrefix("demo.lip:3:") && $0.contains("error: interrupted") })
  }

  @Test("Ctrl-C in compare: the interrupted run is judged in full, Π‖W‖₂ a number above ‖f‖_L")
  func compareJudgesAnInterruptedRun() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let statement = "compare wgan-gp steps=1000000 hidden=[8]"
    let path = try state.write("\(statement)\nx = 7\n", to: "compare.lip").path
    let terminal = try TmuxTerminal(liplab: liplab, arguments: [path], stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.contains("liplab> \(statement)") })
    usleep(300_000)
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains("x = 7") })
    let screen = try terminal.screen()
    let row = try #require(screen.first { $0.hasPrefix("  wgan-gp ") }, "\(screen.joined(separator: "\n"))")
    #expect(row.contains("interrupted at step"))
    #expect(!row.contains("NaN"))
    // method, estimate, W₁, ‖f‖_L, ratio, Π‖W‖₂, Π‖W‖F, status
    let cells = row.split(separator: " ").map(String.init)
    let lipschitz = try #require(Double(cells[3])), product = try #require(Double(cells[5]))
    #expect(product >= lipschitz)
  }

  @Test("--bail turns Ctrl-C into a clean stop with a message and status 130")
  func bailStopsAtCtrlC() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let path = try state.write(script, to: "demo.lip").path
    let terminal = try TmuxTerminal(liplab: liplab, arguments: ["--bail", path], stateHome: state.url.path)
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endless)") })
    usleep(300_000)
    #expect(try interrupt(terminal))
    #expect(try terminal.waitUntil { $0.contains("[exit 130]") })
    let screen = try terminal.screen()
    #expect(screen.contains("stopped at the interrupted statement (--bail)"))
    #expect(!screen.contains("liplab> x = 7"))
  }

  @Test("--pace-together survives Ctrl-C during a statement: it stops, and the next key runs the next one")
  func pacedReplayGoesOnAfterCtrlC() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let path = try state.write(script, to: "demo.lip").path
    let terminal = try TmuxTerminal(liplab: liplab, arguments: ["--pace-together", path], stateHome: state.url.path)
    let hint = "Enter, Space or →: next statement"
    #expect(try terminal.waitUntil { $0.last?.hasPrefix(hint) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last?.hasPrefix(hint) == true && $0.contains { $0.hasPrefix("p : power") } })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endless)") })
    usleep(300_000)
    #expect(try interrupt(terminal))
    #expect(try terminal.waitUntil { $0.last?.hasPrefix(hint) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endlessProduct)") })
    usleep(300_000)
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains { $0.contains("error: interrupted") } && $0.last?.hasPrefix(hint) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("x = 7") && $0.last?.hasPrefix(hint) == true })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 1]") })
  }

  @Test("--pace (predict, then reveal) survives Ctrl-C during a statement: it stops, and the replay goes on at the next key")
  func revealGoesOnAfterCtrlC() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let path = try state.write(script, to: "demo.lip").path
    let terminal = try TmuxTerminal(liplab: liplab, arguments: ["--pace", path], stateHome: state.url.path)
    let next = "Enter, Space or →: next statement"
    let reveal = "Enter, Space or →: run it"
    #expect(try terminal.waitUntil { $0.last?.hasPrefix(next) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last?.hasPrefix(reveal) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last?.hasPrefix(next) == true && $0.contains { $0.hasPrefix("p : power") } })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endless)") && $0.last?.hasPrefix(reveal) == true })
    try terminal.press("Enter")
    usleep(300_000)
    #expect(try interrupt(terminal))
    #expect(try terminal.waitUntil { $0.contains { $0.hasPrefix("  interrupted after") } && $0.last?.hasPrefix(next) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> \(endlessProduct)") && $0.last?.hasPrefix(reveal) == true })
    try terminal.press("Enter")
    usleep(300_000)
    try terminal.press("C-c")
    #expect(try terminal.waitUntil { $0.contains { $0.contains("error: interrupted") } && $0.last?.hasPrefix(next) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("liplab> x = 7") && $0.last?.hasPrefix(reveal) == true })
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("x = 7") && $0.last?.hasPrefix(next) == true })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 1]") })
  }

  @Test("TERM=dumb: a plain prompt without line editing or colour, and Ctrl-D leaves")
  func dumbTerminal() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let terminal = try TmuxTerminal(
      liplab: liplab, stateHome: state.url.path, colour: true, environment: ["TERM": "dumb"])
    #expect(try terminal.waitUntil { $0.last == "liplab>" })
    try terminal.type("x = nosuchname")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains { $0.hasPrefix("error:") } && $0.last == "liplab>" })
    let errorLine = try #require(try terminal.screen(escapes: true).first { $0.contains("error:") })
    #expect(!errorLine.contains("\u{1B}["))
    try terminal.type("y = [1 2")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.last == "   ...>" })
    try terminal.type("3 4]")
    try terminal.press("Enter")
    #expect(try terminal.waitUntil { $0.contains("y : 2×2") && $0.last == "liplab>" })
    try terminal.press("C-d")
    #expect(try terminal.waitUntil { $0.contains("[exit 0]") })
  }
}
