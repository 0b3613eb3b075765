// Matrix arithmetic: sums, scalar multiples, the matrix product, the element-wise product, the
// transpose and the two matrix–vector products W v and Wᵀ u.
//
// Every operation that can receive operands of the wrong shape throws
// `MatrixError.shapeMismatch(op:lhs:rhs:)` naming both shapes; nothing here traps on user input.
// The products go through `Kernels`, so they are as fast as the kernels are.

extension Matrix {
  /// Combines two matrices entry by entry under the broadcasting rule (`Broadcast`): equal
  /// shapes, or a size of 1 in a dimension repeated along it (a row vector over every row, a
  /// column over every column, a 1×1 over everything). `op` names the operation in errors.
  /// O(mn) calls of `f`, polling `Interruption` as `generated` does.
  /// - Throws: `shapeMismatch(op:)` when the shapes do not broadcast; `tooLarge` when the
  ///   broadcast result would exceed `limit` elements; `interrupted`.
  @inlinable
  public func elementwise(
    _ other: Matrix, op: String, limit: Int = defaultElementLimit, _ f: (Double, Double) -> Double
  ) throws -> Matrix {
    if shape == other.shape {
      _ = try Matrix.checkedShape(rows, columns, limit: limit)
      var result = self
      result.precision = .double
      try result.elements.withUnsafeMutableBufferPointer { r in
        try other.elements.withUnsafeBufferPointer { o in
          try Matrix.inChunks(r.count) { range in
            for i in range { r[i] = f(r[i], o[i]) }
          }
        }
      }
      return result
    }
    guard let target = Broadcast.shape([rows, columns], [other.rows, other.columns]) else {
      throw MatrixError.shapeMismatch(op: op, lhs: shape, rhs: other.shape)
    }
    let a = Broadcast.strides(of: [rows, columns], in: target)
    let b = Broadcast.strides(of: [other.rows, other.columns], in: target)
    let lhs = elements, rhs = other.elements, n = target[1]
    return try Matrix.generated(target[0], n, limit: limit) { k in
      let (i, j) = k.quotientAndRemainder(dividingBy: n)
      return f(lhs[i * a[0] + j * a[1]], rhs[i * b[0] + j * b[1]])
    }
  }

  /// The sum `lhs + rhs`. O(mn).
  /// - Throws: `shapeMismatch(op: "+")` when the shapes differ.
  @inlinable
  public static func + (lhs: Matrix, rhs: Matrix) throws -> Matrix {
    try lhs.elementwise(rhs, op: "+", +)
  }

  /// The difference `lhs − rhs`. O(mn).
  /// - Throws: `shapeMismatch(op: "-")` when the shapes differ.
  @inlinable
  public static func - (lhs: Matrix, rhs: Matrix) throws -> Matrix {
    try lhs.elementwise(rhs, op: "-", -)
  }

  /// The negation `−m`. O(mn).
  @inlinable
  public static prefix func - (m: Matrix) -> Matrix {
    m.map { -$0 }
  }

  /// The matrix product `lhs · rhs` (m×k times k×n gives m×n), computed by `Kernels.gemm`.
  ///
  /// O(mkn). An empty inner dimension gives the zero matrix.
  /// - Throws: `shapeMismatch(op: "*")` when `lhs.columns != rhs.rows`; `tooLarge` when the
  ///   m×n result would exceed `defaultElementLimit` (an outer product of two long vectors),
  ///   before allocating it; `interrupted` when an interruption is requested (see `Interruption`) (polled
  ///   between panels of about 2³⁰ multiply–adds).
  public static func * (lhs: Matrix, rhs: Matrix) throws -> Matrix {
    // NOTE: a large product runs as panels of rows, so that an interruption is noticed within
    // a fraction of a second; each row of C is computed the same way either way.
    try product(lhs, rhs, panelRows: Swift.max(64, (1 << 30) / Swift.max(lhs.columns * rhs.columns, 1)))
  }

