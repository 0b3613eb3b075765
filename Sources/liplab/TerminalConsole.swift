// The console of a real process: output on stdout, diagnostics on stderr (or inline on stdout
// when replaying a script, so the screen reads like a transcript), progress drawn on stderr only
// when it is a terminal. Colour only on a terminal and never with NO_COLOR.

import Notebook

/// A `Console` writing to the process's standard streams.
final class TerminalConsole: Console {
  private let diagnosticStream: Int32
  private let colourDiagnostics: Bool
  /// Columns available for a progress line on stderr, or nil when it is not a terminal.
  private let progressColumns: Int?
  private var progressVisible = false

  /// Diagnostics go to stderr, or to stdout when `diagnosticsInline` (script replay).
  init(diagnosticsInline: Bool = false) {
    diagnosticStream = diagnosticsInline ? Terminal.standardOutput : Terminal.standardError
    colourDiagnostics = Terminal.allowsColour(diagnosticStream)
    progressColumns = Terminal.columns(Terminal.standardError)
  }

  /// Wall-clock times are shown when stdout is a terminal.
  let showsTimings = Terminal.isTerminal(Terminal.standardOutput)

  func print(_ text: String) {
    eraseProgress()
    Terminal.writeAll(text + "\n", to: Terminal.standardOutput)
  }

  func printDiagnostic(_ lines: [String]) {
    eraseProgress()
    let rendered = colourDiagnostics ? lines.map(Self.coloured) : lines
    Terminal.writeAll(rendered.map { $0 + "\n" }.joined(), to: diagnosticStream)
  }

  /// Redraws the progress line in place (cut to the terminal's width, so it never wraps and
  /// "\r" always returns to its start); "" erases it.
  func progress(_ text: String) {
    guard let progressColumns else { return }
    Terminal.writeAll("\r\u{1B}[K" + text.prefix(max(0, progressColumns - 1)), to: Terminal.standardError)
    progressVisible = !text.isEmpty
  }

  /// Clears a progress line still on the screen before anything else is written.
  private func eraseProgress() {
    guard progressVisible else { return }
    Terminal.writeAll("\r\u{1B}[K", to: Terminal.standardError)
    progressVisible = false
  }

  /// `error:` in bold red, `note:` in bold, a caret line in bold green (clang's palette).
  private static func coloured(_ line: String) -> String {
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
