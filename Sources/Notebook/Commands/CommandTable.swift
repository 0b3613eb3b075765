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

extension CommandTable {
  /// The standard table: the built-in session commands, the matrix commands and the critics'.
  public static var standard: CommandTable {
    CommandTable(builtinCommands + matrixCommands + criticCommands)
  }
}
