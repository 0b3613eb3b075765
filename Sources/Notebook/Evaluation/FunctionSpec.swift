// A function of the expression language (`zeros`, `norm2`, `power`, …): its signature, its help
// and the closure that computes it.

/// A function callable in expressions, documented by the same value that runs it.
public struct FunctionSpec: Sendable {
  /// The name used in calls.
  public var name: String
  /// The usage line, generated from the signature: `norm2(W, method=svd|power|lanczos)`.
  public var usage: String { signature.functionUsage(name) }
  /// One line saying what it returns.
  public var summary: String
  /// Further paragraphs for `help name`.
  public var help: [String]
  /// The arguments it takes.
  public var signature: Signature
  /// Computes the value. Arguments are checked against `signature` before it is called.
  public var run: @Sendable (Arguments) throws(Diagnostic) -> Value

  /// A function.
  public init(
    _ name: String, summary: String, help: [String] = [],
    signature: Signature, run: @escaping @Sendable (Arguments) throws(Diagnostic) -> Value
  ) {
    self.name = name
    self.summary = summary
    self.help = help
    self.signature = signature
    self.run = run
  }
}

extension FunctionTable {
  /// The standard table: the matrix functions and the critics' functions.
  public static var standard: FunctionTable {
    FunctionTable(matrixFunctions + criticFunctions)
  }
}
