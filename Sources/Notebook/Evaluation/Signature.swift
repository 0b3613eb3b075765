// How a command or a function declares its arguments: positionals (an expression, a variable name
// or a bare word) and `key=value` options, each with its help. Arity, unknown keys and help text
// all come from these declarations.

/// How an argument is read.
public enum ArgumentKind: Sendable, Equatable {
  /// An expression, evaluated: `W`, `A' * A`, `1e-12`, `[1 2]`.
  case expression
  /// The name of an existing variable: `p` in `step p`.
  case variable
  /// A bare word taken literally: a method name (`wgan-clip`), a help topic, a file name.
  case word
}

/// A declared positional argument.
public struct Parameter: Sendable, Equatable {
  /// The name shown in usage lines and messages (`W`, `n`, `topic`).
  public var name: String
  /// How the argument is read.
  public var kind: ArgumentKind
  /// False when the argument may be left out.
  public var isRequired: Bool
  /// True for a last parameter that takes any number of arguments (`clear [name…]`).
  public var isVariadic: Bool
  /// The accepted words, for a `.word` parameter with a fixed set (`compare wgan-clip sn …`):
  /// `Arguments.word(_:)` checks them (with did-you-mean) and TAB completion offers them; for a
  /// `.variable` parameter, words the command takes instead of a name (`lip layernorm x`), which
  /// TAB completion offers beside the variables.
  public var values: [String]

  /// Declares a positional argument.
  public init(
    _ name: String, _ kind: ArgumentKind = .expression, required: Bool = true,
    variadic: Bool = false, values: [String] = []
  ) {
    self.name = name
    self.kind = kind
    self.isRequired = required
    self.isVariadic = variadic
    self.values = values
  }
}

/// A declared `key=value` option.
public struct OptionSpec: Sendable, Equatable {
  /// The key before `=`.
  public var key: String
  /// How the value is read.
  public var kind: ArgumentKind
  /// One line of help: what it does and its default.
  public var help: String
  /// The accepted words: for a `.word` option, its fixed set (TAB completion offers them and
  /// `Arguments.word(option:)` checks them); for an `.expression` option, words it takes besides
  /// an expression (`init=ones|random|<vector>`), offered by completion but not checked.
  public var values: [String]

  /// Declares an option.
  public init(_ key: String, _ kind: ArgumentKind = .expression, help: String, values: [String] = []) {
    self.key = key
    self.kind = kind
    self.help = help
    self.values = values
  }
}

/// The shared shape of commands and functions: what arguments they take.
public struct Signature: Sendable, Equatable {
  /// Positional parameters in order.
  public var parameters: [Parameter]
  /// Options, in the order help lists them.
  public var options: [OptionSpec]

  /// A signature.
  public init(_ parameters: [Parameter] = [], options: [OptionSpec] = []) {
    self.parameters = parameters
    self.options = options
  }

  /// The option declared for `key`.
  public func option(_ key: String) -> OptionSpec? { options.first { $0.key == key } }

  var minimumCount: Int { parameters.filter(\.isRequired).count }
  var maximumCount: Int { parameters.last?.isVariadic == true ? Int.max : parameters.count }

  /// The parameter that the positional at `index` fills.
  func parameter(at index: Int) -> Parameter? {
    if index < parameters.count { return parameters[index] }
    return parameters.last?.isVariadic == true ? parameters.last : nil
  }
}

extension Signature {
  /// The usage line of a command with this signature, generated so that `help` and the notes of
  /// argument errors cannot drift from what the command accepts: `run p [tol=] [max=]`,
  /// `set [digits=] [plot=ascii|unicode]`, `clear [name…]`.
  public func commandUsage(_ name: String) -> String {
    let positionals = parameters.map { p -> String in
      let shown = p.name + (p.isVariadic ? "…" : "")
      return p.isRequired ? shown : "[\(shown)]"
    }
    let keys = options.map { "[\($0.key)=\(Self.values(of: $0))]" }
    return ([name] + positionals + keys).joined(separator: " ")
  }

  /// The usage line of a function with this signature: `norm2(W, method=svd|power|lanczos)`,
  /// `zeros(m[, n])`, `mixture(d…, weights=)`.
  public func functionUsage(_ name: String) -> String {
    var text = name + "("
    var first = true
    for p in parameters {
      let shown = p.name + (p.isVariadic ? "…" : "")
      text += p.isRequired ? (first ? "" : ", ") + shown : "[" + (first ? "" : ", ") + shown + "]"
      first = false
    }
    for option in options {
      text += (first ? "" : ", ") + option.key + "=" + Self.values(of: option)
      first = false
    }
    return text + ")"
  }

  /// An option's declared values as usage shows them: `a|b|c` for a word option with a few
  /// short ones (`…` after them for an expression option, which takes any value too), else
  /// nothing.
  private static func values(of option: OptionSpec) -> String {
    let listed = option.values.joined(separator: "|")
    guard !option.values.isEmpty, listed.count <= 28 else { return "" }
    return option.kind == .word ? listed : listed + "|…"
  }
}
