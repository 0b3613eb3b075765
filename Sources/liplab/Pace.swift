// Teaching mode (`--pace`): before each statement of a replayed script, wait for a key on
// /dev/tty, so a class sees one statement at a time even when stdout is redirected.
//
// The terminal is read byte by byte without echo. Enter, Space, → , ↓ and Page Down run the next
// statement (a presentation clicker sends one of these), the terminal's end-of-file key
// (Ctrl-D) or a terminal that goes away ends the replay, and every other key — letters, ← and
// ↑, function keys, modified arrows — is dropped whole, escape sequence and all. While it
// waits, a dim hint on the terminal says so; it is erased before the statement is echoed, and
// never reaches stdout, so redirected output and transcripts do not contain it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for a key on the controlling terminal.
final class Pace {
  /// How a wait ended.
  enum Outcome: Equatable {
    /// Enter, Space, →, ↓ or Page Down: run the next statement.
    case next
    /// Ctrl-C: the SIGINT flag is set for the replay to see (it stops with status 130).
    case interrupted
    /// Ctrl-D, or the terminal went away: end the replay.
    case endOfInput
  }

  /// What a key read from the terminal means while waiting.
  enum Key: Equatable {
    /// Enter, Space, →, ↓ or Page Down.
    case next
    /// The terminal's end-of-file character (VEOF, normally Ctrl-D).
    case endOfFile
    /// Anything else; dropped.
    case other
  }

  /// Turns the bytes of the terminal into keys: single bytes, and the escape sequences
  /// ESC [ … final and ESC O final of cursor and editing keys, taken whole. Pure.
  struct Keys {
    /// The terminal's end-of-file character (0 when disabled).
    let eof: UInt8
    /// The bytes of an escape sequence read so far (empty between keys).
    private var sequence: [UInt8] = []

    init(eof: UInt8) { self.eof = eof }

    /// The key that `byte` completes, or nil while an escape sequence is still open.
    mutating func key(_ byte: UInt8) -> Key? {
      let escape: UInt8 = 0x1B
      if sequence.isEmpty {
        if byte == escape {
          sequence = [byte]
          return nil
        }
        switch byte {
        case UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " "): return .next
        case eof where eof != 0: return .endOfFile
        default: return .other
        }
      }
      if sequence.count == 1 {
        // After ESC: '[' (CSI) or 'O' (SS3) opens a sequence; anything else ends a lone ESC
        // (dropped) and counts as a key of its own.
        guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") else {
          sequence = []
          return key(byte)
        }
        sequence.append(byte)
        return nil
      }
      sequence.append(byte)
      // Parameter and intermediate bytes (0x20–0x3F) continue it; a final byte (0x40–0x7E) ends
      // it; anything else breaks it off (dropped). Absurdly long sequences are dropped too.
      if (0x20 ... 0x3F).contains(byte) && sequence.count < 16 { return nil }
      defer { sequence = [] }
      guard (0x40 ... 0x7E).contains(byte) else { return .other }
      let body = Array(sequence.dropFirst())
      let advancing: [[UInt8]] = [
        Array("[C".utf8), Array("OC".utf8), Array("[B".utf8), Array("OB".utf8), Array("[6~".utf8),
      ]
      return advancing.contains(body) ? .next : .other
    }
  }

  /// The hint shown while waiting.
  static let hint = "Enter, Space or →: next statement · Ctrl-D: stop"

  private let fd: Int32

  /// Opens /dev/tty; nil when the process has no controlling terminal.
  init?() {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard fd >= 0 else { return nil }
    self.fd = fd
  }

  deinit { close(fd) }

  /// Blocks until a key that runs the next statement (`Key.next`), Ctrl-D or Ctrl-C, without
  /// echoing what is typed, showing the hint meanwhile (dim unless NO_COLOR; cut to the
  /// terminal's width) and erasing it afterwards. Keys typed before the wait began are
  /// discarded, so a key pressed while the previous statement ran does not skip the next one. Needs the SIGINT handler installed without
  /// SA_RESTART (`Interrupts.install`): Ctrl-C then cuts the read short.
  func waitForKey() -> Outcome {
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
    var keys = Keys(eof: eof)
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
        switch keys.key(byte) {
        case .next: return .next
        case .endOfFile: return .endOfInput
        case .other, nil: continue
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
