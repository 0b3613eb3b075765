// The user-adjustable settings of a session (`set digits=8 width=100 plot=unicode`).

import DenseMatrix

/// A session's settings; each is changed with `set key=value` and listed by `set`.
public struct Settings: Sendable, Equatable {
  /// Significant digits of every printed number (1…17). Default 6.
  public var digits: Int = 6
  /// Output width in columns for tables and plots (40…400). Default 80.
  public var width: Int = 80
  /// Plot characters: ASCII (false, the default, used in transcripts) or Unicode braille and
  /// block characters (true).
  public var unicodePlots: Bool = false
  /// Largest number of elements a user may ask for in one matrix.
  public var elementLimit: Int = Matrix.defaultElementLimit

  /// The defaults.
  public init() {}
}
