// The built-in commands: vars, clear, seed, set, help, quit, and the history `save` writes.

import Critics
import Testing

@testable import Notebook

@Test func varsListsNameTypeAndShape() {
  let nb = TestNotebook()
  #expect(nb.run("vars") == "no variables\n")
  nb.run("W = [3 0; 0 4]", "x = 2.5", "s = \"a\"", "p = power(W, init=ones)")
  #expect(
    nb.run("vars") == """
        W  matrix    2×2
        p  power     power iteration on 2×2, no steps yet
        s  string    "a"
        x  number    2.5

      """)
}

@Test func clearRemovesNamedOrAll() {
  let nb = TestNotebook()
  nb.run("a = 1", "b = 2", "c = 3", "d = 4", "clear a b")
  #expect(nb.session.variableNames == ["c", "d"])
  // `clear` alone forgets nothing and asks for names or `all`.
  #expect(nb.run("clear").hasPrefix("error: clear needs the names of the variables to forget"))
  #expect(nb.session.variableNames == ["c", "d"])
  #expect(nb.run("clear all") == "forgot 2 variables\n")
  #expect(nb.session.variableNames.isEmpty)
  #expect(nb.run("clear all") == "forgot 0 variables\n")
}

@Test func exitEndsTheSessionAsQuitDoes() {
  let nb = TestNotebook()
  #expect(nb.outcome("exit") == .quit)
  #expect(nb.outcome("exit now") == .failed)
  #expect(nb.run("help exit") == "exit\n  end the session, as 'quit' does\n")
}

@Test func helpMethodsListsEveryTrainingMethodOnOneLine() {
  let nb = TestNotebook()
  let lines = nb.run("help methods").split(separator: "\n")
  #expect(lines.count == Method.allCases.count + 2)
  for (line, method) in zip(lines.dropFirst(), Method.allCases) {
    #expect(line.hasPrefix("  " + method.rawValue + " "))
    #expect(line.count <= 80)
  }
  #expect(lines[1] == "  wgan-clip  WGAN critic, every parameter clipped to [−c, c]")
}

@Test func setChangesAndListsSettings() {
  let nb = TestNotebook()
  #expect(nb.run("set") == "  digits = 6\n  width  = 80\n  plot   = ascii\n  limit  = 268435456\n")
  nb.run("set digits=3 width=100 plot=unicode limit=100")
  #expect(nb.session.settings.digits == 3)
  #expect(nb.session.settings.width == 100)
  #expect(nb.session.settings.unicodePlots)
  #expect(nb.session.settings.elementLimit == 100)
  #expect(nb.run("1/3") == "0.333\n")
  #expect(nb.run("zeros(20, 20)").hasPrefix("error: a 20×20 matrix is too large (400 elements, the limit is 100)"))
}

