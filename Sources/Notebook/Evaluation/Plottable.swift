// Values that `plot name` draws besides power trackers (critics). The `plot` command asks this
// protocol first, so a new kind of plottable value is a conformance, not an edit to the command.

/// A notebook value that `plot` can draw.
protocol Plottable: NotebookObject {
  /// The plot of the value held in variable `name`, fitted to `settings.width`, every line the
  /// same width.
  func plot(name: String, settings: Settings) throws(Diagnostic) -> [String]
}

extension CommandTable {
  /// The plottable value named by positional 0 of `context`, or nil when it holds something
  /// else (e.g. a power tracker, which `plot` handles itself).
  static func plottable(_ context: CommandContext) throws(Diagnostic) -> (name: String, value: any Plottable)? {
    let (name, value) = try context.arguments.variable(0)
    guard case .object(let object) = value, let plottable = object as? any Plottable else { return nil }
    return (name, plottable)
  }
}
