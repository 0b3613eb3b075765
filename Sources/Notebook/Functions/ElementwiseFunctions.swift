// The functions applied entry by entry (abs, sqrt, exp, log, sin, cos, tanh: the core's
// `ElementwiseFunction` table), the reductions (sum, mean, max, min, over every entry or along a
// dimension) and size. A number is a 1×1 matrix throughout, and a 1×1 result is a number.

import DenseMatrix

extension FunctionTable {
  static var elementwiseFunctions: [FunctionSpec] {
    ElementwiseFunction.allCases.map(elementwise) + Reduction.allCases.map(reduction) + [size]
  }

  private static func elementwise(_ f: ElementwiseFunction) -> FunctionSpec {
    let name = f.rawValue
    return FunctionSpec(
      name, summary: f.summary + " of every entry",
      help: [
        "\(name)(x) applies to a number or to every entry of a matrix or a tensor, keeping its shape."
          + (f.domain.map { " Outside \($0) the value is not a real number, and that is an error naming the entry." } ?? "")
      ],
      signature: Signature([Parameter("x")])
    ) { a throws(Diagnostic) in
      if case .tensor(let t) = try a.value(0) {
        let limit = a.elementLimit
        let result = try core(at: a.range) {
          _ = try Tensor.checkedCount(t.shape, limit: limit)
          return try t.mapped { f($0) }
        }
        if let k = result.elements.indices.first(where: { result.elements[$0].isNaN && !t.elements[$0].isNaN }) {
          throw Diagnostic(
            "\(name)(\(t.elements[k].messageText)) is not a real number (entry \(entryText(k, of: t.shape)))",
            at: a.range, notes: ["\(name) needs \(f.domain ?? "a number")"])
        }
        return .tensor(result)
      }
      let x = try a.matrix(0)
      let limit = a.elementLimit
      let result = try core(at: a.range) {
        _ = try Matrix.checkedShape(x.rows, x.columns, limit: limit)
        return try x.applying(f)
      }
      if let (i, j) = Evaluator.firstUndefined(result, [x]) {
        let entry = x.rows * x.columns == 1 ? "" : " (entry (\(i + 1), \(j + 1)))"
        throw Diagnostic(
          "\(name)(\(x[i, j].messageText)) is not a real number\(entry)", at: a.range,
          notes: ["\(name) needs \(f.domain ?? "a number")"])
      }
      return value(result)
    }
  }

  private static func reduction(_ r: Reduction) -> FunctionSpec {
    let name = r.rawValue
    let what: String
    switch r {
    case .sum: what = "the sum of the entries"
    case .mean: what = "the mean of the entries"
    case .max: what = "the largest entry"
    case .min: what = "the smallest entry"
    }
    let pairwise = r == .max || r == .min
    var parameters = [Parameter("W")]
    if pairwise { parameters.append(Parameter("b", required: false)) }
    var help = [
      "\(name)(W) is \(what) of W (a matrix or a tensor), a number; \(name)(W, dim=1) goes down each column of a matrix (a 1×n row), \(name)(W, dim=2) across each row (an m×1 column)."
    ]
    if pairwise {
      help.append(
        "\(name)(a, b) is the \(r == .max ? "larger" : "smaller") of a and b entry by entry, broadcasting as the element-wise operators do: \(name)(W, 0) \(r == .max ? "clips the negative entries to 0 (relu)" : "clips the positive entries to 0"). NaN wins: an entry that is NaN in either gives NaN, as NumPy's \(name)imum does.")
    }
    return FunctionSpec(
      name,
      summary: what + (pairwise ? ", along a dimension, or of a and b entry by entry" : ", or along a dimension"),
      help: help,
      signature: Signature(
        parameters,
        options: [OptionSpec("dim", help: "1: down each column; 2: across each row (default: all entries)")])
    ) { a throws(Diagnostic) in
      if case .tensor(let t) = try a.value(0), a.count == 1, !a.has("dim") {
        let limit = a.elementLimit
        let column = try core(at: a.range) { try Matrix.generated(t.elements.count, 1, limit: limit) { t.elements[$0] } }
        return .number(try core(at: a.range) { try column.reduced(r, along: nil) }.elements[0])
      }
      let w = try a.matrix(0)
      if a.count > 1 {
        if a.has("dim") {
          throw Diagnostic("\(name)(a, b) compares entries and takes no dim=", at: a.range(option: "dim"))
        }
        let b = try a.matrix(1)
        let limit = a.elementLimit
        return value(
          try core(at: a.range) {
            try w.elementwise(b, op: name, limit: limit) { x, y in
              x.isNaN || y.isNaN ? .nan : (r == .max ? Swift.max(x, y) : Swift.min(x, y))
            }
          })
      }
      let dim = try a.count(option: "dim")
      if let dim, dim != 1 && dim != 2 {
        throw Diagnostic(
          "dim must be 1 (down the columns) or 2 (across the rows), got \(dim)", at: a.range(option: "dim"))
      }
      return value(try core(at: a.range) { try w.reduced(r, along: dim) })
    }
  }

  private static var size: FunctionSpec {
    FunctionSpec(
      "size",
      summary: "the shape [m n] of W (of a tensor, all its sizes) as a row, or with d its size along dimension d",
      help: [
        "size(W, 1) is the number of rows, size(W, 2) the number of columns. A number is 1×1. For a tensor, size(x) lists every dimension ([8 4 5 5] for a batch of 8 samples, 4 channels, 5×5 positions) and size(x, 2) is the number of channels."
      ],
      signature: Signature([Parameter("W"), Parameter("d", required: false)])
    ) { a throws(Diagnostic) in
      let value = try a.value(0)
      guard let t = value.tensor else { throw Diagnostic("size needs a matrix or a tensor, got \(value.article)", at: a.range(0)) }
      let shape = t.shape.map(Double.init)
      guard a.count > 1 else {
        return .matrix(try core(at: a.range) { try Matrix(rows: 1, columns: shape.count, elements: shape) })
      }
      let d = try a.count(1)
      guard (1 ... shape.count).contains(d) else {
        let what = shape.count == 2 ? "a matrix has dimensions 1 and 2" : "a \(t.shapeText) tensor has dimensions 1 to \(shape.count)"
        throw Diagnostic("\(what), got \(d)", at: a.range(1))
      }
      return .number(shape[d - 1])
    }
  }

  /// The 1-based index of entry k of a tensor of `shape`, as messages print it: `(1, 2, 3, 4)`.
  static func entryText(_ k: Int, of shape: [Int]) -> String {
    var rest = k
    let index = Tensor.strides(of: shape).map { s -> String in
      let (q, r) = rest.quotientAndRemainder(dividingBy: s)
      rest = r
      return String(q + 1)
    }
    return "(" + index.joined(separator: ", ") + ")"
  }

  /// A 1×1 matrix as a number, anything else as a matrix.
  private static func value(_ m: Matrix) -> Value {
    m.rows == 1 && m.columns == 1 ? .number(m.elements[0]) : .matrix(m)
  }
}
