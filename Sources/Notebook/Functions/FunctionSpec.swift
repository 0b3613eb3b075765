// A function of the expression language (`zeros`, `norm2`, `power`, …): its signature, its help
// and the closure that computes it.

/// A function callable in expressions, documented by the same value that runs it.
public struct FunctionSpec: Sendable {
  /// The name used in calls.
  public var name: String
  /// The usage line: `norm2(W, method=svd|power|lanczos)`.
  public var usage: String
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
    _ name: String, usage: String, summary: String, help: [String] = [],
    signature: Signature, run: @escaping @Sendable (Arguments) throws(Diagnostic) -> Value
  ) {
    self.name = name
    self.usage = usage
    self.summary = summary
    self.help = help
    self.signature = signature
    self.run = run
  }
}

/// Every function the language knows, looked up by name.
public struct FunctionTable: Sendable {
  /// The functions in the order `help` lists them (alphabetical).
  public let specs: [FunctionSpec]
  private let index: [String: Int]

  /// A table of `specs`; a later spec with the same name replaces an earlier one.
  public init(_ specs: [FunctionSpec]) {
    var index: [String: Int] = [:]
    var unique: [FunctionSpec] = []
    for spec in specs {
      if let i = index[spec.name] { unique[i] = spec } else {
        index[spec.name] = unique.count
        unique.append(spec)
      }
    }
    self.specs = unique.sorted { $0.name < $1.name }
    self.index = Dictionary(uniqueKeysWithValues: self.specs.enumerated().map { ($1.name, $0) })
  }

  /// The function called `name`.
  public subscript(name: String) -> FunctionSpec? { index[name].map { specs[$0] } }

  /// All names, sorted.
  public var names: [String] { specs.map(\.name) }

  /// The standard table: the matrix functions and the critics' functions.
  public static var standard: FunctionTable {
    FunctionTable(matrixFunctions + criticFunctions)
  }
}
