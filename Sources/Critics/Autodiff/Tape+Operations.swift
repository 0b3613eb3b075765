// The public operations of a `Tape`: one method per primitive, each checking shapes when the
// graph is built (throwing `MatrixError.shapeMismatch`) and recording the node.

import DenseMatrix

extension Tape {
  private func requireSameShape(_ op: String, _ a: Variable, _ b: Variable) throws {
    guard shape(a) == shape(b) else {
      throw MatrixError.shapeMismatch(op: op, lhs: shape(a), rhs: shape(b))
    }
  }

  private func unary(_ p: any Primitive, _ x: Variable, differentiable: Bool = true) -> Variable {
    let s = shape(x)
    return record(p, [x], rows: s.rows, columns: s.columns, differentiable: differentiable)
  }

  /// A·B, or A·Bᵀ with `transposeRight` (a layer `x Wᵀ` for W stored out×in). O(mnk).
  public func matmul(
    _ a: Variable, _ b: Variable, transposeRight: Bool = false
  ) throws -> Variable {
    let (sa, sb) = (shape(a), shape(b))
    let (inner, n) = transposeRight ? (sb.columns, sb.rows) : (sb.rows, sb.columns)
    guard sa.columns == inner else {
      throw MatrixError.shapeMismatch(op: transposeRight ? "*ᵀ" : "*", lhs: sa, rhs: sb)
    }
    return record(MatrixProduct(transposeRight: transposeRight), [a, b], rows: sa.rows, columns: n)
  }

  /// X·Wᵀ + b for an m×k batch X, an n×k weight W (out×in) and a 1×n bias row b. O(mnk).
  public func affine(_ x: Variable, _ w: Variable, _ b: Variable) throws -> Variable {
    let (sx, sw, sb) = (shape(x), shape(w), shape(b))
    guard sx.columns == sw.columns else {
      throw MatrixError.shapeMismatch(op: "*ᵀ", lhs: sx, rhs: sw)
    }
    guard sb.rows == 1, sb.columns == sw.rows else {
      throw MatrixError.shapeMismatch(op: "+row", lhs: Shape(sx.rows, sw.rows), rhs: sb)
    }
    return record(Affine(), [x, w, b], rows: sx.rows, columns: sw.rows)
  }

  /// X + b with the 1×n row b added to every row of the m×n matrix X.
  public func addRow(_ x: Variable, _ b: Variable) throws -> Variable {
    let (sx, sb) = (shape(x), shape(b))
    guard sb.rows == 1, sb.columns == sx.columns else {
      throw MatrixError.shapeMismatch(op: "+row", lhs: sx, rhs: sb)
    }
    return record(AddRowBroadcast(), [x, b], rows: sx.rows, columns: sx.columns)
  }

  /// uᵀ W v (1×1) for a 1×m row u, an m×n matrix W and a 1×n row v.
  public func bilinear(_ u: Variable, _ w: Variable, _ v: Variable) throws -> Variable {
    let (su, sw, sv) = (shape(u), shape(w), shape(v))
    guard su.rows == 1, su.columns == sw.rows else {
      throw MatrixError.shapeMismatch(op: "uᵀW", lhs: su, rhs: sw)
    }
    guard sv.rows == 1, sv.columns == sw.columns else {
      throw MatrixError.shapeMismatch(op: "Wv", lhs: sw, rhs: sv)
    }
    return record(Bilinear(), [u, w, v], rows: 1, columns: 1)
  }

  /// X / s for a 1×1 node s.
  public func divide(_ x: Variable, by s: Variable) throws -> Variable {
    guard shape(s) == Shape(1, 1) else {
      throw MatrixError.shapeMismatch(op: "/", lhs: shape(x), rhs: shape(s))
    }
    let sx = shape(x)
    return record(DivideByScalar(), [x, s], rows: sx.rows, columns: sx.columns)
  }

  /// a + b, element-wise.
  public func add(_ a: Variable, _ b: Variable) throws -> Variable {
    try requireSameShape("+", a, b)
    let s = shape(a)
    return record(Add(), [a, b], rows: s.rows, columns: s.columns)
  }

  /// a − b, element-wise.
  public func subtract(_ a: Variable, _ b: Variable) throws -> Variable {
    try requireSameShape("-", a, b)
    let s = shape(a)
    return record(Subtract(), [a, b], rows: s.rows, columns: s.columns)
  }

  /// a ⊙ b, element-wise.
  public func multiply(_ a: Variable, _ b: Variable) throws -> Variable {
    try requireSameShape(".*", a, b)
    let s = shape(a)
    return record(Multiply(), [a, b], rows: s.rows, columns: s.columns)
  }

  /// c·x.
  public func scale(_ x: Variable, by c: Double) -> Variable { unary(Scale(factor: c), x) }

  /// x + c, element-wise.
  public func addScalar(_ x: Variable, _ c: Double) -> Variable { unary(AddScalar(constant: c), x) }

  /// x², element-wise.
  public func square(_ x: Variable) -> Variable { unary(Square(), x) }

  /// |x|, element-wise.
  public func abs(_ x: Variable) -> Variable { unary(Absolute(), x) }

  /// max(0, x), element-wise.
  public func relu(_ x: Variable) -> Variable { unary(ReLU(), x) }

  /// x for x > 0, slope·x otherwise.
  public func leakyReLU(_ x: Variable, slope: Double) -> Variable {
    unary(LeakyReLU(slope: slope), x)
  }

  /// tanh x, element-wise.
  public func tanh(_ x: Variable) -> Variable { unary(Tanh(), x) }

  /// The logistic sigmoid, element-wise.
  public func sigmoid(_ x: Variable) -> Variable { unary(Sigmoid(), x) }

  /// log(1 + eˣ), element-wise, overflow-free.
  public func softplus(_ x: Variable) -> Variable { unary(Softplus(), x) }

  /// 1 where x > 0, else 0 (relu′). Non-differentiable: no gradient flows through it.
  public func step(_ x: Variable) -> Variable { unary(Step(), x, differentiable: false) }

  /// 1 where x > 0, else slope (leaky relu′). Non-differentiable: no gradient flows through it.
  public func leakyStep(_ x: Variable, slope: Double) -> Variable {
    unary(LeakyStep(slope: slope), x, differentiable: false)
  }

  /// 1 − x², element-wise (tanh′ expressed through t = tanh h).
  public func oneMinusSquare(_ x: Variable) -> Variable { unary(OneMinusSquare(), x) }

  /// Σ x, a 1×1 node.
  public func sum(_ x: Variable) -> Variable {
    record(ScaledSum(factor: 1, label: "sum"), [x], rows: 1, columns: 1)
  }

  /// The mean of all entries of x, a 1×1 node.
  public func mean(_ x: Variable) -> Variable {
    let n = Swift.max(shape(x).count, 1)
    return record(ScaledSum(factor: 1 / Double(n), label: "mean"), [x], rows: 1, columns: 1)
  }
}
