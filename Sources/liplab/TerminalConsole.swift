// The console of a real process: output on stdout, diagnostics on stderr (or inline on stdout
// when replaying a script, so the screen reads like a transcript), progress drawn on stderr only
// when it is a terminal. Colour only on a terminal and never with NO_COLOR. Widths are asked of
// the terminal on every use, so output and progress follow a resize.

import Notebook

/// A `Console` writing to the process's standard streams.
final class TerminalConsole: Console {
  private let diagnosticStream: Int32
  private let colourDiagnostics: Bool
  private var progressVisible = false

  /// Diagnostics go to stderr, or to stdout when `diagnosticsInline` (script replay).
  init(diagnosticsInline: Bool = false) {
    diagnosticStream = diagnosticsInline ? Terminal.standardOutput : Terminal.standardError
    colourDiagnostics = Terminal.allowsColour(diagnosticStream)
  }

  /// Wall-clock times are shown when stdout is a terminal.
  let showsTimings = Terminal.isTerminal(Terminal.standardOutput)

  /// The width of the terminal on stdout now (TIOCGWINSZ), or nil when stdout is not one.
  var columns: Int? { Terminal.columns(Terminal.standardOutput) }

  func print(_ text: String) {
    eraseProgress()
    Terminal.writeAll(text + "\n", to: Terminal.standardOutput)
  }

  func printDiagnostic(_ lines: [String]) {
    eraseProgress()
    let rendered = colourDiagnostics ? lines.map(TerminalText.coloured) : lines
    Terminal.writeAll(rendered.map { $0 + "\n" }.joined(), to: diagnosticStream)
  }

  /// Redraws the progress line in place (cut to the terminal's width of the moment, so it never
  /// wraps and "\r" always returns to its start); "" erases it. Nothing when stderr is not a
  /// terminal.
  func progress(_ text: String) {
    // NOTE: the width is asked before every redraw (one ioctl; commands redraw every 1–2% of
    // a run), not cached: after a resize to fewer columns a cached width made every redraw wrap
    // and leave a line behind. A line drawn just before the resize may still leave one.
    guard let columns = Terminal.columns(Terminal.standardError) else { return }
    Terminal.writeAll("\r\u{1B}[K" + TerminalText.fitted(text, columns: columns), to: Terminal.standardError)
    progressVisible = !text.isEmpty
  }

  /// Clears a progress line still on the screen before anything else is written.
  private func eraseProgress() {
    guard progressVisible else { return }
    Terminal.writeAll("\r\u{1B}[K", to: Terminal.standardError)
    progressVisible = false
  }
}
