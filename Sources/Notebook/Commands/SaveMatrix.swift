// `save W "w.npy"` and `save W "w.csv"`: any matrix (or number, a 1×1 matrix), or a tensor to
// .npy, written to a file that `load` and NumPy read back exactly, replaced atomically as `save`
// replaces a script.

extension CommandTable {
  /// The help paragraph `save` gives its matrix form.
  static let saveMatrixHelp =
    "save W \"w.npy\" writes the matrix W (any expression, in parentheses when it has spaces) as NumPy's .npy (float64, C order, as np.save writes it); a tensor of rank 3 or 4 is saved the same way to .npy only (its shape kept); save W \"w.csv\" (or .txt) as text, one row per line, entries separated by commas in the shortest form that reads back to the same double, no header. load and NumPy (np.load, np.loadtxt(f, delimiter=',')) read both back bit for bit. The file is replaced atomically, as a saved script is."

  /// Runs `save W file`: positional 0 is the matrix, 1 the file name.
  static func saveMatrix(_ context: CommandContext) throws(Diagnostic) {
    let arguments = context.arguments
    let value = try arguments.value(0)
    guard let tensor = value.tensor else {
      throw Diagnostic(
        "cannot save \(value.article) as a matrix", at: arguments.range(0),
        notes: ["save W \"w.npy\" writes a matrix or a tensor; save \"file.lip\" writes the session"])
    }
    let path = SavedScript.path(from: try arguments.word(1))
    guard !path.isEmpty else { throw Diagnostic("the file name is empty", at: arguments.range(1)) }
    do throws(Diagnostic) {
      try MatrixFile.write(tensor, to: path)
    } catch {
      throw error.located(at: arguments.range(1))
    }
    let label = arguments.label(0) ?? "the matrix"
    context.print("saved \(label) (\(value.matrix?.shape.description ?? tensor.shapeText)) to \(path)")
  }
}
