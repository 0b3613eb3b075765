// A command (`show W`, `step p 10`, `set digits=8`): its usage, help, declared arguments and the
// closure that runs it. `help` is generated from these same values.

/// A command, documented by the same value that dispatches it.
public struct CommandSpec: Sendable {
  /// The verb that starts the line.
  public var name: String
  /// The usage line, generated from the signature: `run p [tol=] [max=]`.
  public var usage: String { signature.commandUsage(name) }
  /// One line saying what it does.
  public var summary: String
  /// Further paragraphs for `help name`.
  public var help: [String]
  /// The arguments it takes.
  public var signature: Signature
  /// False for commands that only inspect (help, vars, quit): they are not kept in the
  /// session's history, so `save` does not write them.
  public var recordsInHistory: Bool
  /// Runs the command. Arguments are checked against `signature` first; changes made through
  /// the context are applied only when it returns without throwing.
  public var run: @Sendable (CommandContext) throws(Diagnostic) -> Void

  /// A command.
  public init(
    _ name: String, summary: String, help: [String] = [],
    signature: Signature = Signature(), recordsInHistory: Bool = true,
    run: @escaping @Sendable (CommandContext) throws(Diagnostic) -> Void
  ) {
    self.name = name
    self.summary = summary
    self.help = help
    self.signature = signature
    self.recordsInHistory = recordsInHistory
    self.run = run
  }
}
