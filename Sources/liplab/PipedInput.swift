// Statements read from a pipe or a redirected file on stdin: no prompt, no echo, no line
// editing. Lines are joined while an open bracket asks for more, and each statement runs with
// origin `<stdin>`, so diagnostics read `<stdin>:3:7: error: …`.

import Notebook

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the statements arriving on a non-terminal stdin.
struct PipedInput {
  /// The session's settings.
  var settings: Settings
  /// Stop at the first failing statement.
  var bail: Bool

  /// Runs every statement; returns 1 when one failed, else 0.
  func run() -> Int32 {
    let session = Session(console: TerminalConsole(), settings: settings)
    var reader = LineReader(fd: Terminal.standardInput)
    var status: Int32 = 0
    var pending: [String] = []
    var firstLine = 1
    var lineNumber = 0
    func runPending() -> StatementOutcome {
      let statement = StatementSource(text: pending.joined(separator: "\n"), origin: .file("<stdin>"), firstLine: firstLine)
      pending.removeAll()
      let outcome = session.execute(statement)
      if outcome == .failed { status = 1 }
      return outcome
    }
    while var line = reader.next() {
      lineNumber += 1
      // A byte-order mark (U+FEFF, written by some Windows editors) is not part of line 1.
      if lineNumber == 1, line.unicodeScalars.first == "\u{FEFF}" { line.unicodeScalars.removeFirst() }
      if pending.isEmpty {
        guard line.contains(where: { !$0.isWhitespace }) else { continue }
        firstLine = lineNumber
      }
      pending.append(line)
      if Session.completeness(of: pending.joined(separator: "\n")) == .incomplete { continue }
      let outcome = runPending()
      if outcome == .quit || (outcome == .failed && bail) { return status }
    }
    // An unclosed bracket at the end of input still runs, so its error is reported.
    if !pending.isEmpty { _ = runPending() }
    return status
  }
}

/// Splits the bytes read from a file descriptor into lines (without "\n" or a trailing "\r").
struct LineReader {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false

  /// Reads from `fd`, which stays open.
  init(fd: Int32) { self.fd = fd }

  /// The next line, or nil at the end of input (a last line without "\n" is still returned).
  mutating func next() -> String? {
    while true {
      if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
        defer { start = newline + 1 }
        return Self.text(buffer[start..<newline])
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        defer { start = buffer.count }
        return Self.text(buffer[start...])
      }
      fill()
    }
  }

  /// Appends up to 64 KiB from `fd`, dropping the bytes already returned.
  private mutating func fill() {
    buffer.removeSubrange(0..<start)
    start = 0
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count > 0 {
      buffer.append(contentsOf: chunk[0..<count])
    } else if count == 0 || errno != EINTR {
      atEnd = true
    }
  }

  private static func text(_ bytes: ArraySlice<UInt8>) -> String {
    var line = String(decoding: bytes, as: UTF8.self)
    if line.hasSuffix("\r") { line.removeLast() }
    return line
  }
}
