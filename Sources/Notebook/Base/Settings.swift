// The user-adjustable settings of a session (`set digits=8 width=100 plot=unicode`).

import DenseMatrix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A session's settings; each is changed with `set key=value` and listed by `set`.
public struct Settings: Sendable, Equatable {
  /// Significant digits of every printed number (1…17). Default 6.
  public var digits: Int = 6
  /// Output width in columns for tables and plots (40…400). Default 80; at a terminal it
  /// follows the terminal's width (`followTerminal(columns:)`) until `set width=N` fixes it.
  public var width: Int = 80
  /// True once the user chose the width (`set width=N`): the width then stops following the
  /// terminal. False by default.
  public var widthIsFixed: Bool = false
  /// Plot characters: ASCII (false, the default, used in transcripts) or Unicode braille and
  /// block characters (true).
  public var unicodePlots: Bool = false
  /// Largest number of elements a user may ask for in one matrix.
  public var elementLimit: Int = Matrix.defaultElementLimit
  /// The bytes of matrices the session may hold at once, those in variables and the one being
  /// made (`MemoryBudget`; not listed by `set`, since it depends on the machine).
  public var memoryBudget: Int = MemoryBudget.processDefault

  /// The largest `elementLimit` a user may set: as many doubles as fit in half the machine's
  /// physical memory (at least the default), so that a permitted matrix can be allocated
  /// instead of aborting the process.
  public static let maximumElementLimit: Int = {
    let pages = Int(sysconf(Int32(_SC_PHYS_PAGES))), size = Int(sysconf(Int32(_SC_PAGESIZE)))
    guard pages > 0, size > 0 else { return Matrix.defaultElementLimit }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
    return Swift.max(Matrix.defaultElementLimit, overflow ? Int.max / 16 : bytes / 16)
  }()
  /// The widths `set width=N` accepts, and the range a terminal's width is clamped to.
  public static let widthRange = 40...400

  /// The defaults.
  public init() {}

  /// Adopts the width of a terminal `columns` wide, clamped to `widthRange`, unless the user
  /// fixed the width (`widthIsFixed`), which is then kept.
  public mutating func followTerminal(columns: Int) {
    guard !widthIsFixed else { return }
    width = min(Self.widthRange.upperBound, max(Self.widthRange.lowerBound, columns))
  }
}
