// The session commands every notebook has: show, vars, clear, seed, set, help, quit and exit.

import DenseMatrix

extension CommandTable {
  /// show, vars, clear, seed, set, help, quit, exit.
  static var builtinCommands: [CommandSpec] {
    [show, vars, clear, seed, set, help, quit("quit"), quit("exit")]
  }

  private static var show: CommandSpec {
    CommandSpec(
      "show", summary: "print a value in full, without eliding rows or columns",
      help: ["A bare expression prints large matrices with their middle elided to fit the width; `show` prints every entry."],
      signature: Signature([Parameter("W")]), recordsInHistory: false
    ) { context throws(Diagnostic) in
      let value = try context.arguments.value(0)
      let label = context.arguments.label(0) ?? ""
      // NOTE: a matrix or an object has a header line, labelled as `norms` and `svd` label
      // theirs (`eye(2) : 2×2`); a number or a string computed in place prints bare, as a bare
      // expression does (`show 2*pi` is `6.283185`, not `2*pi = 6.283185`).
      let hasHeader: Bool
      switch value {
      case .matrix, .tensor, .object: hasHeader = true
      case .number, .string: hasHeader = Lexer.isIdentifier(label)
      }
      try context.printInFull(value, name: hasHeader ? label : nil)
    }
  }

  private static var vars: CommandSpec {
    CommandSpec(
      "vars", summary: "list the variables with their type and shape or value",
      recordsInHistory: false
    ) { context throws(Diagnostic) in
      let names = context.variableNames
      guard !names.isEmpty else {
        context.print("no variables")
        return
      }
      let printer = ValuePrinter(settings: context.settings)
      let width = names.map(\.count).max() ?? 0
      for name in names {
        guard let value = context.variable(name) else { continue }
        let padded = name + String(repeating: " ", count: width - name.count)
        let detail: String
        switch value {
        case .matrix(let m): detail = "\(m.shape)"
        case .tensor(let t): detail = t.shapeText
        case .number(let x): detail = printer.format.string(x)
        case .string(let s): detail = "\"\(s)\""
        case .object(let object): detail = object.summary(printer.format)
        }
        let type = value.typeName.padding(to: 8)
        context.print("  \(padded)  \(type)  \(detail)")
      }
    }
  }

  private static var clear: CommandSpec {
    CommandSpec(
      "clear", summary: "forget the named variables, or all of them with 'clear all'",
      help: [
        "'clear all' forgets every variable and says how many; 'clear' alone forgets nothing and asks for names or 'all', so that a stray 'clear' cannot wipe a session."
      ],
      signature: Signature([Parameter("name", .variable, required: false, variadic: true)])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      if arguments.count == 0 {
        throw Diagnostic(
          "clear needs the names of the variables to forget", at: arguments.range,
          notes: ["'clear all' forgets every variable"])
      }
      if arguments.count == 1, arguments.text(0) == "all" {
        let count = context.variableNames.count
        context.removeAll()
        context.print("forgot \(count) variable\(count == 1 ? "" : "s")")
        return
      }
      for i in 0..<arguments.count {
        context.remove(try arguments.variable(i).name)
      }
    }
  }

  private static var seed: CommandSpec {
    CommandSpec(
      "seed",
      summary: "reset the random source, so what follows is reproducible",
      help: [
        "Random functions (rand, randn, orth, spectrum, power with init=random) draw from the session's random source unless given seed=. A fresh session starts as if after 'seed 0'."
      ],
      signature: Signature([Parameter("N")])
    ) { context throws(Diagnostic) in
      context.random = RandomSource(seed: UInt64(try context.arguments.count(0)))
    }
  }

  private static var set: CommandSpec {
    CommandSpec(
      "set",
      summary: "change the settings, or list them when given none",
      signature: Signature(options: [
        OptionSpec("digits", help: "significant digits of printed numbers, 1…17 (default 6)"),
        OptionSpec("width", help: "output width in columns for matrices, tables and plots, 40…400 (default: the terminal's width as it changes, else 80)"),
        OptionSpec("plot", .word, help: "plot characters: ascii (default) or unicode", values: ["ascii", "unicode"]),
        OptionSpec("limit", help: "the most elements one matrix may have (default 268435456)"),
      ])
    ) { context throws(Diagnostic) in
      let arguments = context.arguments
      var settings = context.settings
      if let digits = try arguments.count(option: "digits") {
        guard (1...17).contains(digits) else {
          throw Diagnostic("digits must be between 1 and 17, got \(digits)", at: arguments.range(option: "digits"))
        }
        settings.digits = digits
      }
      if let width = try arguments.count(option: "width") {
        guard Settings.widthRange.contains(width) else {
          throw Diagnostic("width must be between 40 and 400, got \(width)", at: arguments.range(option: "width"))
        }
        settings.width = width
        settings.widthIsFixed = true
      }
      if let plot = try arguments.word(option: "plot") { settings.unicodePlots = plot == "unicode" }
      if let limit = try arguments.count(option: "limit") {
        guard limit >= 1, limit <= Settings.maximumElementLimit else {
          throw Diagnostic(
            "limit must be between 1 and \(Settings.maximumElementLimit), got \(limit)",
            at: arguments.range(option: "limit"),
            notes: ["the largest limit is half this machine's memory, in doubles"])
        }
        settings.elementLimit = limit
      }
      context.settings = settings
      if ["digits", "width", "plot", "limit"].allSatisfy({ !arguments.has($0) }) {
        context.print("  digits = \(settings.digits)")
        context.print("  width  = \(settings.width)")
        context.print("  plot   = \(settings.unicodePlots ? "unicode" : "ascii")")
        context.print("  limit  = \(settings.elementLimit)")
      }
    }
  }

  private static var help: CommandSpec {
    CommandSpec(
      "help",
      summary: "list the commands and functions, or explain one of them",
      signature: Signature([Parameter("topic", .word, required: false)]), recordsInHistory: false
    ) { context throws(Diagnostic) in
      let help = HelpText(commands: context.commandTable, functions: context.functions)
      if context.arguments.count == 0 {
        context.print(lines: help.overview(width: context.settings.width))
        return
      }
      let topic = try context.arguments.word(0)
      guard let lines = help.topic(topic, width: context.settings.width) else {
        var diagnostic = Diagnostic("no help for '\(topic)'", at: context.arguments.range(0))
        if let note = Suggestion.note(for: topic, in: help.topics) { diagnostic.notes.append(note) }
        diagnostic.notes.append("type 'help' for the list of commands and functions")
        throw diagnostic
      }
      context.print(lines: lines)
    }
  }

  /// `quit` and its synonym `exit`.
  private static func quit(_ name: String) -> CommandSpec {
    CommandSpec(
      name, summary: name == "quit" ? "end the session" : "end the session, as 'quit' does",
      recordsInHistory: false
    ) { context throws(Diagnostic) in
      context.quitRequested = true
    }
  }
}

extension String {
  /// The string padded with spaces on the right to at least `width` characters.
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
