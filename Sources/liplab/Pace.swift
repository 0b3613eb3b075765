// Teaching mode (`--pace`): before each statement of a replayed script, wait for one key press
// read from /dev/tty, so a class sees one statement at a time even when stdout is redirected.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for key presses on the controlling terminal.
final class Pace {
  private let fd: Int32

  /// Opens /dev/tty; nil when the process has no controlling terminal.
  init?() {
    let fd = open("/dev/tty", O_RDONLY)
    guard fd >= 0 else { return nil }
    self.fd = fd
  }

  deinit { close(fd) }

  /// Blocks until a key is pressed, without echoing it. Ctrl-C ends the wait early (the read
  /// returns EINTR and the interrupt flag is left set for the replay to see).
  func waitForKey() {
    var saved = termios()
    guard tcgetattr(fd, &saved) == 0 else { return }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    tcsetattr(fd, TCSANOW, &raw)
    defer { tcsetattr(fd, TCSANOW, &saved) }
    var key: UInt8 = 0
    _ = read(fd, &key, 1)
  }
}
