// Lines into statements: the one place where liplab decides where a statement ends, whatever
// feeds it (the prompt, a pipe, `-e`, a script). Pure: lines in, items out.
//
// A statement starts at a line that is neither blank nor a comment and takes further lines while
// a bracket is open (`LexicalScan`). Lines keep their newlines, which separate rows inside `[ ]`.
// An unclosed bracket does not swallow the rest of the input: a line that cannot continue the
// open statement — a command, or an assignment where a matrix row or an argument list cannot hold
// one — ends it there, and it runs as it is (reporting the bracket with a note at its opening),
// while the line starts the next statement. A byte-order mark before the first line is dropped.

/// One piece of a script, in order.
public enum TranscriptItem: Sendable, Equatable {
  /// A blank line or a comment line outside any statement, echoed as it is.
  case verbatim(String)
  /// A statement, possibly spanning several lines.
  case statement(StatementSource)
}

/// Gathers lines into statements.
public struct StatementReader {
  private let origin: SourceOrigin
  private let isCommand: (String) -> Bool
  private var pending: [String] = []
  /// The scalars in `pending` joined by newlines (the scan needs only the count).
  private var pendingLength = 0
  private var scan = LexicalScan([])
  private var firstLine = 1
  private var lineNumber = 0

  /// A reader of statements from `origin`; `isCommand` tells which words are command names.
  public init(origin: SourceOrigin, isCommand: @escaping (String) -> Bool) {
    self.origin = origin
    self.isCommand = isCommand
  }

  /// True while a statement waits for a continuation line (a bracket is open).
  public var isContinuing: Bool { !pending.isEmpty }

  /// The number of the last line added (1 for the first).
  public var currentLine: Int { lineNumber }

  /// Adds the next line (without its newline; a trailing "\r" is dropped) and returns what it
  /// completes: nothing while a bracket stays open, else a verbatim line or a statement — or
  /// two items when the line cannot continue the open statement and so ends it. Cost: linear in
  /// the line's length (the scan resumes where the last line ended).
  public mutating func add(_ line: String) -> [TranscriptItem] {
    var line = line
    lineNumber += 1
    if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" { line.unicodeScalars.removeFirst() }
    if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
    var items: [TranscriptItem] = []
    if !pending.isEmpty && !canContinue(line) { items.append(takeStatement()) }
    if pending.isEmpty {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.first == "#" { return items + [.verbatim(line)] }
      firstLine = lineNumber
    }
    var scalars: [Unicode.Scalar] = pending.isEmpty ? [] : ["\n"]
    scalars.append(contentsOf: line.unicodeScalars)
    pending.append(line)
    scan.resume(scalars, from: 0, shiftedBy: pendingLength)
    pendingLength += scalars.count
    if !scan.asksForMore { items.append(takeStatement()) }
    return items
  }

  /// Ends the input: a statement still open is returned as it is (running it reports the open
  /// bracket); nil when nothing is pending.
  public mutating func finish() -> StatementSource? {
    guard !pending.isEmpty, case .statement(let statement) = takeStatement() else { return nil }
    return statement
  }

  /// Forgets the lines of an open statement (Ctrl-C at a continuation prompt).
  public mutating func discard() {
    pending.removeAll()
    pendingLength = 0
    scan = LexicalScan([])
  }

  /// The items of a whole text: the lines of `text` added in order, then `finish()`.
  public static func items(
    of text: String, origin: SourceOrigin, isCommand: @escaping (String) -> Bool
  ) -> [TranscriptItem] {
    var reader = StatementReader(origin: origin, isCommand: isCommand)
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    var items = lines.flatMap { reader.add(String(String.UnicodeScalarView($0))) }
    if let last = reader.finish() { items.append(.statement(last)) }
    return items
  }

  private mutating func takeStatement() -> TranscriptItem {
    let statement = StatementSource(text: pending.joined(separator: "\n"), origin: origin, firstLine: firstLine)
    discard()
    return .statement(statement)
  }

  /// Whether `line` can continue the open statement. A command (its name, then whitespace and
  /// no `=` or `(`) never can; an assignment (`name =`) cannot inside `[ ]`, nor inside `( )`
  /// unless the last line ended with `,` or `(` (a `key = value` argument on its own line).
  private func canContinue(_ line: String) -> Bool {
    let source = SourceText(line)
    guard let (word, _, rest, spaced) = StatementParser.leadingWord(source) else { return true }
    let s = source.scalars
    var j = rest
    while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
    let next: Unicode.Scalar? = j < s.count ? s[j] : nil
    let isAssignment = next == "=" && !(j + 1 < s.count && s[j + 1] == "=")
    if spaced && isCommand(word) && !isAssignment && next != "(" { return false }
    guard isAssignment else { return true }
    if scan.open.last?.scalar == "[" { return false }
    let previous = pending.last?.unicodeScalars.reversed().first { $0 != " " && $0 != "\t" }
    return previous == "," || previous == "("
  }
}
