// The errors the Critics target reports. Each case carries what a diagnostic needs; the notebook
// turns them into messages with a caret under the offending argument.

/// Everything the Critics target can refuse.
public enum CriticError: Error, Equatable, Sendable {
  /// A network architecture cannot be built, e.g. a hidden width of 0; the string says why.
  case invalidArchitecture(String)
  /// A distribution's parameters are invalid, e.g. σ ≤ 0 or weights that do not sum to a
  /// positive number; the string says which.
  case invalidDistribution(String)
  /// A training or evaluation option is outside its domain, e.g. `steps=-1`; `option` names it.
  case invalidOption(option: String, reason: String)
  /// An interval is empty, reversed or not finite where a finite one is needed.
  case invalidInterval(lower: Double, upper: Double)
}
