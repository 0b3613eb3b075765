// The output width follows the terminal (`Console.columns`, asked before each statement) until
// `set width=N` fixes it; a console that is not a terminal leaves the width as the settings say.

import Testing

import TermPlot
@testable import Notebook

/// A buffer console that says it is a terminal of `columns` columns (the test resizes it).
private final class ResizableConsole: Console {
  var columns: Int?
  var lines: [String] = []
  init(columns: Int?) { self.columns = columns }
  func print(_ text: String) { lines.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) }
  func printDiagnostic(_ lines: [String]) { self.lines += lines }
}

@Suite struct TerminalWidthTests {
  @Test func followingATerminalClampsItsWidth() {
    var settings = Settings()
    settings.followTerminal(columns: 100)
    #expect(settings.width == 100)
    settings.followTerminal(columns: 20)
    #expect(settings.width == 40)
    settings.followTerminal(columns: 1000)
    #expect(settings.width == 400)
  }

  @Test func aFixedWidthIsKept() {
    var settings = Settings()
    settings.width = 90
    settings.widthIsFixed = true
    settings.followTerminal(columns: 60)
    #expect(settings.width == 90)
  }

  @Test func setWidthFixesTheWidthAndOtherSettingsDoNot() {
    let nb = TestNotebook()
    nb.run("set digits=3 plot=unicode")
    #expect(!nb.session.settings.widthIsFixed)
    nb.run("set width=120")
    #expect(nb.session.settings.width == 120 && nb.session.settings.widthIsFixed)
    nb.run("set width=10")  // rejected: nothing changes
    #expect(nb.session.settings.width == 120)
  }

  @Test func theWidthFollowsAResizeBeforeEachStatement() {
    let console = ResizableConsole(columns: 100)
    let session = Session(console: console)
    _ = session.execute(StatementSource(text: "set", origin: .interactive))
    #expect(console.lines.contains("  width  = 100"))
    console.columns = 60
    console.lines.removeAll()
    _ = session.execute(StatementSource(text: "set", origin: .interactive))
    #expect(console.lines.contains("  width  = 60"))
    #expect(session.settings.width == 60)
  }

  @Test func aWidthTheUserSetSurvivesAResize() {
    let console = ResizableConsole(columns: 100)
    let session = Session(console: console)
    _ = session.execute(StatementSource(text: "set width=90", origin: .interactive))
    console.columns = 60
    console.lines.removeAll()
    _ = session.execute(StatementSource(text: "set", origin: .interactive))
    #expect(console.lines.contains("  width  = 90"))
  }

  @Test func withoutATerminalTheSettingsDecide() {
    var settings = Settings()
    settings.width = 120
    let nb = TestNotebook(settings: settings)
    #expect(nb.run("set").contains("  width  = 120\n"))
    #expect(TestNotebook().run("set").contains("  width  = 80\n"))
  }

  @Test func aPlotUsesTheWidthOfTheMomentAfterAResize() throws {
    let console = ResizableConsole(columns: 120)
    let session = Session(console: console)
    _ = session.execute(StatementSource(text: "p = power([2 1; 1 3], init=ones)", origin: .interactive))
    _ = session.execute(StatementSource(text: "run p max=20", origin: .interactive))
    console.columns = 60
    console.lines.removeAll()
    #expect(session.execute(StatementSource(text: "plot p", origin: .interactive)) == .ok)
    #expect(!console.lines.isEmpty)
    #expect(console.lines.allSatisfy { $0.count <= 60 })
    #expect(console.lines.contains { $0.count > 50 })
  }
}

/// Headers and summaries that ran past 80 columns (a mixture's summary at 110, lip's header at
/// 95) wrap to the width, and nothing is lost in the wrapping.
@Test(arguments: [
  "m = mixture(normal(-2, 0.5), normal(2, 0.5), normal(5, 1), weights=[0.3 0.5 0.2])",
  "lip c [-123.456789 987.654321]",
  "train c method=sn steps=1 real=mixture(normal(-2, 0.5), normal(2, 0.5), normal(5, 1), weights=[0.3 0.5 0.2])",
  "lip c",
])
func longHeadersWrapToTheWidth(statement: String) {
  let nb = TestNotebook()
  nb.run("set digits=12", "c = critic(hidden=[4], seed=1)")
  if statement == "lip c" { nb.run("train c method=sn steps=1 real=normal(2, 0.123456789)") }
  let out = nb.run(statement)
  for line in out.split(separator: "\n") {
    #expect(TextWidth.of(String(line)) <= 80, "\(TextWidth.of(String(line))): \(line)")
  }
  let words = out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  if statement.hasPrefix("m =") {
    #expect(words.contains("normal(5, 1), weights=[0.3 0.5 0.2]), mean 1.4"))
  }
  if statement == "lip c" {
    #expect(words.contains("(the span of its training data), layers W/σ with the kept u"))
  }
}