  /// `lhs · rhs` (or `lhs · rhsᵀ` when `transposingRight`) computed `panelRows` rows of the
  /// result at a time, polling `Interruption` before each panel (internal; `*` and `spectrum`
  /// pick the panel size). Each row of the result is computed the same way for any panel size.
  static func product(
    _ lhs: Matrix, _ rhs: Matrix, transposingRight: Bool = false, panelRows panel: Int
  ) throws -> Matrix {
    let (m, n, k) = (lhs.rows, transposingRight ? rhs.rows : rhs.columns, lhs.columns)
    guard k == (transposingRight ? rhs.columns : rhs.rows) else {
      throw MatrixError.shapeMismatch(op: "*", lhs: lhs.shape, rhs: rhs.shape)
    }
    _ = try checkedShape(m, n)
    var result = Matrix(rows: m, columns: n)
    guard m > 0, n > 0, k > 0 else { return result }
    try result.elements.withUnsafeMutableBufferPointer { c in
      try lhs.elements.withUnsafeBufferPointer { a in
        try rhs.elements.withUnsafeBufferPointer { b in
          var start = 0
          while start < m {
            try Interruption.checkpoint()
            let rows = Swift.min(panel, m - start)
            Kernels.gemm(
              transA: false, transB: transposingRight, m: rows, n: n, k: k, alpha: 1,
              a.baseAddress! + start * k, lda: k, b.baseAddress!, ldb: rhs.columns,
              beta: 0, c.baseAddress! + start * n, ldc: n)
            start += rows
          }
        }
      }
    }
    return result
  }

  /// The scalar multiple `lhs · rhs`. O(mn).
  @inlinable
  public static func * (lhs: Double, rhs: Matrix) -> Matrix {
    rhs.map { lhs * $0 }
  }

  /// The scalar multiple `lhs · rhs`. O(mn).
  @inlinable
  public static func * (lhs: Matrix, rhs: Double) -> Matrix {
    lhs.map { $0 * rhs }
  }

  /// Every entry divided by `rhs` (IEEE division: dividing by 0 gives ±∞ or NaN). O(mn).
  @inlinable
  public static func / (lhs: Matrix, rhs: Double) -> Matrix {
    lhs.map { $0 / rhs }
  }

  /// The element-wise (Hadamard) product. O(mn).
  /// - Throws: `shapeMismatch(op: ".*")` when the shapes differ.
  @inlinable
  public func hadamard(_ other: Matrix) throws -> Matrix {
    try elementwise(other, op: ".*", *)
  }

  /// The transpose Wᵀ (n×m), with W's `precision`. O(mn), blocked so both sides stay in cache.
  public func transposed() -> Matrix {
    var result = Matrix(rows: columns, columns: rows)
    result.precision = precision
    let (m, n) = (rows, columns)
    let block = 32
    result.elements.withUnsafeMutableBufferPointer { t in
      elements.withUnsafeBufferPointer { a in
        for i0 in stride(from: 0, to: m, by: block) {
          for j0 in stride(from: 0, to: n, by: block) {
            for i in i0 ..< Swift.min(i0 + block, m) {
              for j in j0 ..< Swift.min(j0 + block, n) { t[j * m + i] = a[i * n + j] }
            }
          }
        }
      }
    }
    return result
  }

  /// The matrix–vector product W v (an m-vector), computed by `Kernels.gemv`. O(mn).
  /// - Throws: `shapeMismatch(op: "Wv", lhs: shape, rhs: v.count×1)` when `v.count != columns`.
  public func times(_ v: [Double]) throws -> [Double] {
    guard v.count == columns else {
      throw MatrixError.shapeMismatch(op: "Wv", lhs: shape, rhs: Shape(v.count, 1))
    }
    var y = [Double](repeating: 0, count: rows)
    guard rows > 0, columns > 0 else { return y }
    y.withUnsafeMutableBufferPointer { yp in
      elements.withUnsafeBufferPointer { w in
        v.withUnsafeBufferPointer { x in
          Kernels.gemv(w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: yp.baseAddress!)
        }
      }
    }
    return y
  }

  /// The transposed matrix–vector product Wᵀ u (an n-vector), by `Kernels.gemvTransposed`.
  /// O(mn).
  /// - Throws: `shapeMismatch(op: "Wᵀu", lhs: shape, rhs: u.count×1)` when `u.count != rows`.
  public func transposeTimes(_ u: [Double]) throws -> [Double] {
    guard u.count == rows else {
      throw MatrixError.shapeMismatch(op: "Wᵀu", lhs: shape, rhs: Shape(u.count, 1))
    }
    var y = [Double](repeating: 0, count: columns)
    guard rows > 0, columns > 0 else { return y }
    y.withUnsafeMutableBufferPointer { yp in
      elements.withUnsafeBufferPointer { w in
        u.withUnsafeBufferPointer { x in
          Kernels.gemvTransposed(
            w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: yp.baseAddress!)
        }
      }
    }
    return y
  }

  /// The matrix with `f` applied to every entry. O(mn) calls of `f`. (For user-sized work that
  /// must answer an interruption, see `applying(_:)`.)
  @inlinable
  public func map(_ f: (Double) -> Double) -> Matrix {
    var result = self
    result.precision = .double
    result.elements.withUnsafeMutableBufferPointer { r in
      for i in 0 ..< r.count { r[i] = f(r[i]) }
    }
    return result
  }
}
