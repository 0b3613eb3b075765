// Prints a tensor of rank 3 or 4 slice by slice: a header, then each matrix over the last two
// dimensions under its position in the leading ones, `(2, :, :)` or `(1, 3, :, :)`, 1-based as
// the language indexes. A tensor with many slices shows the first and the last ones.

import DenseMatrix

/// Renders tensors as text lines: `x : 2×3×4 tensor`, then each slice as `MatrixFormatter`
/// prints a matrix's rows.
///
/// With `elide`, at most `maxSlices` slices are shown (the first and last ones, a marker line
/// naming how many were left out between), and each slice is elided as a large matrix is.
/// Cost: formats only the entries shown.
struct TensorFormatter {
  /// How a slice's rows are printed.
  var matrices: MatrixFormatter
  /// The most slices printed when eliding (the marker line counts as one).
  var maxSlices = 6

  /// A formatter for the given settings.
  init(settings: Settings) {
    matrices = MatrixFormatter(settings: settings)
    matrices.maxRows = 8
  }

  /// The header (`name : shape tensor`, or `shape tensor`) followed by the slices.
  func lines(_ tensor: Tensor, name: String?, elide: Bool = true) -> [String] {
    let header = (name.map { "\($0) : " } ?? "") + "\(tensor.shapeText) tensor"
    let rows = tensor.shape[tensor.rank - 2]
    let columns = tensor.shape[tensor.rank - 1]
    let sliceCount = tensor.elements.count / (rows * columns)
    let plan = MatrixFormatter.plan(count: sliceCount, limit: elide ? maxSlices : Int.max)
    var lines = [header]
    for slice in plan {
      guard let slice else {
        let hidden = sliceCount - (plan.count - 1)
        lines.append("  \(matrices.verticalMarker) \(hidden) more slices")
        continue
      }
      let start = slice * rows * columns
      let entries = Array(tensor.elements[start ..< start + rows * columns])
      guard let matrix = try? Matrix(rows: rows, columns: columns, elements: entries) else { continue }
      lines.append("(" + (leadingIndex(slice, of: tensor.shape) + [":", ":"]).joined(separator: ", ") + ")")
      lines += matrices.body(matrix, elide: elide)
    }
    return lines
  }

  /// The 1-based indices over the leading dimensions of the slice numbered `slice` (0-based).
  private func leadingIndex(_ slice: Int, of shape: [Int]) -> [String] {
    var rest = slice
    var index: [String] = []
    for size in shape.dropLast(2).reversed() {
      index.insert(String(rest % size + 1), at: 0)
      rest /= size
    }
    return index
  }
}
