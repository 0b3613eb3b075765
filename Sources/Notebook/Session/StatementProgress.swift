// The progress a statement shows while its dense computations run: a bar after the first second,
// on the console (a terminal's stderr), erased when the statement ends.

import Dispatch

/// The progress sink a statement installs for the dense computations it runs
/// (`Interruption.withCheck(_:progress:)`): quiet for the first second, then a bar redrawn at
/// most every 1% and 50 ms, erased when the statement ends.
///
/// NOTE: `@unchecked Sendable` because the computation reports from the thread that runs the
/// statement, the same thread that created the sink and owns the console.
final class StatementProgress: @unchecked Sendable {
  private let console: Console
  private let label: String
  private let start = DispatchTime.now().uptimeNanoseconds
  private var lastDrawn: (fraction: Double, at: UInt64)?

  /// A sink drawing on `console` under `label` (the statement's first words).
  init(console: Console, label: String) {
    self.console = console
    self.label = label
  }

  /// Records that the computation is `fraction` done.
  func report(_ fraction: Double) {
    let now = DispatchTime.now().uptimeNanoseconds
    guard now - start >= 1_000_000_000 else { return }
    if let last = lastDrawn, fraction - last.fraction < 0.01 || now - last.at < 50_000_000 { return }
    lastDrawn = (fraction, now)
    console.progress(ProgressBar.line(label, fraction: fraction, detail: "\(Int(fraction * 100))%"))
  }

  /// Erases the bar if one was drawn.
  func finish() {
    if lastDrawn != nil { console.progress("") }
  }
}
