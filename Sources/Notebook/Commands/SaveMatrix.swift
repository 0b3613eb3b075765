// `save W "w.npy"` and `save W "w.csv"`: any matrix (or number, a 1×1 matrix), or a tensor to
// .npy, written to a file that `load` and NumPy read back exactly; `save c "c.safetensors"`: a
// critic or a model as PyTorch's state dict (`NetworkStateDict.swift`), or loaded weights again.
// Each is replaced atomically as `save` replaces a script.

extension CommandTable {
  /// The help paragraph `save` gives its matrix form.
  static let saveMatrixHelp =
    "save W \"w.npy\" writes the matrix W (any expression, in parentheses when it has spaces) as NumPy's .npy (float64, C order, as np.save writes it); a tensor of rank 3 or 4 is saved the same way to .npy only (its shape kept); save W \"w.csv\" (or .txt) as text, one row per line, entries separated by commas in the shortest form that reads back to the same double, no header. load and NumPy (np.load, np.loadtxt(f, delimiter=',')) read both back bit for bit. The file is replaced atomically, as a saved script is."

  /// The help paragraph `save` gives its network form.
  static let saveNetworkHelp =
    "save c \"c.safetensors\" writes a critic or a model (mlp) as the state dict of the PyTorch network it is — torch.nn.Sequential of nn.Linear layers, each hidden one followed by its BatchNorm1d or LayerNorm and its activation — keyed by module index (0.weight, 0.bias, 2.weight, …), every entry as F64, so model.load_state_dict(safetensors.torch.load_file(\"c.safetensors\")) takes it; the metadata liplab.modules lists the modules to build (Linear(1, 32); ReLU(); …). A spectrally normalized network is written as applied, each W/σ. Loaded weights (w = load(\"model.safetensors\") or .npz) are written back the same way, each tensor in the type it was loaded from. load reads the file back as weights: layers w, netlip w."

  /// Runs `save W file`: positional 0 is the matrix, network or weights, 1 the file name.
  static func saveMatrix(_ context: CommandContext) throws(Diagnostic) {
    let arguments = context.arguments
    let value = try arguments.value(0)
    let path = SavedScript.path(from: try arguments.word(1))
    guard !path.isEmpty else { throw Diagnostic("the file name is empty", at: arguments.range(1)) }
    if case .object(let object) = value, let archive = (object as? any NetworkValue)?.stateDict ?? (object as? WeightsValue)?.archive {
      do throws(Diagnostic) {
        try archive.write(to: path, what: value.article)
      } catch {
        throw error.located(at: arguments.range(1))
      }
      let count = archive.tensors.count
      context.print("saved \(arguments.label(0) ?? "the \(object.typeName)") (\(count) tensor\(count == 1 ? "" : "s"), \(archive.elementCount) entries) to \(path)")
      return
    }
    guard let tensor = value.tensor else {
      throw Diagnostic(
        "cannot save \(value.article) as a matrix", at: arguments.range(0),
        notes: ["save W \"w.npy\" writes a matrix or a tensor, save c \"c.safetensors\" a critic, a model or loaded weights; save \"file.lip\" writes the session"])
    }
    do throws(Diagnostic) {
      try MatrixFile.write(tensor, to: path)
    } catch {
      throw error.located(at: arguments.range(1))
    }
    let label = arguments.label(0) ?? "the matrix"
    context.print("saved \(label) (\(value.matrix?.shape.description ?? tensor.shapeText)) to \(path)")
  }
}
