// Teaching mode (`--pace`, `--pace-together`): before each statement of a replayed script — and
// with `--pace` again before it runs, so a class can predict its output — wait for a key on
// /dev/tty, so a class sees one step at a time even when stdout is redirected.
//
// The terminal is read byte by byte without echo. Enter, Space, → , ↓ and Page Down run the next
// statement (a presentation clicker sends one of these), the terminal's end-of-file key
// (Ctrl-D) or a terminal that goes away ends the replay, and every other key — letters, ← and
// ↑, function keys, modified arrows — is dropped whole, escape sequence and all. While it
// waits, a dim hint on the terminal says so; it is erased before the statement is echoed, and
// never reaches stdout, so redirected output and transcripts do not contain it.

import Notebook

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for a key on the controlling terminal.
final class Pace {
  /// The hint shown while waiting for the next statement.
  static let nextHint = "Enter, Space or →: next statement · Ctrl-D: stop"
  /// The hint shown while a statement waits to run (predict, then reveal).
  static let revealHint = "Enter, Space or →: run it, show the output · Ctrl-D: stop"

  private let fd: Int32

  /// Opens /dev/tty; nil when the process has no controlling terminal.
  init?() {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard fd >= 0 else { return nil }
    self.fd = fd
  }

  deinit { close(fd) }

  /// Blocks until a key that moves on (`.run`), Ctrl-D (`.stop`) or Ctrl-C
  /// (`.interrupted`), without
  /// echoing what is typed, showing the hint meanwhile (dim unless NO_COLOR; cut to the
  /// terminal's width) and erasing it afterwards. Keys typed before the wait began are
  /// discarded, so a key pressed while the previous statement ran does not skip the next one. Needs the SIGINT handler installed without
  /// SA_RESTART (`Interrupts.install`): Ctrl-C then cuts the read short.
  func waitForKey(hint: String = Pace.nextHint) -> PaceDecision {
    var saved = termios()
    guard tcgetattr(fd, &saved) == 0 else { return .stop }
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
    var keys = PaceKeys(eof: eof)
    showHint(hint)
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
        switch keys.key(byte) {
        case .next: return .run
        case .endOfFile: return .stop
        case .other, nil: continue
        }
      }
      if count < 0 && errno == EINTR { continue }
      return .stop
    }
  }

  /// Draws the hint at the start of the current line of the terminal.
  private func showHint(_ hint: String) {
    let columns = Terminal.columns(fd) ?? 80
    let text = TerminalText.fitted(hint, columns: columns)
    let dim = Terminal.allowsColour(fd)
    Terminal.writeAll(dim ? "\r\u{1B}[2m" + text + "\u{1B}[0m" : "\r" + text, to: fd)
  }
}
