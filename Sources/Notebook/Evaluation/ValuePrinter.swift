// How values appear: a bare expression's result, `show`, the confirmation after an assignment,
// and the one-line summaries of `vars`.

/// Turns values into output lines for the current settings.
struct ValuePrinter {
  let settings: Settings

  var format: NumberFormat { NumberFormat(digits: settings.digits) }

  /// The full printout of a value: a number or string on one line; a matrix as a header
  /// (`W : 2×2`, or `2×2` without a name) and its rows; a tensor slice by slice
  /// (`TensorFormatter`); an object as `name : type` and its
  /// summary, wrapped after commas to the output width.
  func lines(_ value: Value, name: String?, elide: Bool = true) -> [String] {
    switch value {
    case .matrix(let m): return MatrixFormatter(settings: settings).lines(m, name: name, elide: elide)
    case .tensor(let t): return TensorFormatter(settings: settings).lines(t, name: name, elide: elide)
    case .number(let x): return [name.map { summary(value, name: $0) } ?? format.string(x)]
    case .string(let s): return [name.map { summary(value, name: $0) } ?? s]
    case .object(let object):
      return wrapped(name.map { summary(value, name: $0) } ?? "\(object.typeName)  \(object.summary(format))")
        + object.detailLines(format)
    }
  }

  /// `summary(value, name:)` wrapped after commas to the output width (the assignment's
  /// confirmation).
  func summaryLines(_ value: Value, name: String) -> [String] {
    wrapped(summary(value, name: name))
  }

  private func wrapped(_ line: String) -> [String] {
    wrappedLine(line, at: ", ", width: settings.width, indent: "", hang: 4)
  }

  /// One line: `x = 4`, `s = "data.csv"`, `W : 2×2`, `p : power  …summary`.
  func summary(_ value: Value, name: String) -> String {
    switch value {
    case .number(let x): return "\(name) = \(format.string(x))"
    case .string(let s): return "\(name) = \"\(s)\""
    case .matrix(let m): return "\(name) : \(m.shape)"
    case .tensor(let t): return "\(name) : \(t.shapeText) tensor"
    case .object(let object): return "\(name) : \(object.typeName)  \(object.summary(format))"
    }
  }
}
