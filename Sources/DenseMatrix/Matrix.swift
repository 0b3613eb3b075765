// The dense matrix at the centre of liplab: row-major Double storage and its shape.
//
// `Matrix` is a value type (copy-on-write through its `[Double]` storage). It never prints and
// never reads files; everything a user can get wrong is reported by throwing `MatrixError`.

import NumberText

/// The shape of a matrix, printed as `3×2`.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
  /// Number of rows (m).
  public var rows: Int
  /// Number of columns (n).
  public var columns: Int

  /// Creates the shape `rows×columns`.
  public init(_ rows: Int, _ columns: Int) {
    self.rows = rows
    self.columns = columns
  }

  /// `rows × columns`.
  public var count: Int { rows * columns }

  /// The shape as `m×n`, e.g. `3×2`, the form diagnostics print.
  public var description: String { "\(rows)×\(columns)" }
}

/// Everything the dense-matrix core can refuse. Each case carries what a diagnostic needs.
public enum MatrixError: Error, Equatable, Sendable {
  /// The shapes of the operands of `op` (`"+"`, `"*"`, `".*"`, `"Wv"`, …) do not fit together.
  case shapeMismatch(op: String, lhs: Shape, rhs: Shape)
  /// The shapes of two tensor operands of `op` (`"+"`, `".*"`, `"batchnorm"`, …) do not fit
  /// together; the shapes as the operands have them.
  case tensorShapeMismatch(op: String, lhs: [Int], rhs: [Int])
  /// A requested matrix has more elements than the size cap allows; nothing was allocated.
  case tooLarge(rows: Int, columns: Int, limit: Int)
  /// A requested tensor has more elements than the size cap allows (or their count overflows);
  /// nothing was allocated.
  case tensorTooLarge(shape: [Int], limit: Int)
  /// An argument is outside its domain; the string says which and why, e.g. `"n must be ≥ 1"`.
  case invalidArgument(String)
  /// The operation needs finite entries and found NaN or ±∞.
  case nonFinite(op: String)
  /// An interruption was requested (see `Interruption`); the computation stopped and returned
  /// nothing.
  case interrupted
}

extension Double {
  /// The number as liplab's messages show it: whole numbers without a trailing ".0", Inf, -Inf
  /// and NaN as liplab prints them, anything else in Swift's shortest round-trip form.
  public var messageText: String { NumberText.message(self) }
}

/// A dense real matrix, stored row-major: element (i, j) is `elements[i * columns + j]`.
///
/// Vectors are plain `[Double]`; an n-vector used as a matrix is n×1.
public struct Matrix: Equatable, Sendable {
  /// Equal shapes and equal entries; `precision` does not take part.
  public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
    lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.elements == rhs.elements
  }

  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The entries, row after row; `elements.count == rows * columns`.
  public var elements: [Double]
  /// The format the entries came from (`.double` unless a reader of single-precision data set
  /// it); rank's default tolerance and the rounding level use its ε.
  ///
  /// Kept by what keeps the entries: copies, `transposed()` and the notebook's indexing and
  /// slicing (`selecting`). Every operation that computes new values (arithmetic, `map`,
  /// `elementwise`, reductions, powers) and every constructor gives `.double`. Not part of `==`: two matrices are
  /// equal when their shapes and entries are.
  public var precision: ElementPrecision = .double

  /// The default cap on the number of elements of a matrix a user may request (2²⁸ ≈ 2.7e8,
  /// 2 GiB of Doubles). Callers pass their own cap to the constructors to change it.
  public static let defaultElementLimit = 1 << 28

  /// A `rows×columns` matrix filled with `value`. Trusted sizes only: user-requested sizes go
  /// through `checkedShape(_:_:limit:)` first.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.rows = rows
    self.columns = columns
    self.elements = [Double](repeating: value, count: rows * columns)
  }

  /// A `rows×columns` matrix with the given row-major entries.
  /// - Throws: `MatrixError.invalidArgument` when `elements.count != rows * columns`.
  public init(rows: Int, columns: Int, elements: [Double]) throws {
    guard rows >= 0, columns >= 0, elements.count == rows * columns else {
      throw MatrixError.invalidArgument(
        "\(elements.count) entries do not fill a \(rows)×\(columns) matrix")
    }
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from its rows, e.g. `Matrix([[1, 2], [3, 4]])`.
  /// - Throws: `MatrixError.invalidArgument` when the rows have different lengths.
  public init(_ rowArrays: [[Double]]) throws {
    let n = rowArrays.first?.count ?? 0
    for (i, row) in rowArrays.enumerated() where row.count != n {
      throw MatrixError.invalidArgument("row \(i + 1) has \(row.count) entries, row 1 has \(n)")
    }
    try self.init(rows: rowArrays.count, columns: n, elements: rowArrays.flatMap { $0 })
  }

  /// An n×1 column matrix holding `vector`.
  public init(column vector: [Double]) {
    self.rows = vector.count
    self.columns = 1
    self.elements = vector
  }

  /// The shape `rows×columns`.
  public var shape: Shape { Shape(rows, columns) }

  /// True for a matrix with one column or one row.
  public var isVector: Bool { rows == 1 || columns == 1 }

  /// Element (i, j), zero-based. Indices are not checked in release builds: callers own them.
  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get { elements[i * columns + j] }
    set { elements[i * columns + j] = newValue }
  }

  /// Row i as an array (a copy).
  public func row(_ i: Int) -> [Double] {
    Array(elements[i * columns ..< (i + 1) * columns])
  }

  /// Column j as an array (a copy).
  public func column(_ j: Int) -> [Double] {
    (0 ..< rows).map { elements[$0 * columns + j] }
  }

  /// Validates a user-requested shape before anything is allocated.
  ///
  /// Each dimension is capped as well as their product: an empty 0×10¹⁵ matrix holds nothing,
  /// but its column sums or its transpose's work would.
  /// - Throws: `invalidArgument` for a negative dimension, `tooLarge` past `limit` elements or
  ///   a dimension past `limit` (overflow-safe).
  public static func checkedShape(_ rows: Int, _ columns: Int, limit: Int = defaultElementLimit)
    throws -> Shape
  {
    guard rows >= 0, columns >= 0 else {
      throw MatrixError.invalidArgument("dimensions must be ≥ 0, got \(rows)×\(columns)")
    }
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, count <= limit, rows <= limit, columns <= limit else {
      throw MatrixError.tooLarge(rows: rows, columns: columns, limit: limit)
    }
    return Shape(rows, columns)
  }

  /// True when every entry is finite.
  public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

  /// True when both matrices have the same shape and every pair of entries differs by at most
  /// `absolute + relative · max(|a|, |b|)`. Not transitive; meant for tests and checks.
  public func isApproximatelyEqual(
    to other: Matrix, relative: Double = 1e-12, absolute: Double = 0
  ) -> Bool {
    guard shape == other.shape else { return false }
    for (a, b) in zip(elements, other.elements) {
      if !(abs(a - b) <= absolute + relative * max(abs(a), abs(b))) { return false }
    }
    return true
  }
}
