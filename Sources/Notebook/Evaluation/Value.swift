// What a notebook variable holds and an expression evaluates to.

import DenseMatrix

/// A value: a number, a string, a matrix or an object (a power-iteration tracker, a critic, …).
///
/// A 1×1 matrix counts as a number wherever a number is expected, and as a scalar in arithmetic.
public enum Value: Sendable {
  /// A real number.
  case number(Double)
  /// A string (file names, labels).
  case string(String)
  /// A dense matrix.
  case matrix(Matrix)
  /// Any other kind of value; see `NotebookObject`.
  case object(any NotebookObject)

  /// The kind as users read it: `number`, `string`, `matrix`, or the object's `typeName`.
  public var typeName: String {
    switch self {
    case .number: return "number"
    case .string: return "string"
    case .matrix: return "matrix"
    case .object(let object): return object.typeName
    }
  }

  /// The value as a number, when it is one (or a 1×1 matrix).
  public var scalar: Double? {
    switch self {
    case .number(let x): return x
    case .matrix(let m) where m.rows == 1 && m.columns == 1: return m.elements[0]
    default: return nil
    }
  }

  /// The value as a matrix, when it is one; a number is a 1×1 matrix.
  public var matrix: Matrix? {
    switch self {
    case .number(let x): return Matrix(column: [x])
    case .matrix(let m): return m
    default: return nil
    }
  }

  /// The doubles the value holds, as the memory budget counts them.
  public var elementCount: Int {
    switch self {
    case .number, .string: return 1
    case .matrix(let m): return m.elements.count
    case .object(let object): return object.elementCount
    }
  }

  /// A description of the kind for error messages: `a number`, `a 2×3 matrix`, `a power`.
  public var article: String {
    switch self {
    case .number: return "a number"
    case .string: return "a string"
    case .matrix(let m): return "a \(m.shape) matrix"
    case .object(let object): return "a \(object.typeName)"
    }
  }
}
