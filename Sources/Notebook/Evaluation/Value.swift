// What a notebook variable holds and an expression evaluates to.

import DenseMatrix

/// A value: a number, a string, a matrix, a tensor of rank 3 or 4, or an object (a
/// power-iteration tracker, a critic, …).
///
/// A 1×1 matrix counts as a number wherever a number is expected, and as a scalar in arithmetic.
/// A tensor of rank 1 or 2 is held as a matrix (`init(_:)` makes that choice), so `.tensor`
/// always has rank 3 or 4.
public enum Value: Sendable {
  /// A real number.
  case number(Double)
  /// A string (file names, labels).
  case string(String)
  /// A dense matrix.
  case matrix(Matrix)
  /// A dense tensor of rank 3 or 4 (activations N×C×L or N×C×H×W, a convolution kernel).
  case tensor(Tensor)
  /// Any other kind of value; see `NotebookObject`.
  case object(any NotebookObject)

  /// The tensor as a value: a matrix when its rank is 1 (an n×1 column) or 2, else `.tensor`.
  public init(_ tensor: Tensor) {
    self = tensor.matrix.map(Value.matrix) ?? .tensor(tensor)
  }

  /// The value as a tensor, when it is a matrix (rank 2), a number (1×1) or a tensor.
  public var tensor: Tensor? {
    switch self {
    case .tensor(let t): return t
    default: return matrix.map(Tensor.init)
    }
  }

  /// The kind as users read it: `number`, `string`, `matrix`, `tensor`, or the object's `typeName`.
  public var typeName: String {
    switch self {
    case .number: return "number"
    case .string: return "string"
    case .matrix: return "matrix"
    case .tensor: return "tensor"
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
    case .tensor(let t): return t.elements.count
    case .object(let object): return object.elementCount
    }
  }

  /// A description of the kind for error messages: `a number`, `a 2×3 matrix`, `a power`.
  public var article: String {
    switch self {
    case .number: return "a number"
    case .string: return "a string"
    case .matrix(let m): return "a \(m.shape) matrix"
    case .tensor(let t): return "a \(t.shapeText) tensor"
    case .object(let object): return "a \(object.typeName)"
    }
  }
}
