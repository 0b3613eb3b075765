// Input completeness (open brackets ask for more) and TAB completion candidates.

import Testing

@testable import Notebook

@Test(arguments: [
  ("W = [1 2", InputCompleteness.incomplete),
  ("W = [1 2;\n3 4", .incomplete),
  ("f(1,", .incomplete),
  ("W = [1 2]", .complete),
  ("[1 2]]", .complete),
  ("x = \"[\"", .complete),
  ("x = 1 # [", .complete),
  ("x = [1 # ]", .incomplete),
  ("", .complete),
  ("norms (A", .incomplete),
  (") [", .complete),
  ("[1 2)] + [", .complete),
])
func completeness(text: String, expected: InputCompleteness) {
  #expect(Session.completeness(of: text) == expected)
}

private func completions(_ line: String, cursor: Int? = nil) -> [String] {
  let nb = TestNotebook(languageOnly: true)
  nb.run("W = [1 2; 3 4]", "Wn = sn(W)", "p = power(W)")
  return nb.session.completions(in: line, cursor: cursor ?? line.count)
}

@Test func commandsFunctionsAndVariablesAtLineStart() {
  #expect(completions("se") == ["seed", "set"])
  #expect(completions("W") == ["W", "Wn"])
  #expect(completions("no") == ["norm1", "norm2", "norminf"])
  #expect(completions("").contains("help") && completions("").contains("zeros"))
}

@Test func namesInsideExpressions() {
  #expect(completions("x = no") == ["norm1", "norm2", "norminf"])
  #expect(completions("x = W + W") == ["W", "Wn"])
  #expect(completions("x = 2 * ze") == ["zeros"])
}

@Test func optionKeysAfterACommand() {
  #expect(completions("set di") == ["digits="])
  #expect(completions("set plot=") == ["ascii", "unicode"])
  #expect(completions("set plot=u") == ["unicode"])
  #expect(completions("show W") == ["W", "Wn"])
}

@Test func optionKeysInsideAFunctionCall() {
  #expect(completions("norm2(W, me") == ["mean", "method="])
  #expect(completions("norm2(W, method=la") == ["lanczos"])
  #expect(completions("x = randn(3, 3, se") == ["seed="])
}

@Test func optionValuesInsideAFunctionCallAreOnlyTheDeclaredOnes() {
  // As after a command (`set plot=`): the values, not every function and variable.
  #expect(completions("norm2(W, method=") == ["jacobi", "lanczos", "power", "svd"])
  #expect(completions("x = norm2(W, method=") == ["jacobi", "lanczos", "power", "svd"])
  #expect(completions("norm2(W, method=W") == [])
  #expect(completions("p = power(W, mode=") == ["exact", "sn"])
  #expect(completions("p = power(W, init=") == ["ones", "random"])
  #expect(completions("p = power(W, init=r") == ["random"])
  // init also takes a start vector: when no word fits, the expression's names do.
  #expect(completions("p = power(W, init=W") == ["W", "Wn"])
  #expect(completions("p = power(W, init=ran") == ["random"])  // randn is not offered
  // After the value, the call's option keys and names again.
  #expect(completions("norm2(W, method=svd) + no") == ["norm1", "norm2", "norminf"])
}

@Test func criticActivationsComplete() {
  let nb = TestNotebook()
  #expect(nb.session.completions(in: "c = critic(act=", cursor: 15) == ["leaky", "relu", "tanh"])
  #expect(nb.session.completions(in: "c = critic(hidden=[4], act=t", cursor: 28) == ["tanh"])
}

@Test func nothingCompletesInsideCommentsAndStrings() {
  #expect(completions("x = [1 2] # nor") == [])
  #expect(completions("# nor") == [])
  #expect(completions("show W # W") == [])
  #expect(completions("x = \"nor") == [])
  #expect(completions("x = load(\"W") == [])
  // A closed string or a '#' inside one leaves the rest of the line to complete.
  #expect(completions("x = \"a\" + no") == ["norm1", "norm2", "norminf"])
  #expect(completions("x = \"#\" + no") == ["norm1", "norm2", "norminf"])
  // The cursor decides: before the '#', names complete.
  #expect(completions("x = no # comment", cursor: 6) == ["norm1", "norm2", "norminf"])
}

@Test func helpTopicsAfterHelp() {
  #expect(completions("help no") == ["norm1", "norm2", "norminf"])
  #expect(completions("help s") == [
    "seed", "set", "show", "sin", "size", "sn", "specreg", "spectrum", "sqrt", "sum", "svdvals",
    "switchnorm", "syntax",
  ])
}

@Test func cursorInTheMiddleOfTheLine() {
  #expect(completions("x = se + W", cursor: 6) == [])
  #expect(completions("x = Wn + 1", cursor: 5) == ["W", "Wn"])
}

/// A session with one extra command taking method names as words.
private func methodSession() -> (Session, BufferConsole) {
  let pick = CommandSpec(
    "pick", summary: "test",
    signature: Signature(
      [Parameter("method", .word, variadic: true, values: ["wgan-clip", "wgan-gp", "sn"])],
      options: [OptionSpec("steps", help: "steps")])
  ) { context throws(Diagnostic) in
    for i in 0..<context.arguments.count { context.print(try context.arguments.word(i)) }
  }
  let console = BufferConsole()
  let session = Session(
    console: console, settings: Settings(), isInterrupted: { false },
    commands: CommandTable(CommandTable.builtinCommands + [pick]),
    functions: FunctionTable(FunctionTable.matrixFunctions))
  return (session, console)
}

@Test func wordParametersCompleteAndCheckTheirValues() {
  let (session, console) = methodSession()
  #expect(session.completions(in: "pick wgan-", cursor: 10) == ["wgan-clip", "wgan-gp"])
  #expect(session.completions(in: "pick sn w", cursor: 9) == ["wgan-clip", "wgan-gp"])
  #expect(session.completions(in: "pick sn st", cursor: 10) == ["steps="])
  #expect(session.execute(StatementSource(text: "pick sn wgan-gp", origin: .interactive)) == .ok)
  #expect(console.text == "sn\nwgan-gp\n")
  console.reset()
  #expect(session.execute(StatementSource(text: "pick wgan-clp", origin: .interactive)) == .failed)
  #expect(
    console.text == """
      error: unknown value 'wgan-clp' for 'method'
        pick wgan-clp
             ^^^^^^^^
        note: did you mean 'wgan-clip'?
        note: method is one of: wgan-clip, wgan-gp, sn

      """)
}

@Test func positionalKindDecidesWhatCompletes() {
  let nb = TestNotebook(languageOnly: true)
  nb.run("W = [1 2; 3 4]", "p = power(W)")
  // clear takes variable names only; seed takes an expression.
  #expect(nb.session.completions(in: "clear ", cursor: 6) == ["W", "p"])
  #expect(nb.session.completions(in: "seed no", cursor: 7) == ["norm1", "norm2", "norminf"])
  #expect(nb.session.completions(in: "vars ", cursor: 5) == [])
}
