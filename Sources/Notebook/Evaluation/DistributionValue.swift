// The value behind `normal(2, 0.5)`, `uniform(-1, 1)` and `mixture(…)`: a 1-D distribution a
// critic is trained to tell apart from another. Wherever a command expects a distribution
// (`real=`, `fake=`, `w1(…)`), a vector of samples is accepted too and becomes their empirical
// distribution.

import Critics
import DenseMatrix

/// A distribution held in a notebook variable.
public struct DistributionValue: NotebookObject {
  /// The distribution (validated when the value was made).
  public let distribution: Distribution

  /// Wraps a distribution the caller has validated.
  public init(_ distribution: Distribution) { self.distribution = distribution }

  /// `distribution`.
  public var typeName: String { "distribution" }

  /// `normal(2, 0.5), mean 2`.
  public func summary(_ format: NumberFormat) -> String {
    "\(Self.describe(distribution, format)), mean \(format.string(distribution.mean))"
  }

  /// The distribution as the user would write it: `normal(2, 0.5)`, `uniform(-1, 1)`,
  /// `mixture(normal(-2, 0.5), normal(2, 0.5), weights=[0.3 0.7])`, `200 samples`.
  public static func describe(_ d: Distribution, _ format: NumberFormat) -> String {
    switch d {
    case .normal(let m, let s): return "normal(\(format.string(m)), \(format.string(s)))"
    case .uniform(let a, let b): return "uniform(\(format.string(a)), \(format.string(b)))"
    case .mixture(let parts, let weights):
      let inner = parts.map { describe($0, format) }.joined(separator: ", ")
      return "mixture(\(inner), weights=[\(weights.map(format.string).joined(separator: " "))])"
    case .empirical(let xs): return "\(xs.count) sample\(xs.count == 1 ? "" : "s")"
    }
  }
}

extension Arguments {
  /// What a distribution argument may be, for notes.
  static let distributionNote =
    "write normal(μ, σ), uniform(a, b), mixture(…) or a vector of samples"

  /// Positional `index` as a distribution (a distribution value or a vector of samples).
  public func distribution(_ index: Int) throws(Diagnostic) -> Distribution {
    let what = signature.parameter(at: index).map { "argument '\($0.name)'" } ?? "argument \(index + 1)"
    return try distribution(from: try value(index), what: what, at: range(index))
  }

  /// Option `key` as a distribution, or nil when absent.
  public func distribution(option key: String) throws(Diagnostic) -> Distribution? {
    guard let value = try value(option: key) else { return nil }
    return try distribution(from: value, what: "'\(key)='", at: range(option: key))
  }

  /// `value` as a distribution: a distribution object, or a vector (one row or one column) of
  /// finite samples, which becomes their empirical distribution. A number is one sample (`[3]`
  /// evaluates to a number).
  func distribution(from value: Value, what: String, at range: SourceRange) throws(Diagnostic)
    -> Distribution
  {
    switch value {
    case .object(let object as DistributionValue):
      return object.distribution
    case .number(let x):
      guard x.isFinite else { throw Diagnostic("\(what) of '\(name)' has NaN or Inf samples", at: range) }
      return .empirical([x])
    case .matrix(let m):
      guard m.rows == 1 || m.columns == 1, !m.elements.isEmpty else {
        throw Diagnostic(
          "\(what) of '\(name)' must be a distribution, got a \(m.shape) matrix", at: range,
          notes: ["samples are a vector: one row or one column", Self.distributionNote])
      }
      guard m.elements.allSatisfy(\.isFinite) else {
        throw Diagnostic("\(what) of '\(name)' has NaN or Inf samples", at: range)
      }
      return .empirical(m.elements)
    default:
      throw Diagnostic(
        "\(what) of '\(name)' must be a distribution, got \(value.article)", at: range,
        notes: [Self.distributionNote])
    }
  }
}
