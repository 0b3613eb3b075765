// The syntax tree of a statement: expressions, assignments and commands, each node keeping the
// source range a diagnostic points at.

/// A binary operator.
public enum BinaryOperator: String, Sendable, Equatable {
  /// `+`: sum (element-wise, a scalar broadcasts).
  case add = "+"
  /// `-`: difference (element-wise, a scalar broadcasts).
  case subtract = "-"
  /// `*`: matrix product, or scaling when a side is a scalar.
  case multiply = "*"
  /// `/`: division by a scalar.
  case divide = "/"
  /// `.*`: element-wise product (broadcasting).
  case elementwiseMultiply = ".*"
  /// `./`: element-wise quotient (broadcasting).
  case elementwiseDivide = "./"
  /// `^`: a number's power, or a square matrix's integer power W·W·…·W.
  case power = "^"
  /// `.^`: element-wise power (broadcasting).
  case elementwisePower = ".^"
}

/// An expression with its source range (clipped to the line it starts on).
public struct Expr: Equatable, Sendable {
  /// What the expression is.
  public enum Kind: Equatable, Sendable {
    /// A number literal.
    case number(Double)
    /// A string literal (without its quotes).
    case string(String)
    /// A variable (or, bare, a misused function) name.
    case name(String)
    /// A matrix literal: rows of elements, each a scalar or a block.
    case matrix([[Expr]])
    /// Numbers written side by side in a row of a matrix literal (`1 -2 3.5`), each a 1×1
    /// block: the parser gathers them so that a long literal holds 8 bytes per number, not a
    /// node. The range is the first number's.
    case numbers([Double])
    /// A call `f(a, b, key=value)`; `nameRange` is the function name's range.
    indirect case call(name: String, nameRange: SourceRange, arguments: [CallArgument])
    /// Unary minus.
    indirect case negate(Expr)
    /// `lhs op rhs`; `operatorRange` is where the operator was written.
    indirect case binary(BinaryOperator, Expr, Expr, operatorRange: SourceRange)
    /// Postfix `'`.
    indirect case transpose(Expr)
    /// `start:stop` or `start:step:stop`, the row vector start, start + step, … up to stop.
    indirect case range(start: Expr, step: Expr?, stop: Expr)
    /// A lone `:` inside an index: every position along that dimension.
    case all
    /// `value(a, b)` applied to a value that is not a function name: indexing a matrix,
    /// evaluating a critic.
    indirect case apply(Expr, arguments: [CallArgument])
    /// `value.name`: a member of an object (`p.sigma`); `nameRange` covers `.name`.
    indirect case member(Expr, name: String, nameRange: SourceRange)
  }

  /// The node.
  public let kind: Kind
  /// The whole expression's range on its first line.
  public let range: SourceRange
  /// The length of the longest path to a leaf (1 for a leaf). The parser bounds it so that
  /// the recursive walks over a tree (evaluation, printing) cannot exhaust the stack.
  public let height: Int

  /// Creates a node. Cost: O(number of children).
  public init(_ kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
    switch kind {
    case .number, .numbers, .string, .name, .all: height = 1
    case .matrix(let rows): height = 1 + rows.joined().map(\.height).reduce(0, max)
    case .call(_, _, let arguments): height = 1 + arguments.map(\.value.height).reduce(0, max)
    case .negate(let operand), .transpose(let operand), .member(let operand, _, _):
      height = 1 + operand.height
    case .range(let start, let step, let stop):
      height = 1 + max(start.height, step?.height ?? 0, stop.height)
    case .apply(let target, let arguments):
      height = 1 + max(target.height, arguments.map(\.value.height).reduce(0, max))
    case .binary(_, let lhs, let rhs, _): height = 1 + max(lhs.height, rhs.height)
    }
  }
}

/// One argument of a call: positional (`label == nil`) or named (`seed=7`).
public struct CallArgument: Equatable, Sendable {
  /// The name before `=`, for a named argument.
  public var label: String?
  /// Where the label was written.
  public var labelRange: SourceRange?
  /// The argument's value.
  public var value: Expr
}

/// One argument of a command, split at whitespace at bracket depth 0: positional or `key=value`.
public struct CommandArgument: Equatable, Sendable {
  /// The key before `=`, for an option.
  public var key: String?
  /// Where the key was written.
  public var keyRange: SourceRange?
  /// The value's text exactly as written (for an option, the part after `=`).
  public var text: String
  /// Where the value was written.
  public var range: SourceRange
  /// Offsets of the value in the statement text (to parse it as an expression on demand).
  var offsets: Range<Int>
}

/// A parsed statement.
public enum Statement: Equatable, Sendable {
  /// A blank line or a comment.
  case empty
  /// `name = expr`.
  case assignment(name: String, nameRange: SourceRange, value: Expr)
  /// A bare expression, whose value is printed.
  case expression(Expr)
  /// `verb args key=value …`.
  case command(name: String, nameRange: SourceRange, arguments: [CommandArgument])
}
