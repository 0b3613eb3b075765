// Tensors built from a shape (zeros, ones, seeded uniform and normal draws) and combined entry by
// entry. Operands of different shapes meet under `Broadcast` (NumPy's rule, aligned at the last
// dimension), with one addition for activations: a vector of C entries against a tensor of rank
// 3 or 4 whose axis 1 has C channels is read as one value per channel (shape 1×C×1×…), as
// PyTorch's per-channel γ and β are.

extension Tensor {
  /// The tensor of `shape` whose entry at row-major index k is `entry(k)`, computed in
  /// increasing k. The size is checked against `limit` before anything is allocated, and
  /// `Interruption` is polled every 2¹⁶ entries. O(count) calls of `entry`.
  /// - Throws: `invalidArgument` for a bad shape, `tensorTooLarge` beyond `limit`; `interrupted`.
  @inlinable
  public static func generated(
    _ shape: [Int], limit: Int = Matrix.defaultElementLimit, _ entry: (Int) throws -> Double
  ) throws -> Tensor {
    let count = try checkedCount(shape, limit: limit)
    let elements = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = 0
      try Matrix.inChunks(count) { range in
        for k in range { (buffer.baseAddress! + k).initialize(to: try entry(k)) }
        initialized = range.upperBound
      }
    }
    return try Tensor(shape: shape, elements: elements)
  }

  /// The tensor of `shape` filled with `value` (zeros, ones).
  /// - Throws: as `generated`.
  public static func filled(_ shape: [Int], _ value: Double, limit: Int = Matrix.defaultElementLimit)
    throws -> Tensor
  {
    try generated(shape, limit: limit) { _ in value }
  }

  /// Independent U[0, 1) draws in row-major order, the same stream `Matrix.rand` reads.
  /// - Throws: as `generated`.
  public static func rand(
    _ shape: [Int], using rng: inout RandomSource, limit: Int = Matrix.defaultElementLimit
  ) throws -> Tensor {
    try generated(shape, limit: limit) { _ in rng.uniform() }
  }

  /// Independent N(0, 1) draws in row-major order, the same stream `Matrix.randn` reads.
  /// - Throws: as `generated`.
  public static func randn(
    _ shape: [Int], using rng: inout RandomSource, limit: Int = Matrix.defaultElementLimit
  ) throws -> Tensor {
    try generated(shape, limit: limit) { _ in rng.normal() }
  }

  /// The shape under which `operand` combines with a tensor of shape `other`: a vector (every
  /// size but one equal to 1) of C entries facing a rank-3 or rank-4 `other` with C channels on
  /// axis 1 becomes 1×C×1(×1); any other shape is kept.
  public static func channelShape(_ operand: [Int], facing other: [Int]) -> [Int] {
    let count = operand.reduce(1, *)
    guard other.count >= 3, operand.count <= 2, count == other[1], count > 1,
      operand.filter({ $0 != 1 }).count == 1
    else { return operand }
    var shape = [Int](repeating: 1, count: other.count)
    shape[1] = count
    return shape
  }

  /// `f(a, b)` entry by entry, broadcasting as the file's header says. The result's precision
  /// is `.double`. O(count of the result).
  /// - Throws: `tensorShapeMismatch(op:lhs:rhs:)` (with the shapes as written) when the shapes
  ///   do not broadcast; `tensorTooLarge` beyond `limit` (before allocating); `interrupted`.
  @inlinable
  public func elementwise(
    _ other: Tensor, op: String, limit: Int = Matrix.defaultElementLimit,
    _ f: (Double, Double) -> Double
  ) throws -> Tensor {
    let lhsShape = Tensor.channelShape(shape, facing: other.shape)
    let rhsShape = Tensor.channelShape(other.shape, facing: shape)
    guard let target = Broadcast.shape(lhsShape, rhsShape) else {
      throw MatrixError.tensorShapeMismatch(op: op, lhs: shape, rhs: other.shape)
    }
    let lhs = elements, rhs = other.elements
    if lhsShape == target && rhsShape == target {
      return try Tensor.generated(target, limit: limit) { k in f(lhs[k], rhs[k]) }
    }
    let a = Broadcast.strides(of: lhsShape, in: target)
    let b = Broadcast.strides(of: rhsShape, in: target)
    let outer = Tensor.strides(of: target)
    return try Tensor.generated(target, limit: limit) { k in
      var rest = k, i = 0, j = 0
      for d in 0 ..< target.count {
        let (q, r) = rest.quotientAndRemainder(dividingBy: outer[d])
        i += q * a[d]
        j += q * b[d]
        rest = r
      }
      return f(lhs[i], rhs[j])
    }
  }

  /// `f` applied to every entry, keeping the shape; the precision becomes `.double`.
  /// Polls `Interruption` every 2¹⁶ entries. O(count).
  /// - Throws: `interrupted`.
  @inlinable
  public func mapped(_ f: (Double) -> Double) throws -> Tensor {
    var result = self
    result.precision = .double
    try Matrix.mapInChunks(&result.elements, f)
    return result
  }
}
