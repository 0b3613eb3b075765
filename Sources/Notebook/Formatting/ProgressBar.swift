// The progress bar: one rendering for every long computation (training steps, an SVD, a large
// constructor), drawn by the console on a terminal's stderr and never part of a transcript.

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
