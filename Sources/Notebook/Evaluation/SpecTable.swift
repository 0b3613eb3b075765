// The lookup table behind both the command table and the function table: specs by name, in
// the alphabetical order `help` lists them.

/// Something documented and dispatched by its name: a command or a function.
public protocol NamedSpec: Sendable {
  /// The name a user types.
  var name: String { get }
}

extension CommandSpec: NamedSpec {}
extension FunctionSpec: NamedSpec {}

/// Specs looked up by name. `CommandTable` and `FunctionTable` are its two instances.
public struct SpecTable<Spec: NamedSpec>: Sendable {
  /// The specs in the order `help` lists them (alphabetical).
  public let specs: [Spec]
  private let index: [String: Int]

  /// A table of `specs`; a later spec with the same name replaces an earlier one.
  public init(_ specs: [Spec]) {
    var index: [String: Int] = [:]
    var unique: [Spec] = []
    for spec in specs {
      if let i = index[spec.name] { unique[i] = spec } else {
        index[spec.name] = unique.count
        unique.append(spec)
      }
    }
    self.specs = unique.sorted { $0.name < $1.name }
    self.index = Dictionary(uniqueKeysWithValues: self.specs.enumerated().map { ($1.name, $0) })
  }

  /// The spec called `name`.
  public subscript(name: String) -> Spec? { index[name].map { specs[$0] } }

  /// All names, sorted.
  public var names: [String] { specs.map(\.name) }
}

/// Every command the session knows, looked up by name.
public typealias CommandTable = SpecTable<CommandSpec>

/// Every function the language knows, looked up by name.
public typealias FunctionTable = SpecTable<FunctionSpec>
