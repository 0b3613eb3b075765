// Two liplab sessions at two terminals (tmux) with one history file, typing in turn: the file
// keeps every statement of both, in each session's order, and a third session recalls them.
// Skipped when tmux is not installed.

import Foundation
import Testing

@Suite("one history, two sessions", .enabled(if: TmuxTerminal.isAvailable, "tmux is not installed"))
struct HistorySharingTests {
  @Test func twoSessionsTypingTenLinesEachKeepAllTwenty() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    let first = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    let second = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try first.waitUntil { $0.last == "liplab>" })
    #expect(try second.waitUntil { $0.last == "liplab>" })
    for line in 0 ..< 10 {
      #expect(try first.run("a\(line) = \(line)"))
      #expect(try second.run("b\(line) = \(line)"))
    }
    try first.press("C-d")
    try second.press("C-d")
    #expect(try first.waitUntil { $0.contains("[exit 0]") })
    #expect(try second.waitUntil { $0.contains("[exit 0]") })

    // The file: libedit's cookie, then one entry a line with spaces written as \040.
    let file = state.url.appendingPathComponent("liplab/history")
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.first == "_HiStOrY_V2_")
    let entries = lines.dropFirst().map { $0.replacingOccurrences(of: "\\040", with: " ") }
    #expect(entries.count == 20)
    #expect(entries.filter { $0.hasPrefix("a") } == (0 ..< 10).map { "a\($0) = \($0)" })
    #expect(entries.filter { $0.hasPrefix("b") } == (0 ..< 10).map { "b\($0) = \($0)" })

    // A new session recalls the last statement typed anywhere, and the one before it.
    let third = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try third.waitUntil { $0.last == "liplab>" })
    try third.press("Up")
    #expect(try third.waitUntil { $0.last == "liplab> b9 = 9" })
    try third.press("Up")
    #expect(try third.waitUntil { $0.last == "liplab> a9 = 9" })
    try third.press("C-a", "C-k", "C-d")
    #expect(try third.waitUntil { $0.contains("[exit 0]") })
  }
}
