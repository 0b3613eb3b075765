// A compact histogram a few rows high, laid out in a `PlotFrame` so that it lines up column for
// column with the plot above it (e.g. the real and fake densities under a critic's f(x)).

/// A histogram strip aligned with a plot's x axis: one bar per canvas column.
///
/// The weight of column c is the number of samples whose x falls in that column (samples outside
/// the frame's x range or non-finite are ignored), or the density function at
/// `frame.xCenter(ofColumn: c)` (non-finite or negative values count as 0). Bars are scaled so the
/// largest weight fills `height` rows. A column holding at least one sample, or where the density
/// is at least 1% of its largest value, always shows at least a trace (`.` in ASCII, `▁` in
/// Unicode), so that sparse samples and thin tails stay visible.
public struct DensityStrip {
  /// Where the weights come from.
  public enum Source {
    /// Samples, binned by canvas column.
    case samples([Double])
    /// A density (or any non-negative function) evaluated at each column's centre.
    case function((Double) -> Double)
  }

  /// Name shown in the left margin of the strip's bottom row.
  public var label: String
  /// Samples or a density function.
  public var source: Source
  /// Rows of the strip, clamped to 1...20.
  public var height: Int
  /// Fill character in ASCII style (Unicode uses the eighth blocks `▁▂▃▄▅▆▇█`); one that is not
  /// one column wide, or a control character, is replaced by `#`.
  public var fill: Character

  /// A strip of the histogram of `samples`.
  public init(label: String, samples: [Double], height: Int = 3, fill: Character = "#") {
    self.label = label
    self.source = .samples(samples)
    self.height = height
    self.fill = fill
  }

  /// A strip of `density` sampled on the plot's x grid (one value per canvas column).
  public init(
    label: String, density: @escaping (Double) -> Double, height: Int = 3, fill: Character = "#"
  ) {
    self.label = label
    self.source = .function(density)
    self.height = height
    self.fill = fill
  }

  /// The samples of a `.samples` strip (used to fit an automatic x range), else none.
  var samples: [Double] {
    if case .samples(let values) = source { return values }
    return []
  }

  /// The weight of each canvas column of `frame`. O(samples + columns).
  public func columnWeights(in frame: PlotFrame) -> [Double] {
    var weights = Array(repeating: 0.0, count: frame.columns)
    switch source {
    case .samples(let values):
      for value in values {
        if let c = frame.column(for: value), c < weights.count { weights[c] += 1 }
      }
    case .function(let density):
      for c in weights.indices {
        let w = density(frame.xCenter(ofColumn: c))
        weights[c] = w.isFinite && w > 0 ? w : 0
      }
    }
    return weights
  }

  /// The strip's lines, each `frame.width` wide, with the canvas columns of `frame`.
  public func render(in frame: PlotFrame) -> [String] {
    let rows = min(max(height, 1), 20)
    let weights = columnWeights(in: frame)
    let top = weights.max() ?? 0
    // Filled eighths of a row per column (ASCII uses whole rows, i.e. multiples of 8).
    let traceFloor: Double = if case .samples = source { 0 } else { 0.01 }
    let traced: [Bool] = weights.map { top > 0 && $0 > 0 && $0 / top >= traceFloor }
    let levels: [Int] = weights.map { w in
      guard top > 0, w > 0 else { return 0 }
      let fraction = min(w / top, 1)
      switch frame.style {
      case .ascii: return 8 * Int((fraction * Double(rows)).rounded())
      case .unicode: return Int((fraction * Double(rows * 8)).rounded())
      }
    }
    let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    var lines: [String] = []
    for row in 0..<rows {
      let fromBottom = rows - 1 - row
      var cells = ""
      for (c, level) in levels.enumerated() {
        var here = min(max(level - 8 * fromBottom, 0), 8)
        if fromBottom == 0 && here == 0 && traced[c] && frame.style == .unicode { here = 1 }
        switch frame.style {
        case .ascii:
          if here == 8 {
            cells.append(TextWidth.isCellCharacter(fill) ? fill : "#")
          } else {
            cells.append(fromBottom == 0 && traced[c] ? "." : " ")
          }
        case .unicode:
          cells.append(eighths[here])
        }
      }
      lines.append(frame.panelLine(label: row == rows - 1 ? label : "", cells: cells, borders: true))
    }
    return lines
  }
}
