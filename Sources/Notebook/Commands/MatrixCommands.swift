// Extension point: the matrix commands (`norms`, `svd`, `step`, `run`, `plot`, `save`, …).
// Return their specs here; `CommandTable.standard` includes them.

extension CommandTable {
  /// The matrix and session commands.
  static var matrixCommands: [CommandSpec] {
    [norms, svd, step, run, plot, lanczos, convnorms, save, groups, layers, netlip]
  }
}
