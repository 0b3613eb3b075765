// Facts about the process's terminal and environment: which streams are terminals, their width,
// whether colour is allowed, and where the history file lives. No state; every call asks the OS.

import CEditLine

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Queries about standard streams and the environment.
enum Terminal {
  /// File descriptor 0.
  static let standardInput: Int32 = 0
  /// File descriptor 1.
  static let standardOutput: Int32 = 1
  /// File descriptor 2.
  static let standardError: Int32 = 2

  /// True when `fd` is a terminal.
  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// The value of environment variable `name`, or nil when unset.
  static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }

  /// True when TERM is `dumb` (Emacs' shell, some CI logs): no colour, no line editing.
  static var isDumb: Bool { environment("TERM") == "dumb" }

  /// Colour on `fd` only when it is a terminal that is not dumb and NO_COLOR is unset or empty
  /// (no-color.org).
  static func allowsColour(_ fd: Int32) -> Bool {
    isTerminal(fd) && !isDumb && (environment("NO_COLOR") ?? "").isEmpty
  }

  /// Columns of the terminal on `fd`, or nil when it is not a terminal.
  static func columns(_ fd: Int32) -> Int? {
    let columns = Int(liplab_terminal_columns(fd))
    return columns > 0 ? columns : nil
  }

  /// Writes all of `text` to `fd`, retrying after EINTR (a Ctrl-C may interrupt a slow write).
  static func writeAll(_ text: String, to fd: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      while offset < buffer.count {
        let written = write(fd, base + offset, buffer.count - offset)
        if written > 0 {
          offset += written
        } else if written < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }
}
