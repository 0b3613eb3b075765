// Line editing at the interactive prompt through libedit's native API (histedit.h): emacs key
// bindings, history kept across runs, TAB completion, and Ctrl-C that cancels the line.
//
// libedit calls back into Swift through C function pointers that cannot capture anything; they
// find this editor through libedit's client-data pointer (EL_CLIENTDATA).

import CEditLine
import Notebook

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A libedit line editor with a primary and a continuation prompt and a persistent history; the
/// interactive pipeline's line source.
final class LineEditor: LineSource {
  /// What one call to `read` produced.
  enum Input: Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C was pressed while the line was being typed; the line is discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfInput
  }

  /// Candidates completing the word that ends at a character offset of a line.
  typealias Completer = (_ line: String, _ cursor: Int) -> [String]

  private let editLine: OpaquePointer
  private let history: OpaquePointer
  private let historyFile: HistoryFile?
  private let completer: Completer
  private let drawingStream: Int32
  private let primaryPrompt: UnsafeMutablePointer<CChar>
  private let continuationPrompt: UnsafeMutablePointer<CChar>
  private var currentPrompt: UnsafeMutablePointer<CChar>
  fileprivate let input = TerminalInput(fd: Terminal.standardInput)

  /// Opens the editor on the terminal; nil when libedit cannot initialise it. The history is
  /// loaded from `historyPath` when that file exists.
  init?(prompt: String, continuationPrompt: String, historyPath: String?, completer: @escaping Completer) {
    let drawOnStderr = !Terminal.isTerminal(Terminal.standardOutput)
    guard let editLine = liplab_el_init("liplab", drawOnStderr ? 1 : 0) else { return nil }
    guard let history = history_init() else {
      el_end(editLine)
      return nil
    }
    self.editLine = editLine
    self.history = history
    self.historyFile = historyPath.map { HistoryFile(path: $0, capacity: 1000) }
    self.completer = completer
    self.drawingStream = drawOnStderr ? Terminal.standardError : Terminal.standardOutput
    self.primaryPrompt = strdup(prompt)
    self.continuationPrompt = strdup(continuationPrompt)
    self.currentPrompt = primaryPrompt

    liplab_history_set_size(history, 1000)
    liplab_history_set_unique(history, 1)
    for entry in historyFile?.entries() ?? [] { liplab_history_enter(history, entry) }

    liplab_el_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
    liplab_el_set_editor(editLine, "emacs")
    liplab_el_set_signal(editLine, 1)
    liplab_el_set_history(editLine, history)
    liplab_el_set_prompt(editLine, promptCallback)
    liplab_el_set_read_function(editLine, readCallback)
    liplab_el_add_function(editLine, "liplab-complete", "Complete the word before the cursor", completionCallback)
    liplab_el_bind(editLine, "^I", "liplab-complete")
    liplab_el_add_function(editLine, "liplab-paste-mark", "Ignore a bracketed paste's start or end", pasteMarkCallback)
    liplab_el_bind(editLine, "\\e[200~", "liplab-paste-mark")
    liplab_el_bind(editLine, "\\e[201~", "liplab-paste-mark")
    // The user's ~/.editrc (if any) may override the bindings above.
    _ = el_source(editLine, nil)
  }

  deinit {
    el_end(editLine)
    history_end(history)
    free(primaryPrompt)
    free(continuationPrompt)
  }

  /// Reads one line after the primary prompt, or the continuation prompt when `continuation`.
  func read(continuation: Bool) -> Input {
    currentPrompt = continuation ? continuationPrompt : primaryPrompt
    Interrupts.clear()
    var count: Int32 = 0
    Interrupts.bracketedPaste(true, on: drawingStream)
    let raw = el_gets(editLine, &count)
    Interrupts.bracketedPaste(false, on: drawingStream)
    if Interrupts.isPending {
      // NOTE: the read was cut short by SIGINT; start the next line from an empty buffer.
      el_reset(editLine)
      Interrupts.clear()
      return .interrupted
    }
    guard let raw, count > 0 else { return .endOfInput }
    var line = String(cString: raw)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// The next line for the pipeline: Ctrl-C shows `^C` and drops the statement being typed;
  /// Ctrl-D ends the statement being typed at a continuation prompt, the session at the primary
  /// one.
  func nextLine(continuing: Bool) -> SourceLine {
    switch read(continuation: continuing) {
    case .line(let line): return .line(line)
    case .interrupted:
      show("^C\n")
      return .interrupted
    case .endOfInput:
      show("\n")
      return continuing ? .endOfStatement : .end
    }
  }

  /// Adds a whole statement to the history (continuation lines joined with "\n": libedit
  /// recalls it as one multi-line buffer, and `read` then returns it as one line holding
  /// newlines) and to the history file, merged with other sessions' (`HistoryFile`). Blank
  /// statements are not kept. A file that cannot be written is ignored: losing history never
  /// stops a session.
  func remember(_ statement: String) {
    guard statement.contains(where: { !$0.isWhitespace }) else { return }
    liplab_history_enter(history, statement)
    try? historyFile?.append(statement)
  }

  /// Writes `text` where the editor draws (stdout, or stderr when stdout is redirected).
  func show(_ text: String) {
    Terminal.writeAll(text, to: drawingStream)
  }

  // MARK: Callbacks

  fileprivate var prompt: UnsafeMutablePointer<CChar> { currentPrompt }

  /// TAB: one candidate is inserted; several insert their common prefix and are listed.
  fileprivate func complete() -> UInt8 {
    guard let info = el_line(editLine)?.pointee, let buffer = info.buffer else { return liplab_cc_error() }
    let line = Self.decode(from: buffer, to: info.lastchar)
    let beforeCursor = Self.decode(from: buffer, to: info.cursor)
    let candidates = completer(line, beforeCursor.count)
    guard !candidates.isEmpty else { return liplab_cc_error() }
    let word = Completion.word(endingAt: beforeCursor, completedBy: candidates)
    let common = Completion.commonPrefix(of: candidates)
    let insertion = String(common.dropFirst(word.count))
    if !insertion.isEmpty { _ = el_insertstr(editLine, insertion) }
    if candidates.count == 1 { return liplab_cc_refresh() }
    let width = Terminal.columns(drawingStream) ?? 80
    show("\n" + Completion.columns(candidates, width: width).map { $0 + "\n" }.joined())
    return liplab_cc_redisplay()
  }

  /// The UTF-8 text between two pointers into libedit's line buffer.
  private static func decode(from start: UnsafePointer<CChar>, to end: UnsafePointer<CChar>?) -> String {
    guard let end, end > start else { return "" }
    let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: end - start)
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// libedit's prompt callback: the prompt of the editor found through the client data.
private let promptCallback: liplab_prompt_function = { editLine in
  guard let editLine, let data = liplab_el_client_data(editLine) else { return nil }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().prompt
}

/// libedit's character reader: the editor's `TerminalInput` (malformed UTF-8 as U+FFFD).
private let readCallback: liplab_read_function = { editLine, character in
  guard let editLine, let character, let data = liplab_el_client_data(editLine) else { return -1 }
  switch Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().input.next() {
  case .character(let c):
    character.pointee = wchar_t(bitPattern: c.value)
    return 1
  case .end: return 0
  case .failed: return -1
  }
}

/// The start and end marks of a bracketed paste (`ESC[200~`, `ESC[201~`): nothing to do.
private let pasteMarkCallback: liplab_editor_function = { _, _ in liplab_cc_norm() }

/// libedit's TAB command: completes through the editor found through the client data.
private let completionCallback: liplab_editor_function = { editLine, _ in
  guard let editLine, let data = liplab_el_client_data(editLine) else { return liplab_cc_error() }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().complete()
}
