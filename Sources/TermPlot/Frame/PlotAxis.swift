// One axis of a plot: its range, its scale (linear or log10), the mapping of data values to the
// unit interval, and its tick values.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How data values map to positions along an axis.
public enum AxisScale: String, Sendable {
  /// Position proportional to the value.
  case linear
  /// Position proportional to log10 of the value; values ≤ 0 have no position and are skipped.
  case log10
}

/// A resolved axis: range, scale and ticks, all in data units.
public struct PlotAxis: Equatable, Sendable {
  /// Value at the start (left or bottom) of the axis.
  public let lower: Double
  /// Value at the end (right or top) of the axis; always different from `lower`.
  public let upper: Double
  /// Linear or log10.
  public let scale: AxisScale
  /// Values to label, ascending, all within `lower...upper`.
  public let ticks: [Double]

  /// Scale-space bounds (log10 of the bounds on a log axis).
  private let tLower: Double
  private let tUpper: Double

  private init(tLower: Double, tUpper: Double, scale: AxisScale, tTicks: [Double]) {
    self.tLower = tLower
    self.tUpper = tUpper
    self.scale = scale
    lower = Self.untransform(tLower, scale)
    upper = Self.untransform(tUpper, scale)
    ticks = tTicks.map { Self.untransform($0, scale) }
  }

  /// Resolves an axis from a requested range (or `nil` for automatic) and the data it must show.
  ///
  /// - A requested range is used as given (reversed bounds are swapped). It is ignored, and the
  ///   range chosen automatically, when a bound is not finite or, on a log axis, not positive.
  /// - An automatic range spans the valid data, widened outward to "nice" tick values (multiples
  ///   of 1, 2 or 5 × 10ᵏ; whole decades on a log axis). Without valid data it is 0...1 (1...10
  ///   on a log axis).
  /// - A range of zero width (all values equal, one point) is widened: by ±|v|/2 around v (±1
  ///   around 0) on a linear axis, by a decade each way on a log axis.
  /// - About `tickTarget` ticks are chosen (at least 2 when possible).
  /// Non-finite data, and data ≤ 0 on a log axis, are ignored. O(data count).
  public static func resolve(
    requested: ClosedRange<Double>?, data: [Double], scale: AxisScale, tickTarget: Int
  ) -> PlotAxis {
    let target = max(1, tickTarget)
    if let requested, let a = transform(requested.lowerBound, scale),
      let b = transform(requested.upperBound, scale)
    {
      let (lo, hi) = widened(min(a, b), max(a, b), scale)
      return PlotAxis(
        tLower: lo, tUpper: hi, scale: scale, tTicks: ticksInside(lo, hi, scale, target))
    }
    var lo = Double.infinity
    var hi = -Double.infinity
    for value in data {
      guard let t = transform(value, scale) else { continue }
      lo = min(lo, t)
      hi = max(hi, t)
    }
    if lo > hi { (lo, hi) = (0, 1) }
    (lo, hi) = widened(lo, hi, scale)
    var step: Double?
    switch scale {
    case .log10:
      lo = max(lo.rounded(.down), Self.logLimits.lowerBound)
      hi = min(hi.rounded(.up), Self.logLimits.upperBound)
    case .linear:
      // NOTE: the ticks keep the step the range was widened with; recomputing it from the wider
      // range could pick a coarser step with a single multiple inside.
      let nice = niceStep((hi - lo) / Double(target))
      let nlo = (lo / nice).rounded(.down) * nice
      let nhi = (hi / nice).rounded(.up) * nice
      if nlo.isFinite && nhi.isFinite && nlo < nhi {
        (lo, hi) = (nlo, nhi)
        step = nice
      }
    }
    return PlotAxis(
      tLower: lo, tUpper: hi, scale: scale, tTicks: ticksInside(lo, hi, scale, target, step: step))
  }

