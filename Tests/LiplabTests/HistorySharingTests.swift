// Two liplab sessions at two terminals (tmux) with one history file, typing in turn: the file
// keeps every statement of both, in each session's order, and a third session recalls them;
// kill -9 just after Enter, while the history is being saved, never truncates the file.
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

  /// The process id of the liplab whose XDG_STATE_HOME is `state` (found through /proc).
  func liplabProcess(stateHome state: String) -> pid_t? {
    let marker = Data("XDG_STATE_HOME=\(state)\0".utf8)
    let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for id in ids.compactMap({ pid_t($0) }) {
      guard let comm = FileManager.default.contents(atPath: "/proc/\(id)/comm"),
        String(decoding: comm, as: UTF8.self) == "liplab\n",
        let environment = FileManager.default.contents(atPath: "/proc/\(id)/environ"),
        environment.range(of: marker) != nil
      else { continue }
      return id
    }
    return nil
  }

  /// The inode of `url`, which a save (a rename over it) changes.
  func inode(_ url: URL) -> UInt64? {
    var info = stat()
    return stat(url.path, &info) == 0 ? UInt64(info.st_ino) : nil
  }

  @Test func killedWhileSavingTheHistoryNeverTruncatesIt() throws {
    let liplab = try #require(Liplab.executable, "the liplab binary was not found")
    let state = try Scratch()
    // 999 entries of 1 kB, so that a save (read, merge, write 1 MB, fsync) takes a while.
    let long = String(repeating: "+1", count: 500)
    let old = (0 ..< 999).map { "old\($0)\\040=\\0400\(long)" }
    try state.write((["_HiStOrY_V2_"] + old).map { $0 + "\n" }.joined(), to: "liplab/history")
    let file = state.url.appendingPathComponent("liplab/history")

    // How long a save takes here, from Enter to the rename.
    let clock = ContinuousClock()
    let timing = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
    #expect(try timing.waitUntil { $0.last == "liplab>" })
    let before = inode(file)
    try timing.type("k0 = 0")
    let start = clock.now
    try timing.press("Enter")
    while inode(file) == before && clock.now - start < .seconds(30) { usleep(1000) }
    let save = clock.now - start
    // Ctrl-D only once the prompt is back (see `TmuxTerminal`): typed ahead, it is swallowed,
    // and this session would then be the one the runs below find and kill.
    #expect(try timing.waitUntil { $0.last == "liplab>" })
    try timing.press("C-d")
    try #require(try timing.waitUntil { $0.contains("[exit 0]") })

    // Then kill -9 at a random moment within one and a half saves after Enter.
    var kept = 1
    var keptEntries = ["k0\\040=\\0400"]
    let window = Int(save.components.seconds * 1_000_000 + save.components.attoseconds / 1_000_000_000_000) * 3 / 2
    for run in 1 ..< 7 {
      let terminal = try TmuxTerminal(liplab: liplab, stateHome: state.url.path)
      #expect(try terminal.waitUntil { $0.last == "liplab>" })
      let pid = try #require(liplabProcess(stateHome: state.url.path))
      try terminal.type("k\(run) = \(run)")
      try terminal.press("Enter")
      usleep(UInt32(Int.random(in: 0 ... max(1, window))))
      kill(pid, SIGKILL)
      #expect(try terminal.waitUntil { $0.contains("[exit 137]") || $0.contains("[exit 0]") })
      let text = try String(contentsOf: file, encoding: .utf8)
      let lines = text.split(separator: "\n").map(String.init)
      #expect(text.hasSuffix("\n") && lines.first == "_HiStOrY_V2_", "a cut file: \(text.suffix(40))")
      // The old file or the new one: 1000 entries, the oldest dropped at each save.
      let entries = Array(lines.dropFirst())
      #expect(entries.count == 1000, "\(entries.count) entries")
      // The runs before kept their entry or not; this one's is there only if its save ended.
      let added = entries.filter { $0.hasPrefix("k") }
      #expect(Array(added.prefix(kept)) == keptEntries)
      #expect(added.count == kept || (added.count == kept + 1 && added.last == "k\(run)\\040=\\040\(run)"))
      #expect(Array(entries.dropLast(added.count)) == Array(old.suffix(entries.count - added.count)))
      kept = added.count
      keptEntries = added
    }
  }
}
