// Indexing and the other postfix forms: `W(i, j)`, `W(2, :)`, `W(1:2, end)`, `v(3)`, ranges
// `a:b` and `a:step:b`, applying a critic to points (`c(x)`), a model's tensor by name
// (`m("fc.weight")`), and members of objects (`p.sigma`).
//
// The convention is Octave's: indices count from 1, `(row, column)` for a matrix, one index for
// a vector (a row or a column, whose orientation the result keeps), `:` for a whole dimension
// and `end` for its last position. An index is a whole number or a vector of them (a range is
// one), so `W([3 1], :)` reorders rows. Each index is resolved against its own dimension, so a
// tensor takes one index per dimension the same way.

import Critics
import DenseMatrix

extension Evaluator {
  /// `value(arguments)`: indexes a number or matrix, or evaluates a critic at points.
  func apply(_ value: Value, _ arguments: [CallArgument], at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    if let labelled = arguments.first(where: { $0.label != nil }), let label = labelled.label {
      throw Diagnostic(
        "an index takes no options, got '\(label)='", at: labelled.labelRange ?? range)
    }
    switch value {
    case .number, .matrix:
      return try index(value.matrix ?? Matrix(rows: 0, columns: 0), arguments, at: range)
    case .tensor(let t):
      return try index(t, arguments, at: range)
    case .object(let model as WeightsValue):
      guard arguments.count == 1, arguments[0].value.kind != .all,
        case .string(let name) = try evaluate(arguments[0].value)
      else {
        throw Diagnostic(
          "loaded weights are indexed by one tensor name in quotes", at: range,
          notes: ["w(\"encoder.0.weight\") is the tensor of that name; show w lists them"])
      }
      do throws(Diagnostic) {
        return try model.tensor(named: name)
      } catch {
        throw error.located(at: arguments[0].value.range)
      }
    case .object(let object as any NetworkValue):
      guard arguments.count == 1, arguments[0].value.kind != .all else {
        throw Diagnostic(
          "a \(object.typeName) is applied to one argument, the points x", at: range,
          notes: ["c(x) is f(x) at every entry of x, in x's shape"])
      }
      let x = arguments[0].value
      guard let points = try evaluate(x).matrix else {
        throw Diagnostic("a \(object.typeName) is applied to numbers or a matrix of points", at: x.range)
      }
      guard points.isFinite else {
        throw Diagnostic("the points have NaN or Inf entries", at: x.range)
      }
      let values = object.network.values(at: points.elements)
      let result = try core(at: range) {
        try Matrix(rows: points.rows, columns: points.columns, elements: values)
      }
      return result.rows == 1 && result.columns == 1 ? .number(values[0]) : .matrix(result)
    default:
      throw Diagnostic(
        "cannot index \(value.article)", at: range,
        notes: ["indexing W(i, j) applies to matrices and tensors, c(x) to critics and models, and w(\"name\") to loaded weights"])
    }
  }

  /// `W(i, j)` or `v(i)`.
  private func index(_ m: Matrix, _ arguments: [CallArgument], at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    let rows: [Int]
    let columns: [Int]
    switch arguments.count {
    case 1 where m.rows == 1:
      (rows, columns) = ([0], try positions(arguments[0].value, size: m.columns, what: "entry"))
    case 1 where m.columns == 1:
      (rows, columns) = (try positions(arguments[0].value, size: m.rows, what: "entry"), [0])
    case 1:
      throw Diagnostic(
        "a \(m.shape) matrix is indexed by (row, column)", at: range,
        notes: ["one index is for a vector: v(3); a matrix takes W(2, 3), W(2, :) or W(:, 3)"])
    case 2:
      rows = try positions(arguments[0].value, size: m.rows, what: "row")
      columns = try positions(arguments[1].value, size: m.columns, what: "column")
    default:
      throw Diagnostic(
        "a matrix takes 2 indices (row, column), got \(arguments.count)", at: range)
    }
    let limit = allocationLimit
    let result = try core(at: range) { try m.selecting(rows: rows, columns: columns, limit: limit) }
    return result.rows == 1 && result.columns == 1 ? .number(result.elements[0]) : .matrix(result)
  }

