// The table of commands: the single source for dispatch, `help`, and completion.
//
// How to add a command:
//   1. Write a `CommandSpec` — name, usage line, one-line summary, help paragraphs, a
//      `Signature` declaring its positionals (`Parameter("p", .variable)`, `.expression`,
//      `.word`) and options (`OptionSpec("tol", help: "…")`), and a `run` closure.
//   2. In `run`, read arguments through `context.arguments` (`matrix(0)`, `variable(0)`,
//      `word(0)`, `number(option: "tol")`, …: each throws a positioned diagnostic), print with
//      `context.print(_:)` / `context.print(_:name:)`, format numbers with `context.format`,
//      and change state only through the context (`assign`, `remove`, `settings`, `random`):
//      those changes are applied after `run` returns, so a failing command changes nothing.
//   3. Return it from the extension point of your area — `CommandTable.matrixCommands`
//      (Commands/MatrixCommands.swift) or `criticCommands` (Commands/CriticCommands.swift).
//      Help, dispatch and TAB completion pick it up from there.

/// Every command the session knows, looked up by name.
public struct CommandTable: Sendable {
  /// The commands in the order `help` lists them (alphabetical).
  public let specs: [CommandSpec]
  private let index: [String: Int]

  /// A table of `specs`; a later spec with the same name replaces an earlier one.
  public init(_ specs: [CommandSpec]) {
    var index: [String: Int] = [:]
    var unique: [CommandSpec] = []
    for spec in specs {
      if let i = index[spec.name] { unique[i] = spec } else {
        index[spec.name] = unique.count
        unique.append(spec)
      }
    }
    self.specs = unique.sorted { $0.name < $1.name }
    self.index = Dictionary(uniqueKeysWithValues: self.specs.enumerated().map { ($1.name, $0) })
  }

  /// The command called `name`.
  public subscript(name: String) -> CommandSpec? { index[name].map { specs[$0] } }

  /// All names, sorted.
  public var names: [String] { specs.map(\.name) }

  /// The standard table: the built-in session commands, the matrix commands and the critics'.
  public static var standard: CommandTable {
    CommandTable(builtinCommands + matrixCommands + criticCommands)
  }
}
