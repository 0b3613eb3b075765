// Turns the core's typed `MatrixError` into the diagnostics users read: shape mismatches name the
// operator and both shapes, size refusals say the limit and how to raise it.

import DenseMatrix

extension MatrixError {
  /// The diagnostic for this error, pointing at `range` (the operator or the call).
  public func diagnostic(at range: SourceRange?) -> Diagnostic {
    var diagnostic = plainDiagnostic(at: range)
    diagnostic.cause = self
    return diagnostic
  }

  private func plainDiagnostic(at range: SourceRange?) -> Diagnostic {
    switch self {
    case .shapeMismatch(let op, let lhs, let rhs):
      switch op {
      case "*":
        return Diagnostic(
          "cannot multiply \(lhs) by \(rhs)", at: range,
          notes: ["inner dimensions \(lhs.columns) and \(rhs.rows) differ"])
      case "+":
        return Diagnostic(
          "cannot add \(lhs) and \(rhs)", at: range, notes: [MatrixError.broadcastNote])
      case "-":
        return Diagnostic(
          "cannot subtract \(rhs) from \(lhs)", at: range, notes: [MatrixError.broadcastNote])
      case ".*":
        return Diagnostic(
          "cannot multiply \(lhs) and \(rhs) element-wise", at: range,
          notes: [MatrixError.broadcastNote])
      case "./", ".^", "max", "min":
        return Diagnostic(
          "cannot combine \(lhs) and \(rhs) element by element in '\(op)'", at: range,
          notes: [MatrixError.broadcastNote])
      default:
        return Diagnostic("shapes \(lhs) and \(rhs) do not fit in '\(op)'", at: range)
      }
    case .tensorShapeMismatch(let op, let lhs, let rhs):
      let (a, b) = (Tensor.text(of: lhs), Tensor.text(of: rhs))
      let what: String
      switch op {
      case "+": what = "cannot add \(a) and \(b)"
      case "-": what = "cannot subtract \(b) from \(a)"
      case ".*": what = "cannot multiply \(a) and \(b) element-wise"
      default: what = "cannot combine \(a) and \(b) element by element in '\(op)'"
      }
      return Diagnostic(what, at: range, notes: [MatrixError.tensorBroadcastNote])
    case .tooLarge(let rows, let columns, let limit):
      let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
      var size = overflow ? "more than \(Int.max) elements" : "\(count) elements"
      if !overflow, count <= limit { size = rows > limit ? "\(rows) rows" : "\(columns) columns" }
      return Diagnostic(
        "a \(rows)×\(columns) matrix is too large (\(size), the limit is \(limit))",
        at: range, notes: ["raise the limit with 'set limit=N'"])
    case .tensorTooLarge(let shape, let limit):
      var count = 1
      var overflow = false
      for size in shape where !overflow { (count, overflow) = count.multipliedReportingOverflow(by: size) }
      let size = overflow ? "more than \(Int.max) elements" : "\(count) elements"
      return Diagnostic(
        "a \(Tensor.text(of: shape)) tensor is too large (\(size), the limit is \(limit))",
        at: range, notes: ["raise the limit with 'set limit=N'"])
    case .invalidArgument(let reason):
      return Diagnostic(reason, at: range)
    case .nonFinite(let op):
      return Diagnostic(
        "the matrix has NaN or Inf entries", at: range, notes: ["'\(op)' needs finite entries"])
    case .interrupted:
      return Diagnostic("interrupted", at: range, notes: ["nothing was changed"])
    }
  }

  /// The tensor broadcasting rule, as the note of an element-wise shape error states it.
  static let tensorBroadcastNote =
    "element-wise, shapes align at their last dimension and each needs equal sizes or a size of 1; a vector of C entries against an N×C×… tensor is one value per channel (dimension 2)"

  /// The broadcasting rule, as the note of an element-wise shape error states it.
  static let broadcastNote =
    "element-wise, each dimension needs equal sizes or a size of 1 (a number, a row or a column stretches)"
}

/// Runs a core operation, turning any error it throws into a diagnostic at `range`.
func core<T>(at range: SourceRange?, _ body: () throws -> T) throws(Diagnostic) -> T {
  do {
    return try body()
  } catch let error as MatrixError {
    throw error.diagnostic(at: range)
  } catch let diagnostic as Diagnostic {
    throw diagnostic.located(at: range ?? SourceRange(line: 1, column: 1))
  } catch {
    throw Diagnostic("\(error)", at: range)
  }
}
