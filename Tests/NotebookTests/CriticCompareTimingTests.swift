// `compare` adds wall-clock times only when a person watches a terminal, never in transcripts.

import Testing

@testable import Notebook

/// A buffer that says it is a terminal.
private final class WatchedConsole: Console {
  var lines: [String] = []
  let showsTimings = true
  func print(_ text: String) { lines.append(text) }
  func printDiagnostic(_ lines: [String]) { self.lines += lines }
}

@Suite struct CriticCompareTimingTests {
  let statement = "compare wgan-clip sn steps=5 batch=8 hidden=[4]"

  @Test func aTerminalGetsATimeColumn() throws {
    let console = WatchedConsole()
    #expect(Session(console: console).execute(StatementSource(text: statement, origin: .interactive)) == .ok)
    let header = try #require(console.lines.first { $0.contains("method") && $0.contains("status") })
    #expect(header.hasSuffix("time"))
    let rows = console.lines.filter { $0.hasPrefix("  wgan-clip ") || $0.hasPrefix("  sn ") }
    #expect(rows.count == 2 && rows.allSatisfy { $0.hasSuffix(" s") })
  }

  @Test func aTranscriptHasNoTimes() {
    let console = BufferConsole()
    #expect(Session(console: console).execute(StatementSource(text: statement, origin: .interactive)) == .ok)
    #expect(!console.text.contains("time"))
    #expect(!console.lines.contains { $0.hasSuffix(" s") })
  }
}
