// Turns the Critics target's typed `CriticError` into the diagnostics users read, pointing at
// the argument that caused it.

import Critics
import DenseMatrix

extension CriticError {
  /// The diagnostic for this error at `range` (the argument or the call).
  func diagnostic(at range: SourceRange?) -> Diagnostic {
    switch self {
    case .invalidArchitecture(let reason):
      return Diagnostic("cannot build this critic: \(reason)", at: range)
    case .invalidDistribution(let reason):
      return Diagnostic("invalid distribution: \(reason)", at: range)
    case .invalidOption(let option, let reason):
      return Diagnostic("\(option) \(reason)", at: range)
    case .invalidInterval(let lower, let upper):
      return Diagnostic(
        "the interval [\(lower), \(upper)] must be finite with lower < upper", at: range)
    }
  }
}

extension Arguments {
  /// Runs a Critics operation; a `CriticError.invalidOption` points at that option when it was
  /// given, every other error at `range` (the call when nil).
  func critics<T>(at range: SourceRange? = nil, _ body: () throws -> T) throws(Diagnostic) -> T {
    do {
      return try body()
    } catch let error as CriticError {
      if case .invalidOption(let option, _) = error, has(option) {
        throw error.diagnostic(at: self.range(option: option))
      }
      throw error.diagnostic(at: range ?? self.range)
    } catch let error as MatrixError {
      throw error.diagnostic(at: range ?? self.range)
    } catch let diagnostic as Diagnostic {
      throw diagnostic.located(at: range ?? self.range)
    } catch {
      throw Diagnostic("\(error)", at: range ?? self.range)
    }
  }
}
