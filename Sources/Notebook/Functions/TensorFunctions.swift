// `reshape(x, d₁, …)`: the same entries in row-major order under another shape of equal count,
// as NumPy and PyTorch reshape; a result of rank 2 is a matrix, rank 3 or 4 a tensor.

import DenseMatrix

extension FunctionTable {
  static var reshapeFunction: FunctionSpec {
    FunctionSpec(
      "reshape",
      summary: "the entries of x, in row-major order, under another shape of the same count",
      help: [
        "reshape(x, 2, 3, 4) reads x's entries row by row (the last index fastest) and lays them out as a 2×3×4 tensor, as NumPy's and PyTorch's reshape do; two sizes give a matrix (reshape(x, 8, 100) flattens a batch of 8 samples), one a column. The counts must agree: reshaping 24 entries to 5×5 is an error naming both shapes."
      ],
      signature: Signature([Parameter("x"), Parameter("d", variadic: true)])
    ) { a throws(Diagnostic) in
      let value = try a.value(0)
      guard let t = value.tensor else {
        throw Diagnostic("reshape needs a matrix or a tensor, got \(value.article)", at: a.range(0))
      }
      guard a.count - 1 <= Tensor.maximumRank else {
        throw Diagnostic(
          "a tensor has at most \(Tensor.maximumRank) dimensions, got \(a.count - 1) sizes",
          at: a.range(1 + Tensor.maximumRank))
      }
      var shape: [Int] = []
      for i in 1 ..< a.count { shape.append(try a.count(i)) }
      return Value(try core(at: a.range) { try t.reshaped(shape) })
    }
  }
}
