// A dense real array of rank 1 to 4: a batch of activations (N×C×L, N×C×H×W), a convolution's
// kernel (c_out×c_in×k, c_out×c_in×k×k), a weight read from a model file. Row-major Double
// storage, as `Matrix`; a rank-2 tensor is a matrix (`matrix`, `init(_ matrix:)`).

/// A dense real tensor of rank 1…4, stored row-major: the last index varies fastest, and entry
/// (i₁, …, i_r) is `elements[i₁·s₁ + … + i_r·s_r]` with the strides `strides`.
public struct Tensor: Equatable, Sendable {
  /// Equal shapes and equal entries; `precision` does not take part.
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    lhs.shape == rhs.shape && lhs.elements == rhs.elements
  }

  /// The largest rank a tensor may have.
  public static let maximumRank = 4

  /// The size of each dimension, outermost first; every size is ≥ 1, 1 ≤ rank ≤ 4.
  public let shape: [Int]
  /// The entries in row-major order; `elements.count` is the product of `shape`.
  public var elements: [Double]
  /// The format the entries came from, as for `Matrix.precision`.
  public var precision: ElementPrecision = .double

  /// The number of dimensions, 1…4.
  public var rank: Int { shape.count }

  /// The row-major strides: the last is 1, each other the product of the sizes after it.
  public var strides: [Int] { Tensor.strides(of: shape) }

  /// The shape as diagnostics print it, `8×4×5×5`.
  public var shapeText: String { Tensor.text(of: shape) }

  /// A tensor of `shape` holding `elements` in row-major order.
  /// - Throws: `MatrixError.invalidArgument` when the rank is not 1…4, a size is below 1, or the
  ///   element count is not the product of the sizes.
  public init(shape: [Int], elements: [Double]) throws(MatrixError) {
    let count = try Tensor.checkedCount(shape, limit: .max)
    guard elements.count == count else {
      throw .invalidArgument(
        "a \(Tensor.text(of: shape)) tensor needs \(count) entries, got \(elements.count)")
    }
    self.shape = shape
    self.elements = elements
  }

  /// A tensor of `shape` filled with `value`. Trusted sizes only: user-requested shapes go
  /// through `checkedCount(_:limit:)` first.
  public init(shape: [Int], repeating value: Double = 0) {
    precondition((1 ... Tensor.maximumRank).contains(shape.count) && shape.allSatisfy { $0 >= 1 })
    self.shape = shape
    self.elements = [Double](repeating: value, count: shape.reduce(1, *))
  }

  /// The matrix as a rank-2 tensor of shape rows×columns (its precision kept).
  public init(_ matrix: Matrix) {
    self.shape = [matrix.rows, matrix.columns]
    self.elements = matrix.elements
    self.precision = matrix.precision
  }

  /// The tensor as a matrix when its rank is 1 (an n×1 column) or 2, else nil; the precision is
  /// kept.
  public var matrix: Matrix? {
    guard rank <= 2 else { return nil }
    guard var m = try? Matrix(rows: shape[0], columns: rank == 2 ? shape[1] : 1, elements: elements)
    else { return nil }
    m.precision = precision
    return m
  }

  /// The entry at `index` (one 0-based index per dimension). O(rank).
  public subscript(index: [Int]) -> Double {
    get { elements[offset(of: index)] }
    set { elements[offset(of: index)] = newValue }
  }

  /// The position in `elements` of the entry at the 0-based `index`.
  public func offset(of index: [Int]) -> Int {
    precondition(index.count == rank)
    var offset = 0
    for d in 0 ..< rank {
      precondition(index[d] >= 0 && index[d] < shape[d])
      offset = offset * shape[d] + index[d]
    }
    return offset
  }

  /// The same entries in the same row-major order under another shape of equal element count
  /// (NumPy's and PyTorch's `reshape`); the precision is kept. O(1) until written.
  /// - Throws: `MatrixError.invalidArgument` when the counts differ or the shape is not valid.
  public func reshaped(_ newShape: [Int]) throws(MatrixError) -> Tensor {
    let count = try Tensor.checkedCount(newShape, limit: .max)
    guard count == elements.count else {
      throw .invalidArgument(
        "cannot reshape a \(shapeText) tensor (\(elements.count) entries) to \(Tensor.text(of: newShape)) (\(count) entries)")
    }
    var result = try Tensor(shape: newShape, elements: elements)
    result.precision = precision
    return result
  }

  /// The number of entries of a tensor of `shape`, checked before anything is allocated.
  /// - Throws: `MatrixError.invalidArgument` for a rank outside 1…4 or a size below 1,
  ///   `MatrixError.tensorTooLarge` when the product overflows or exceeds `limit`.
  public static func checkedCount(_ shape: [Int], limit: Int) throws(MatrixError) -> Int {
    guard (1 ... maximumRank).contains(shape.count) else {
      throw .invalidArgument("a tensor has 1 to \(maximumRank) dimensions, not \(shape.count)")
    }
    if let bad = shape.firstIndex(where: { $0 < 1 }) {
      throw .invalidArgument("dimension \(bad + 1) of a tensor must be at least 1, got \(shape[bad])")
    }
    var count = 1
    for size in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow, product <= limit else {
        throw .tensorTooLarge(shape: shape, limit: limit)
      }
      count = product
    }
    return count
  }

  /// The row-major strides of `shape`.
  public static func strides(of shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[d] = step
      step *= shape[d]
    }
    return strides
  }

  /// `shape` as diagnostics print it: the sizes joined by `×`.
  public static func text(of shape: [Int]) -> String {
    shape.map(String.init).joined(separator: "×")
  }
}
