// Teaching mode (`--pace`): before each statement of a replayed script, wait for Enter on
// /dev/tty, so a class sees one statement at a time even when stdout is redirected.
//
// The terminal is read byte by byte without echo: Enter (CR or LF) runs the next statement,
// the terminal's end-of-file key (Ctrl-D) or a terminal that goes away ends the replay, and
// every other byte — letters, Space, the bytes of an arrow key's escape sequence — is dropped.
// While it waits, a dim hint on the terminal says so; it is erased before the statement is
// echoed, and never reaches stdout, so redirected output and transcripts do not contain it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for Enter on the controlling terminal.
final class Pace {
  /// How a wait ended.
  enum Outcome: Equatable {
    /// Enter: run the next statement.
    case next
    /// Ctrl-C: the SIGINT flag is set for the replay to see (it stops with status 130).
    case interrupted
    /// Ctrl-D, or the terminal went away: end the replay.
    case endOfInput
  }

  /// What one byte read from the terminal means while waiting.
  enum Key: Equatable {
    /// CR or LF.
    case enter
    /// The terminal's end-of-file character (VEOF, normally Ctrl-D).
    case endOfFile
    /// Anything else; dropped.
    case other
  }

  /// What `byte` means, given the terminal's end-of-file character `eof`. Pure.
  static func key(_ byte: UInt8, eof: UInt8) -> Key {
    switch byte {
    case UInt8(ascii: "\r"), UInt8(ascii: "\n"): return .enter
    case eof where eof != 0: return .endOfFile
    default: return .other
    }
  }

  /// The hint shown while waiting.
  static let hint = "Enter: next statement · Ctrl-D: stop"

  private let fd: Int32

  /// Opens /dev/tty; nil when the process has no controlling terminal.
  init?() {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard fd >= 0 else { return nil }
    self.fd = fd
  }

  deinit { close(fd) }

  /// Blocks until Enter, Ctrl-D or Ctrl-C, without echoing what is typed, showing the hint
  /// meanwhile (dim unless NO_COLOR; cut to the terminal's width) and erasing it afterwards.
  /// Keys typed before the wait began are discarded, so an Enter pressed while the previous
  /// statement ran does not skip the next one. Needs the SIGINT handler installed without
  /// SA_RESTART (`Interrupts.install`): Ctrl-C then cuts the read short.
  func waitForEnter() -> Outcome {
    var saved = termios()
    guard tcgetattr(fd, &saved) == 0 else { return .endOfInput }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    let eof = withUnsafeMutableBytes(of: &raw.c_cc) { cc -> UInt8 in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
      return cc[Int(VEOF)]
    }
    // NOTE: TCSAFLUSH drops the input typed ahead (during the previous statement); a key
    // pressed from here on counts. The hint is drawn after the flush, so a key pressed once it
    // shows is never lost.
    tcsetattr(fd, TCSAFLUSH, &raw)
    showHint()
    defer {
      Terminal.writeAll("\r\u{1B}[K", to: fd)
      tcsetattr(fd, TCSANOW, &saved)
    }
    while true {
      // NOTE: a press landing between this check and the read() below is seen only at the next
      // key (a window of microseconds); ISIG stays on, so Ctrl-C and Ctrl-Z work as usual.
      if Interrupts.isPending { return .interrupted }
      var byte: UInt8 = 0
      let count = read(fd, &byte, 1)
      if count == 1 {
        switch Self.key(byte, eof: eof) {
        case .enter: return .next
        case .endOfFile: return .endOfInput
        case .other: continue
        }
      }
      if count < 0 && errno == EINTR { continue }
      return .endOfInput
    }
  }

  /// Draws the hint at the start of the current line of the terminal.
  private func showHint() {
    let columns = Terminal.columns(fd) ?? 80
    let text = TerminalConsole.fitted(Self.hint, columns: columns)
    let dim = Terminal.allowsColour(fd)
    Terminal.writeAll(dim ? "\r\u{1B}[2m" + text + "\u{1B}[0m" : "\r" + text, to: fd)
  }
}
