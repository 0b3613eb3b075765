// Text shaped for a terminal: a line fitted below its width, and a diagnostic's lines in
// clang's colours. Pure functions; the front end writes the results.

/// Terminal text helpers.
public enum TerminalText {
  /// `text` cut to one column less than `columns`, so that it cannot wrap even on terminals
  /// that wrap as soon as the last column is written.
  public static func fitted(_ text: String, columns: Int) -> String {
    String(text.prefix(max(0, columns - 1)))
  }

  /// `error:` in bold red, `note:` in bold, a caret line in bold green (clang's palette).
  public static func coloured(_ line: String) -> String {
    if !line.hasPrefix(" "), let range = line.firstRange(of: "error: ") {
      return line[..<range.lowerBound] + "\u{1B}[1;31merror:\u{1B}[0m " + line[range.upperBound...]
    }
    if line.hasPrefix("  note: ") {
      return "  \u{1B}[1mnote:\u{1B}[0m " + line.dropFirst(8)
    }
    if !line.isEmpty, line.allSatisfy({ $0 == " " || $0 == "^" }), line.contains("^") {
      return "\u{1B}[1;32m" + line + "\u{1B}[0m"
    }
    return line
  }
}
