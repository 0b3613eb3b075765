// Extension point: the critics' commands (`train`, `lip`, `compare`, `gradcheck`; `plot c` goes
// through the `plot` command and `Plottable`). `CommandTable.standard` includes them.

extension CommandTable {
  /// The critics' commands.
  static var criticCommands: [CommandSpec] { [train, lip, compare, gradcheck] }
}
