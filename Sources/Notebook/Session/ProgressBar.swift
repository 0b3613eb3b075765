// The progress bar: one rendering for every long computation (training steps, an SVD, a large
// constructor), drawn by the console on a terminal's stderr and never part of a transcript.

import Dispatch

/// Renders progress lines.
enum ProgressBar {
  /// The bar's width in cells.
  static let width = 24

  /// `label [#####.....] detail`, with `fraction` (0…1) of the cells filled.
  static func line(_ label: String, fraction: Double, detail: String) -> String {
    let filled = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    return "\(label) [\(bar)]" + (detail.isEmpty ? "" : " " + detail)
  }
}

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
