// Extension point: the critics' commands (`train`, `lip`, `compare`, `gradcheck`; `plot c` goes
// through the `plot` command and `Plottable`) and those of regression models (`fit`, `sweep`).
// `CommandTable.standard` includes them.

extension CommandTable {
  /// The critics' and the regression models' commands.
  static var criticCommands: [CommandSpec] { [train, lip, compare, gradcheck, fit, sweep] }
}
