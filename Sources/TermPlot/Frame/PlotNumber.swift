// The default number formatting of tick and value labels: 3 significant digits, spelled as
// everywhere in liplab (`NumberText`).

import NumberText

/// Formats a number for a tick or value label; callers pass their own to match their settings.
public typealias PlotFormatter = (Double) -> String

/// Default label formatting.
public enum PlotNumber {
  /// `%g`-style formatting with `digits` significant digits (clamped to 1...17): `0.3`, `1.25`,
  /// `1e-08`, `1.5e+03`; `-0` prints as `0`, NaN as `NaN`, infinities as `Inf` / `-Inf`
  /// (`NumberText.significant`). Deterministic (independent of the locale).
  public static func significant(_ value: Double, digits: Int = 3) -> String {
    NumberText.significant(value, digits: digits)
  }

  /// The default formatter: `significant(value, digits: 3)`.
  public static func standard(_ value: Double) -> String { significant(value, digits: 3) }

  /// The labels of `ticks` by `format`, unless two different ticks would read the same (a
  /// narrow range far from 0: −1.1406e9 … −1.14e9 at three digits): then by `significant` with
  /// the fewest digits, from 4 to 17, that tell every tick apart. O(ticks) per digit tried.
  public static func distinctLabels(_ ticks: [Double], format: PlotFormatter) -> [String] {
    func distinct(_ labels: [String]) -> Bool { Set(labels).count == Set(ticks).count }
    let given = ticks.map(format)
    if distinct(given) { return given }
    for digits in 4 ... 17 {
      let labels = ticks.map { significant($0, digits: digits) }
      if distinct(labels) { return labels }
    }
    return ticks.map { significant($0, digits: 17) }
  }
}