  /// The position of `value` along the axis, 0 at `lower` and 1 at `upper` (outside 0...1 when
  /// the value is out of range), or `nil` when it has none (non-finite, or ≤ 0 on a log axis).
  public func normalized(_ value: Double) -> Double? {
    guard let t = Self.transform(value, scale) else { return nil }
    var u = (t - tLower) / (tUpper - tLower)
    // NOTE: spans beyond the largest Double overflow; halving every term keeps the ratio finite.
    if !u.isFinite { u = (t / 2 - tLower / 2) / (tUpper / 2 - tLower / 2) }
    return u.isFinite ? u : nil
  }

  /// The data value at position `u` (0 at `lower`, 1 at `upper`).
  public func value(atNormalized u: Double) -> Double {
    // NOTE: interpolated as a weighted sum, which cannot overflow for spans beyond the largest
    // Double; exact at u = 0 and u = 1.
    Self.untransform(u == 1 ? tUpper : tLower * (1 - u) + tUpper * u, scale)
  }

  static func transform(_ value: Double, _ scale: AxisScale) -> Double? {
    guard value.isFinite else { return nil }
    switch scale {
    case .linear: return value
    case .log10: return value > 0 ? log10(value) : nil
    }
  }

  static func untransform(_ t: Double, _ scale: AxisScale) -> Double {
    switch scale {
    case .linear: return t
    case .log10:
      // NOTE: whole decades are parsed from "1eK" so that 10^-3 is exactly the double 0.001.
      if t == t.rounded(), abs(t) < 400, let exact = Double("1e\(Int(t))") { return exact }
      // NOTE: the bounds of `logLimits` may round just past the finite range; clamp back.
      return min(max(pow(10, t), .leastNonzeroMagnitude), .greatestFiniteMagnitude)
    }
  }

  /// log10 of the smallest and largest positive finite Doubles: a log axis stays within them.
  static let logLimits = log10(Double.leastNonzeroMagnitude)...log10(
    Double.greatestFiniteMagnitude)

  /// Widens a zero-width scale-space range (see `resolve`); leaves others unchanged.
  private static func widened(_ lo: Double, _ hi: Double, _ scale: AxisScale) -> (Double, Double) {
    guard lo == hi else { return (lo, hi) }
    if scale == .log10 {
      return (max(lo - 1, logLimits.lowerBound), min(hi + 1, logLimits.upperBound))
    }
    if lo == 0 { return (-1, 1) }
    let half = abs(lo) / 2
    return (max(lo - half, -Double.greatestFiniteMagnitude), min(hi + half, .greatestFiniteMagnitude))
  }

  /// The smallest of 1, 2, 5 × 10ᵏ that is ≥ `raw` (1 for non-positive or non-finite `raw`).
  static func niceStep(_ raw: Double) -> Double {
    guard raw.isFinite, raw > 0 else { return 1 }
    let magnitude = pow(10, log10(raw).rounded(.down))
    for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-12) {
      return factor * magnitude
    }
    return 10 * magnitude
  }

  /// Scale-space tick positions within lo...hi: multiples of a nice step (`given`, else chosen
  /// for about `target` intervals) on a linear axis, or whole decades
  /// thinned to every m-th so that about `target` intervals remain (log); the two bounds when fewer than two such values exist.
  private static func ticksInside(
    _ lo: Double, _ hi: Double, _ scale: AxisScale, _ target: Int, step given: Double? = nil
  ) -> [Double] {
    let step = scale == .log10 ? 1 : given ?? niceStep((hi - lo) / Double(target))
    let first = (lo / step - 1e-9).rounded(.up)
    let last = (hi / step + 1e-9).rounded(.down)
    let count = last - first + 1
    // NOTE: the magnitude bound keeps the conversions to Int exact and trap-free; it is only
    // reached by ranges narrower than ~1e-13 of their magnitude.
    guard first.isFinite, last.isFinite, abs(first) < 1e15, abs(last) < 1e15, count >= 2,
      count <= 10_000
    else { return [lo, hi] }
    let stride = scale == .log10 ? max(1, Int(((count - 1) / Double(target)).rounded(.up))) : 1
    var ticks: [Double] = []
    for k in Int(first)...Int(last) where k % stride == 0 {
      ticks.append(min(max(Double(k) * step, lo), hi))
    }
    return ticks.count >= 2 ? ticks : [lo, hi]
  }
}
