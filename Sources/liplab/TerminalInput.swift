// The characters the line editor reads from the terminal, decoded here rather than by libedit:
// libedit drops bytes that are not UTF-8 without a word, so a line typed with a stray Latin-1
// byte would run as something else. Each malformed sequence becomes one U+FFFD (`�`), as in
// piped input, and the statement then fails with the lexer's "unexpected character '�'".

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A UTF-8 decoder over a file descriptor, one character per call.
final class TerminalInput {
  /// What `next()` read.
  enum Read: Equatable {
    case character(Unicode.Scalar)
    case end
    /// The read failed, or a signal that liplab acts on (Ctrl-C) cut it short.
    case failed
  }

  private let fd: Int32
  /// A byte read past a malformed sequence, which starts the next character.
  private var pending: UInt8?
  /// Whether the last read failed (rather than met the end of the input).
  private var lastFailed = false

  /// Reads from `fd`.
  init(fd: Int32) { self.fd = fd }

  /// The next character; a malformed or truncated sequence is one U+FFFD. A read cut short by
  /// a signal is retried (a resize) unless Ctrl-C is pending.
  func next() -> Read {
    guard let first = byte() else { return lastFailed ? .failed : .end }
    if first < 0x80 { return .character(Unicode.Scalar(first)) }
    let length: Int
    var value: UInt32
    switch first {
    case 0xC2...0xDF: (length, value) = (2, UInt32(first & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(first & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(first & 0x07))
    default: return .character("\u{FFFD}")
    }
    for k in 1..<length {
      guard let b = byte() else { return lastFailed ? .failed : .character("\u{FFFD}") }
      // The second byte's range excludes overlong forms, surrogates and values past U+10FFFF.
      var range: ClosedRange<UInt8> = 0x80...0xBF
      if k == 1 {
        switch first {
        case 0xE0: range = 0xA0...0xBF
        case 0xED: range = 0x80...0x9F
        case 0xF0: range = 0x90...0xBF
        case 0xF4: range = 0x80...0x8F
        default: break
        }
      }
      guard range.contains(b) else {
        pending = b
        return .character("\u{FFFD}")
      }
      value = value << 6 | UInt32(b & 0x3F)
    }
    return .character(Unicode.Scalar(value) ?? "\u{FFFD}")
  }

  /// One byte, or nil at the end or on failure (`lastFailed` tells which).
  private func byte() -> UInt8? {
    if let b = pending {
      pending = nil
      return b
    }
    var b: UInt8 = 0
    while true {
      let count = read(fd, &b, 1)
      if count == 1 {
        lastFailed = false
        return b
      }
      if count < 0 && errno == EINTR && !Interrupts.isPending { continue }
      lastFailed = count < 0
      return nil
    }
  }
}
