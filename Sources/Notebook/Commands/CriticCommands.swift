// Extension point: the critics' commands (`train`, `lip`, `compare`, `gradcheck`, …).
// Return their specs here; `CommandTable.standard` includes them.

extension CommandTable {
  /// The critics' commands.
  static var criticCommands: [CommandSpec] { [] }
}
