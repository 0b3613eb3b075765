// Lines read from a file descriptor as they arrive: statements piped into liplab, or `-`.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits the bytes read from a file descriptor into lines (without "\n"); reads 64 KiB at a
/// time, so a statement runs as soon as its line has arrived.
public final class FileLineSource: LineSource {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false
  private var cutShort = false
  private let isInterrupted: (@Sendable () -> Bool)?

  /// Reads from `fd`, which stays open. A read cut short by a signal while `isInterrupted` is
  /// true returns `.interrupted` (Ctrl-C at a plain prompt); any other one is retried.
  public init(fd: Int32, isInterrupted: (@Sendable () -> Bool)? = nil) {
    self.fd = fd
    self.isInterrupted = isInterrupted
  }

  /// True when a whole line is already buffered (reading it will not block).
  public var hasBufferedLine: Bool { buffer[start...].contains(UInt8(ascii: "\n")) }

  /// The next line, or `.end` at the end of input (a last line without "\n" is still
  /// returned).
  public func nextLine(continuing: Bool) -> SourceLine {
    while true {
      if cutShort {
        cutShort = false
        buffer.removeAll()
        start = 0
        return .interrupted
      }
      if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
        defer { start = newline + 1 }
        return .line(String(decoding: buffer[start..<newline], as: UTF8.self))
      }
      if atEnd {
        guard start < buffer.count else { return .end }
        defer { start = buffer.count }
        return .line(String(decoding: buffer[start...], as: UTF8.self))
      }
      fill()
    }
  }

  /// Appends up to 64 KiB from `fd`, dropping the bytes already returned.
  private func fill() {
    buffer.removeSubrange(0..<start)
    start = 0
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count > 0 {
      buffer.append(contentsOf: chunk[0..<count])
    } else if count < 0 && errno == EINTR {
      cutShort = isInterrupted?() ?? false
    } else {
      atEnd = true
    }
  }
}
