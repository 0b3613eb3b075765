// The tape operations behind batch and layer normalization (Primitives+Normalization.swift),
// each checking shapes when the graph is built.

import DenseMatrix

extension Tape {
  /// x − mean(x) along `axis`, the shape of x.
  public func center(_ x: Variable, along axis: StatisticsAxis) -> Variable {
    let s = shape(x)
    return record(Center(axis: axis), [x], rows: s.rows, columns: s.columns)
  }

  /// 1/sqrt(mean(c²) + ε) along `axis`: a 1×n row over samples, an m×1 column over features.
  public func inverseRootMeanSquare(
    _ c: Variable, along axis: StatisticsAxis, epsilon: Double
  ) -> Variable {
    let s = shape(c)
    let out = axis.statisticShape(rows: s.rows, columns: s.columns)
    return record(
      InverseRootMeanSquare(axis: axis, epsilon: epsilon), [c], rows: out.rows,
      columns: out.columns)
  }

  /// The mean of x along `axis`: a 1×n row over samples, an m×1 column over features.
  public func mean(_ x: Variable, along axis: StatisticsAxis) -> Variable {
    let s = shape(x)
    let out = axis.statisticShape(rows: s.rows, columns: s.columns)
    return record(AxisMean(axis: axis), [x], rows: out.rows, columns: out.columns)
  }

  /// a ⊙ b with b broadcast: a 1×n row along the samples (`.overSamples`) or an m×1 column
  /// along the features (`.overFeatures`).
  /// - Throws: `MatrixError.shapeMismatch` when b is not that row or column.
  public func multiply(
    _ a: Variable, broadcasting b: Variable, along axis: StatisticsAxis
  ) throws -> Variable {
    let (sa, sb) = (shape(a), shape(b))
    let want = axis.statisticShape(rows: sa.rows, columns: sa.columns)
    guard sb.rows == want.rows, sb.columns == want.columns else {
      throw MatrixError.shapeMismatch(op: ".*broadcast", lhs: sa, rhs: sb)
    }
    return record(BroadcastMultiply(axis: axis), [a, b], rows: sa.rows, columns: sa.columns)
  }
}

extension Tape {
  /// Each row of v divided by its Euclidean norm (weight normalization with g = 1).
  public func normalizedRows(_ v: Variable) -> Variable {
    let s = shape(v)
    return record(RowNormalize(), [v], rows: s.rows, columns: s.columns)
  }
}
