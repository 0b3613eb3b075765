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
  /// Where the search for the next newline resumes: `buffer[start..<searched]` holds none, so a
  /// long line arriving in many reads is searched once (linear, not quadratic, in its length).
  private var searched = 0
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
  public var hasBufferedLine: Bool { newlineIndex(from: max(start, searched)) != nil }

  /// The next line, or `.end` at the end of input (a last line without "\n" is still
  /// returned).
  public func nextLine(continuing: Bool) -> SourceLine {
    while true {
      if cutShort {
        cutShort = false
        buffer.removeAll()
        start = 0
        searched = 0
        return .interrupted
      }
      if let newline = newlineIndex(from: max(start, searched)) {
        defer {
          start = newline + 1
          searched = start
        }
        return .line(String(decoding: buffer[start..<newline], as: UTF8.self))
      }
      searched = buffer.count
      if atEnd {
        guard start < buffer.count else { return .end }
        defer { start = buffer.count }
        return .line(String(decoding: buffer[start...], as: UTF8.self))
      }
      fill()
    }
  }

  /// The index of the first "\n" in `buffer[from...]`, if any (memchr).
  private func newlineIndex(from: Int) -> Int? {
    buffer.withUnsafeBufferPointer { bytes in
      guard from < bytes.count, let base = bytes.baseAddress,
        let found = memchr(base + from, Int32(UInt8(ascii: "\n")), bytes.count - from)
      else { return nil }
      return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
  }

  /// Appends up to 64 KiB from `fd`, dropping the bytes already returned.
  private func fill() {
    buffer.removeSubrange(0..<start)
    searched -= start
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