  /// `x(i, j, k[, l])`: one index per dimension of a tensor. The result keeps every dimension
  /// (of size 1 where one position is taken: `x(1, :, :, :)` is sample 1 as a 1×C×H×W batch);
  /// a single entry is a number.
  private func index(_ t: Tensor, _ arguments: [CallArgument], at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    guard arguments.count == t.rank else {
      throw Diagnostic(
        "a \(t.shapeText) tensor takes \(t.rank) indices, got \(arguments.count)", at: range,
        notes: ["x(1, :, :, :) is the first sample; ':' takes a whole dimension"])
    }
    var selected: [[Int]] = []
    for d in 0 ..< t.rank {
      selected.append(try positions(arguments[d].value, size: t.shape[d], what: "position"))
    }
    let shape = selected.map(\.count)
    let strides = t.strides, outer = Tensor.strides(of: shape), elements = t.elements
    let limit = allocationLimit
    let result = try core(at: range) {
      try Tensor.generated(shape, limit: limit) { k in
        var rest = k, offset = 0
        for d in 0 ..< shape.count {
          let (q, r) = rest.quotientAndRemainder(dividingBy: outer[d])
          offset += selected[d][q] * strides[d]
          rest = r
        }
        return elements[offset]
      }
    }
    return result.elements.count == 1 ? .number(result.elements[0]) : .tensor(result)
  }

  /// The zero-based positions an index selects along a dimension of `size`: `:` all of them,
  /// else whole numbers 1…size (`end` is size).
  private func positions(_ expr: Expr, size: Int, what: String) throws(Diagnostic) -> [Int] {
    if case .all = expr.kind { return Array(0 ..< size) }
    endValues.append(size)
    defer { endValues.removeLast() }
    let value = try evaluate(expr)
    guard let m = value.matrix, m.rows <= 1 || m.columns <= 1 else {
      throw Diagnostic(
        "an index is a whole number, a vector of them or ':', got \(value.article)", at: expr.range)
    }
    var result: [Int] = []
    result.reserveCapacity(m.elements.count)
    for x in m.elements {
      guard x == x.rounded(), x >= 1, x <= Double(size) else {
        let plural = what == "entry" ? "entries" : what + "s"
        let valid = size == 0 ? "there are none" : "\(plural) are 1 to \(size)"
        let message =
          x == x.rounded()
          ? "\(what) \(x.messageText) is out of range: \(valid)"
          : "\(what) \(x.messageText) is not a whole number"
        throw Diagnostic(message, at: expr.range, notes: ["indices count from 1; 'end' is the last"])
      }
      result.append(Int(x) - 1)
    }
    return result
  }

  /// `start:stop` or `start:step:stop`: the row vector start, start + step, … while it does
  /// not pass stop (empty when it starts past it).
  func range(_ start: Expr, _ step: Expr?, _ stop: Expr, at range: SourceRange)
    throws(Diagnostic) -> Value
  {
    func number(_ e: Expr) throws(Diagnostic) -> Double {
      let value = try evaluate(e)
      guard let x = value.scalar, x.isFinite else {
        throw Diagnostic("a range needs finite numbers, got \(value.article)", at: e.range)
      }
      return x
    }
    let a = try number(start)
    let h = try step.map { e throws(Diagnostic) in try number(e) } ?? 1
    let b = try number(stop)
    guard h != 0 else { throw Diagnostic("the step of a range cannot be 0", at: step?.range ?? range) }
    // NOTE: a small allowance, as Octave has, so that 0:0.1:1 ends at 1 despite rounding.
    let steps = ((b - a) / h + 1e-10).rounded(.down)
    let count = steps < 0 ? 0 : steps + 1
    guard count <= 9e15 else {
      throw Diagnostic("a range of \(count.messageText) entries is too large", at: range)
    }
    try checkSize(1, Int(count), at: range)
    let n = Int(count)
    let values = (0 ..< n).map { a + Double($0) * h }
    if n == 1 { return .number(values[0]) }
    return .matrix(try core(at: range) { try Matrix(rows: 1, columns: n, elements: values) })
  }

  /// `value.name`: a member of an object.
  func member(_ name: String, of value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
    guard case .object(let object) = value, !object.memberNames.isEmpty else {
      throw Diagnostic("\(value.article) has no members, so '.\(name)' means nothing", at: range)
    }
    guard object.memberNames.contains(name) else {
      var diagnostic = Diagnostic("a \(object.typeName) has no member '\(name)'", at: range)
      if let note = Suggestion.note(for: name, in: object.memberNames) { diagnostic.notes.append(note) }
      diagnostic.notes.append("members: " + object.memberNames.joined(separator: ", "))
      throw diagnostic
    }
    do throws(Diagnostic) {
      return try object.member(name)
    } catch {
      throw error.located(at: range)
    }
  }
}