@Test func helpIsGeneratedFromTheTables() {
  let nb = TestNotebook()
  let overview = nb.run("help")
  for name in nb.session.commands.names + nb.session.functions.names {
    #expect(overview.contains(name), "help lists \(name)")
  }
  let page = nb.run("help set")
  #expect(page.hasPrefix("set [digits=] [width=] [plot=ascii|unicode] [limit=]\n  change the settings"))
  #expect(page.contains("options:\n  digits=  significant digits"))
  #expect(nb.run("help zeros") == """
    zeros(m[, n…])
      the m×n zero matrix (n×n for zeros(n)), or a tensor of 3–4 sizes

      With three or four sizes the result is a tensor of that shape (zeros(8, 4,
      5, 5): a batch of 8 samples, 4 channels, 5×5 positions), filled in row-major
      order (the last index fastest); two sizes give a matrix, as always.

    """)
}

@Test func usageLinesAreGeneratedFromTheSignatures() {
  let nb = TestNotebook()
  for spec in nb.session.commands.specs {
    #expect(spec.usage.hasPrefix(spec.name))
    for option in spec.signature.options { #expect(spec.usage.contains("[\(option.key)="), "\(spec.name): \(option.key)") }
    for parameter in spec.signature.parameters { #expect(spec.usage.contains(parameter.name)) }
  }
  for spec in nb.session.functions.specs {
    #expect(spec.usage.hasPrefix(spec.name + "(") && spec.usage.hasSuffix(")"))
    for option in spec.signature.options { #expect(spec.usage.contains("\(option.key)="), "\(spec.name): \(option.key)") }
  }
  // What train's hand-written usage once left out is there now.
  let train = nb.session.commands["train"]!.usage
  for key in ["gamma", "decay", "optimizer", "beta1", "beta2"] { #expect(train.contains("[\(key)=")) }
  #expect(nb.session.commands["step"]!.usage == "step p [n] [mode=train|eval]")
  #expect(nb.session.functions["norm2"]!.usage == "norm2(W, method=svd|power|lanczos|jacobi)")
  #expect(nb.session.functions["power"]!.usage.contains("init=ones|random|…"))
}

@Test func quitEndsTheSession() {
  let nb = TestNotebook()
  #expect(nb.outcome("quit") == .quit)
  #expect(nb.outcome("quit now") == .failed)
}

@Test func historyKeepsSuccessfulStatementsOnly() {
  let nb = TestNotebook()
  nb.run("W = [1 2]", "help", "vars", "W * W", "x = norm2(W)", "", "# comment", "seed 3")
  #expect(nb.session.history.map(\.text) == ["W = [1 2]", "x = norm2(W)", "seed 3"])
}

@Test func commandNamesCannotBeAssigned() {
  let nb = TestNotebook()
  #expect(nb.outcome("show = 3") == .failed)
  #expect(nb.outcome("zeros = 3") == .failed)
  #expect(nb.session.variableNames.isEmpty)
}

@Test func commandArgumentsMayBeExpressions() {
  let nb = TestNotebook()
  nb.run("W = [1 2; 3 4]")
  #expect(nb.run("show (W + 1)'") == "(W + 1)' : 2×2\n  2  4\n  3  5\n")
  #expect(nb.run("show W'") == "W' : 2×2\n  1  3\n  2  4\n")
  #expect(nb.run("seed 1+1") == "")
}

@Test func showLabelsMatricesAsWrittenAndPrintsComputedNumbersBare() {
  let nb = TestNotebook()
  nb.run("x = 3", "W = [1 2]")
  #expect(nb.run("show x") == "x = 3\n")
  #expect(nb.run("show 2*x") == "6\n")
  #expect(nb.run("show \"abc\"") == "abc\n")
  #expect(nb.run("show [x 1]") == "[x 1] : 1×2\n  3  1\n")
}

@Test func objectArgumentsAreCheckedByType() throws {
  // A command reading a power tracker: the typed accessor and its diagnostic.
  let spec = CommandSpec(
    "probe", summary: "test", signature: Signature([Parameter("p", .variable)])
  ) { context throws(Diagnostic) in
    let (name, tracker) = try context.arguments.object(0, as: PowerTracker.self, what: "a power tracker")
    context.print("\(name) \(tracker.matrix.shape)")
  }
  let console = BufferConsole()
  let session = Session(
    console: console, settings: Settings(), isInterrupted: { false },
    commands: CommandTable(CommandTable.standard.specs + [spec]), functions: .standard)
  session.define("W", .number(1))
  session.define(
    "p",
    .object(try PowerTracker(matrix: .init(rows: 2, columns: 2, repeating: 1), start: .ones, mode: .exact)))
  #expect(session.execute(StatementSource(text: "probe p", origin: .interactive)) == .ok)
  #expect(session.execute(StatementSource(text: "probe W", origin: .interactive)) == .failed)
  #expect(
    console.text == """
      p 2×2
      error: 'W' is a number; 'probe' needs a power tracker
        probe W
              ^

      """)
}

@Test func helpSyntaxDescribesTheLanguage() {
  let nb = TestNotebook()
  let page = nb.run("help syntax")
  #expect(page.hasPrefix("syntax: one statement per line\n"))
  #expect(page.contains("[1 -2] has two elements"))
  #expect(page.split(separator: "\n").allSatisfy { $0.count <= 80 })
}

@Test func everyTableEntryDocumentsItself() {
  let nb = TestNotebook()
  for spec in nb.session.commands.specs {
    #expect(spec.usage == spec.name || spec.usage.hasPrefix(spec.name + " "), "usage of \(spec.name)")
    #expect(!spec.summary.isEmpty, "summary of \(spec.name)")
    #expect(spec.signature.options.allSatisfy { !$0.help.isEmpty }, "option help of \(spec.name)")
    // The page starts with the usage, wrapped to 80 columns before a '['.
    let page = nb.run("help \(spec.name)").split(separator: "\n").map(String.init)
    let usageLines = [page[0]] + page.dropFirst().prefix { $0.hasPrefix("    [") }
    #expect(usageLines.map { $0.trimmingPrefix("    ") }.joined(separator: " ") == spec.usage)
    #expect(page.allSatisfy { $0.count <= 80 }, "help \(spec.name) fits 80 columns")
  }
  for spec in nb.session.functions.specs {
    #expect(spec.usage.hasPrefix(spec.name + "("), "usage of \(spec.name)")
    #expect(!spec.summary.isEmpty, "summary of \(spec.name)")
    #expect(spec.signature.options.allSatisfy { !$0.help.isEmpty }, "option help of \(spec.name)")
    let page = nb.run("help \(spec.name)").split(separator: "\n").map(String.init)
    #expect(page.first == spec.usage)
    // The summary follows, wrapped to 80 columns.
    let summary = page.dropFirst().prefix { !$0.isEmpty && $0.hasPrefix("  ") && !$0.hasPrefix("options:") }
    #expect(summary.map { $0.trimmingPrefix("  ") }.joined(separator: " ").hasPrefix(spec.summary))
    #expect(page.allSatisfy { $0.count <= 80 }, "help \(spec.name) fits 80 columns")
  }
}
