// A canonical text form of an expression: fully parenthesised, so that printing and parsing
// again gives the same tree (the parser's round-trip tests rely on it).

extension Expr: CustomStringConvertible {
  /// The expression in canonical form: `((1 + 2) * x')`, `[1, 2; 3, 4]`, `f(a, seed=7)`.
  public var description: String {
    switch kind {
    case .number(let x): return x.description
    case .string(let s): return "\"\(s)\""
    case .name(let name): return name
    case .numbers(let xs):
      // A negative number was written with a minus: `(-2.0)`, as a negation reads.
      return xs.map { $0.sign == .minus ? "(-\((-$0).description))" : $0.description }
        .joined(separator: ", ")
    case .matrix(let rows):
      return "[" + rows.map { $0.map(\.description).joined(separator: ", ") }.joined(separator: "; ")
        + "]"
    case .call(let name, _, let arguments): return "\(name)(\(Expr.describe(arguments)))"
    case .apply(let target, let arguments): return "\(target)(\(Expr.describe(arguments)))"
    case .range(let start, let step, let stop):
      return "(\(start):" + (step.map { "\($0):" } ?? "") + "\(stop))"
    case .all: return ":"
    case .member(let target, let name, _): return "\(target).\(name)"
    case .negate(let operand): return "(-\(operand))"
    case .binary(let op, let lhs, let rhs, _): return "(\(lhs) \(op.rawValue) \(rhs))"
    case .transpose(let operand): return "\(operand)'"
    }
  }

  private static func describe(_ arguments: [CallArgument]) -> String {
    arguments.map { ($0.label.map { "\($0)=" } ?? "") + $0.value.description }
      .joined(separator: ", ")
  }
}
