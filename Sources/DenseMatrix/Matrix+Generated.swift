// Building a matrix entry by entry from a rule, the one way user-sized matrices are filled
// (constructors, element-wise functions, broadcast arithmetic): the size is checked against the
// element limit before anything is allocated, and `Interruption` is polled between chunks of
// entries, so that Ctrl-C stops even `hilbert(15000)` within a few milliseconds.

extension Matrix {
  /// Entries filled between two interruption checkpoints: 2¹⁶, well under a millisecond of work
  /// in a release build, a few in a debug build.
  @usableFromInline
  static let checkpointInterval = 1 << 16

  /// Runs `body` over `0..<count` in consecutive chunks of `checkpointInterval` indices, polling
  /// `Interruption` before each chunk. O(count) plus the checks.
  /// - Throws: `interrupted` (see `Interruption`); the chunks done so far stay done.
  @inlinable
  static func inChunks(_ count: Int, _ body: (Range<Int>) throws -> Void) throws {
    var start = 0
    while start < count {
      try Interruption.checkpoint()
      let end = Swift.min(count, start + checkpointInterval)
      try body(start ..< end)
      start = end
    }
  }

  /// The m×n matrix whose entry at row-major index k = i·n + j is `entry(k)`, computed in
  /// increasing k. O(mn) calls of `entry`.
  /// - Throws: `invalidArgument` for negative sizes, `tooLarge` beyond `limit` elements (before
  ///   allocating); `interrupted` (see `Interruption`), returning nothing.
  @inlinable
  public static func generated(
    _ m: Int, _ n: Int, limit: Int = defaultElementLimit, _ entry: (Int) throws -> Double
  ) throws -> Matrix {
    let shape = try checkedShape(m, n, limit: limit)
    let count = shape.rows * shape.columns
    let elements = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = 0
      try inChunks(count) { range in
        for k in range { (buffer.baseAddress! + k).initialize(to: try entry(k)) }
        initialized = range.upperBound
      }
    }
    return try Matrix(rows: shape.rows, columns: shape.columns, elements: elements)
  }

  /// The matrix with `f` applied to every entry, polling `Interruption` between chunks. O(mn).
  /// - Throws: `interrupted` (see `Interruption`), returning nothing.
  @inlinable
  func mappedInChunks(_ f: (Double) -> Double) throws -> Matrix {
    var result = self
    result.precision = .double
    try Matrix.mapInChunks(&result.elements, f)
    return result
  }

  /// Replaces every entry x of `elements` by f(x), polling `Interruption` between chunks (the
  /// matrices' and the tensors' element-wise maps). O(count).
  /// - Throws: `interrupted`; the chunks done so far stay done.
  @inlinable
  static func mapInChunks(_ elements: inout [Double], _ f: (Double) -> Double) throws {
    try elements.withUnsafeMutableBufferPointer { r in
      try inChunks(r.count) { range in
        for i in range { r[i] = f(r[i]) }
      }
    }
  }
}
