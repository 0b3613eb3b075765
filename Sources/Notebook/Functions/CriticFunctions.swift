// Extension point: the functions of the critics part of liplab (`critic`, `normal`, …).
// Return their specs here; `FunctionTable.standard` includes them.

extension FunctionTable {
  /// The critics' functions.
  static var criticFunctions: [FunctionSpec] { [] }
}
