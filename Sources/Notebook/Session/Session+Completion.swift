// TAB completion: which words could complete the one being typed, from the same tables that
// dispatch commands and functions and from the session's variables.

extension Session {
  /// Candidates completing the word that ends at `cursor` (a character offset) in `line`:
  /// command names at the start of a line (with functions and variables, since an expression
  /// may start there too), function and variable names in expressions, option keys with their
  /// `=` (`tol=`) after a command or inside a function's parentheses, the declared values of an
  /// option after `key=` (`plot=unicode`, `norm2(W, method=power)`), and topics after `help`.
  /// Nothing inside a comment or a string. Sorted, deduplicated; each candidate is a whole word
  /// that starts with the typed prefix.
  public func completions(in line: String, cursor: Int) -> [String] {
    let characters = Array(line)
    let end = min(max(0, cursor), characters.count)
    if Session.endsInCommentOrString(characters[0..<end]) { return [] }
    var start = end
    while start > 0 && isWordCharacter(characters[start - 1], dash: false) { start -= 1 }
    // In a command's arguments a word may contain dashes (`method=wgan-gp`).
    if let (word, _, _, spaced) = StatementParser.leadingWord(SourceText(line)), spaced,
      commands[word] != nil
    {
      while start > 0 && isWordCharacter(characters[start - 1], dash: true) { start -= 1 }
    }
    let prefix = String(characters[start..<end])
    let before = String(characters[0..<start])
    // The first group with a word that fits the prefix is offered.
    for group in candidates(before: before) {
      let matching = Set(group.filter { $0.hasPrefix(prefix) })
      if !matching.isEmpty { return matching.sorted() }
    }
    return []
  }

  /// True when `text` ends inside a `"…"` string or a `#` comment (`LexicalScan`'s rules): what
  /// is typed there is not a name. Cost: O(length).
  static func endsInCommentOrString(_ text: ArraySlice<Character>) -> Bool {
    LexicalScan(String(text)).placeAtEnd != .code
  }

  private func isWordCharacter(_ c: Character, dash: Bool) -> Bool {
    c.unicodeScalars.allSatisfy { Lexer.isIdentifierPart($0) || (dash && $0 == "-") }
  }

  /// What may be typed after the text `before`, in groups: the words of the first group that
  /// fit the typed prefix are offered, and a later group only when none of an earlier one fits.
  private func candidates(before: String) -> [[String]] {
    let expressionWords = functions.names + variableNames
    let source = SourceText(before)
    let trimmed = before.drop { $0 == " " || $0 == "\t" }
    if trimmed.isEmpty { return [commands.names + expressionWords] }
    if let (word, _, rest, spaced) = StatementParser.leadingWord(source), spaced,
      let command = commands[word], rest < source.scalars.count
    {
      if word == "help" { return [HelpText(commands: commands, functions: functions).topics] }
      if let key = optionKey(endingAt: before), let option = command.signature.option(key) {
        return optionValues(option, expressionWords: expressionWords)
      }
      let keys = command.signature.options.map { "\($0.key)=" }
      // The positional being typed: count the complete positionals before it.
      let typed = (try? StatementParser.splitArguments(source, from: rest)) ?? []
      let index = typed.filter { $0.key == nil }.count
      guard let parameter = command.signature.parameter(at: index) else { return [keys] }
      switch parameter.kind {
      case .expression: return [keys + expressionWords]
      case .variable: return [keys + variableNames + parameter.values]
      case .word: return [keys + parameter.values]
      }
    }
    if let function = enclosingFunction(of: before) {
      if let key = optionKey(endingAt: before), let option = function.signature.option(key) {
        return optionValues(option, expressionWords: expressionWords)
      }
      return [function.signature.options.map { "\($0.key)=" } + expressionWords]
    }
    return [expressionWords]
  }

  /// What completes the value of `option`, for commands and functions alike: its declared
  /// values only (`method=` → svd, power, lanczos). An expression option with declared words
  /// (`init=ones|random|<vector>`) falls back to the expression words when no declared value
  /// fits the prefix; an option without declared values takes any expression.
  private func optionValues(_ option: OptionSpec, expressionWords: [String]) -> [[String]] {
    if option.values.isEmpty { return [expressionWords] }
    return option.kind == .word ? [option.values] : [option.values, expressionWords]
  }

  /// The key of `key=` when `text` ends with it.
  private func optionKey(endingAt text: String) -> String? {
    guard text.last == "=" else { return nil }
    var key = text.dropLast()
    var name = ""
    while let c = key.last, c.unicodeScalars.allSatisfy(Lexer.isIdentifierPart) {
      name.insert(c, at: name.startIndex)
      key.removeLast()
    }
    return name.isEmpty ? nil : name
  }

  /// The function whose argument list is open at the end of `text`, if any: the name just before
  /// the innermost open `(`.
  private func enclosingFunction(of text: String) -> FunctionSpec? {
    let scalars = Array(text.unicodeScalars)
    guard let last = LexicalScan(scalars).open.last, last.scalar == "(" else { return nil }
    var start = last.offset
    while start > 0 && Lexer.isIdentifierPart(scalars[start - 1]) { start -= 1 }
    guard start < last.offset else { return nil }
    return functions[String(String.UnicodeScalarView(scalars[start..<last.offset]))]
  }
}
