// The value `load("model.safetensors")` and `load("weights.npz")` give: a model's named tensors.
// `show m` lists them (name, dtype, shape), `vars` summarises them, and `m("encoder.0.weight")`
// takes one out as a matrix or tensor, indexed by its name as a matrix is by positions.

import DenseMatrix

/// A model's weights held in a notebook variable.
public struct WeightsValue: NotebookObject {
  /// The tensors, in file order.
  public let archive: TensorArchive

  public init(_ archive: TensorArchive) { self.archive = archive }

  /// `weights`.
  public var typeName: String { "weights" }

  /// `3 tensors, 1234 parameters (F32)`: how many, how many entries, and the stored types.
  public func summary(_ format: NumberFormat) -> String {
    let count = archive.tensors.count
    let parameters = archive.elementCount
    var dtypes: [String] = []
    for t in archive.tensors where !dtypes.contains(t.dtype) { dtypes.append(t.dtype) }
    return "\(count) tensor\(count == 1 ? "" : "s"), \(parameters) parameter\(parameters == 1 ? "" : "s")"
      + (dtypes.isEmpty ? "" : " (\(dtypes.joined(separator: " ")))")
  }

  /// The lines under the summary when the model is printed: one row per tensor, its name,
  /// dtype and shape in aligned columns.
  public func detailLines(_ format: NumberFormat) -> [String] {
    let rows = [["name", "dtype", "shape"]] + archive.tensors.map { [$0.name, $0.dtype, $0.shapeText] }
    let nameWidth = rows.map { $0[0].count }.max() ?? 0
    let dtypeWidth = rows.map { $0[1].count }.max() ?? 0
    func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
    return rows.map { row in "  " + padded(row[0], nameWidth) + "  " + padded(row[1], dtypeWidth) + "  " + row[2] }
  }

  /// The entries it holds.
  public var elementCount: Int { archive.elementCount }

  /// `m("name")`: the tensor called `name` as a value (a matrix for rank 1 and 2).
  /// - Throws: a diagnostic (without a position) naming the closest names when there is none.
  func tensor(named name: String) throws(Diagnostic) -> Value {
    guard let found = archive.tensor(named: name) else {
      let names = archive.tensors.map(\.name)
      var diagnostic = Diagnostic("the weights have no tensor '\(name)'")
      if let note = Suggestion.note(for: name, in: names) { diagnostic.notes.append(note) }
      diagnostic.notes.append("show the weights to list their \(names.count) tensor\(names.count == 1 ? "" : "s")")
      throw diagnostic
    }
    return Value(found.tensor)
  }
}
