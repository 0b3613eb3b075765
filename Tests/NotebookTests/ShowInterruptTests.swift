// `show` of a large matrix stops at Ctrl-C: the formatting of its entries and the printing of
// its rows both poll the statement's interruption check.

import Synchronization
import Testing

@testable import Notebook

@Suite struct ShowInterruptTests {
  /// A session holding `A`, a 300×300 matrix, whose Ctrl-C arrives at the `after`-th poll of
  /// its check.
  private func session(interruptedAfter after: Int) -> (Session, BufferConsole) {
    let setup = TestNotebook()
    setup.run("A = randn(300, 300, seed=1)")
    let console = BufferConsole()
    let polls = Atomic<Int>(0)
    let session = Session(console: console, settings: Settings()) {
      polls.add(1, ordering: .relaxed).newValue >= after
    }
    if let a = setup.session.value(of: "A") { session.define("A", a) }
    return (session, console)
  }

  @Test(arguments: [1, 5, 200, 320])
  func showStopsAtCtrlC(after polls: Int) {
    let (session, console) = session(interruptedAfter: polls)
    #expect(session.execute(StatementSource(text: "show A", origin: .interactive)) == .interrupted)
    #expect(console.diagnosticLines.first == "error: interrupted")
    // Stopped while formatting (300 columns, then 300 rows), nothing of A is printed; stopped
    // while printing, the rows printed stay.
    let printed = console.lines.count - console.diagnosticLines.count
    #expect(printed < 302)
    if polls < 300 { #expect(printed == 0) }
  }

  @Test func showRunsToTheEndWithoutCtrlC() {
    let (session, console) = session(interruptedAfter: Int.max)
    #expect(session.execute(StatementSource(text: "show A", origin: .interactive)) == .ok)
    #expect(console.lines.count == 1 + 300)
    #expect(console.lines[0] == "A : 300×300")
  }
}
