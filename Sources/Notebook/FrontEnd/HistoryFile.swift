// The prompt's history file, shared by every liplab running for one user.
//
// Each statement typed is added under an exclusive flock(2) on `history.lock` beside the file:
// the file is read again, the statement appended, the oldest entries beyond `capacity`
// dropped, and the whole written back atomically (`AtomicFile`: a temporary, fsync, rename).
// So two sessions typing at once keep every statement of both, a session killed mid-save
// leaves the previous file whole, and a reader never sees a partial file.
//
// The format is libedit's: a first line `_HiStOrY_V2_`, then one entry a line, oldest first,
// with backslash, space, tab, newline and other control characters written as `\\` and octal
// `\ooo` escapes (so a statement typed over several lines stays one entry). Reading is
// tolerant: a line holding a NUL or invalid UTF-8, or longer than `longestEntry`, is skipped,
// and so is a file over `largestFile` bytes.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The history file at one path.
public struct HistoryFile: Sendable {
  /// Where the entries are kept.
  public let path: String
  /// The most entries kept; older ones are dropped when a new one is added.
  public let capacity: Int

  /// The first line of the file.
  static let cookie = "_HiStOrY_V2_"
  /// The longest entry kept, in bytes (a pasted megabyte is not worth recalling).
  static let longestEntry = 1 << 16
  /// The largest file read; a larger one is treated as empty and replaced by the next save.
  static let largestFile = 16 << 20
  /// How long `append` waits for another session's lock before writing without it.
  static let lockPatience: Duration = .seconds(2)

  /// The history file at `path`, keeping at most `capacity` entries.
  public init(path: String, capacity: Int = 1000) {
    self.path = path
    self.capacity = capacity
  }

  /// The entries, oldest first; none when the file is missing or unreadable.
  /// Contract: never fails; damaged lines are skipped (see the file comment). Cost: one read.
  public func entries() -> [String] {
    guard let bytes = try? FileInput(reading: path).readAll(cap: Self.largestFile, tooLarge: { Diagnostic("") }) else {
      return []
    }
    return Self.decode(bytes)
  }

  /// Adds `entry` as the newest entry (not when it equals the newest already there), merged
  /// with whatever other sessions saved meanwhile, and writes the file back atomically.
  ///
  /// Contract: under the lock, read–append–write is one step for every liplab using the file;
  /// the directory is created (0700) when missing; a new file is private (0600 less the umask).
  /// A lock held longer than `lockPatience` is not waited for. Cost: one read and one atomic
  /// write of the file.
  /// - Throws: the `Diagnostic` of a failed write (the caller may ignore it: losing history
  ///   never stops a session); the file is then as it was.
  public func append(_ entry: String) throws(Diagnostic) {
    guard entry.utf8.count <= Self.longestEntry, !entry.utf8.contains(0) else { return }
    HistoryLocation.createParentDirectories(of: path)
    let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    defer { if lock >= 0 { close(lock) } }
    if lock >= 0 { Self.acquire(lock) }
    var all = entries()
    if all.last != entry { all.append(entry) }
    try AtomicFile.write(bytes: Self.encode(all.suffix(capacity)), to: path, newFileMode: 0o600)
  }

  /// Takes the exclusive lock on `fd`, waiting at most `lockPatience`; closing `fd` releases it.
  static func acquire(_ fd: Int32) {
    let clock = ContinuousClock()
    let deadline = clock.now + lockPatience
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else { return }
      usleep(2_000)
    }
  }

  /// The file's bytes for `entries`, oldest first.
  static func encode(_ entries: some Collection<String>) -> [UInt8] {
    var bytes = Array((cookie + "\n").utf8)
    for entry in entries {
      for byte in entry.utf8 {
        switch byte {
        case UInt8(ascii: "\\"): bytes += [byte, byte]
        case 0 ... 0x20, 0x7F:
          bytes += [UInt8(ascii: "\\"), 0x30 + byte >> 6, 0x30 + (byte >> 3) & 7, 0x30 + byte & 7]
        default: bytes.append(byte)
        }
      }
      bytes.append(UInt8(ascii: "\n"))
    }
    return bytes
  }

  /// The entries in a file's `bytes`, skipping damaged lines.
  static func decode(_ bytes: [UInt8]) -> [String] {
    var entries: [String] = []
    for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).enumerated() {
      if index == 0 && line.elementsEqual(cookie.utf8) { continue }
      guard line.count <= 4 * longestEntry, let raw = unescape(line), raw.count <= longestEntry, !raw.contains(0),
        let entry = String(validating: raw, as: UTF8.self), entry.contains(where: { !$0.isWhitespace })
      else { continue }
      entries.append(entry)
    }
    return entries
  }

  /// The one-letter escapes: `\\` and C's.
  static let simpleEscapes: [UInt8: UInt8] = [
    UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "s"): 0x20,
    UInt8(ascii: "r"): 0x0D, UInt8(ascii: "b"): 0x08, UInt8(ascii: "a"): 0x07, UInt8(ascii: "v"): 0x0B,
    UInt8(ascii: "f"): 0x0C, UInt8(ascii: "E"): 0x1B,
  ]

  /// One line with its escapes undone: `\\`, octal `\ooo`, C's `\n` `\t` `\s` and the like, and
  /// the meta and control forms (`\M-x`, `\^X`) that older libedits wrote; nil for a malformed
  /// escape.
  static func unescape(_ line: ArraySlice<UInt8>) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(line.count)
    var i = line.startIndex
    func isOctal(_ at: Int) -> Bool { at < line.endIndex && (0x30 ... 0x37).contains(line[at]) }
    while i < line.endIndex {
      let byte = line[i]
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        i += 1
        continue
      }
      guard i + 1 < line.endIndex else { return nil }
      let next = line[i + 1]
      if isOctal(i + 1) {
        var value = 0
        var j = i + 1
        while j < i + 4, isOctal(j) {
          value = value * 8 + Int(line[j] - 0x30)
          j += 1
        }
        guard value < 256 else { return nil }
        out.append(UInt8(value))
        i = j
        continue
      }
      if let value = simpleEscapes[next] {
        out.append(value)
        i += 2
      } else if next == UInt8(ascii: "^"), i + 2 < line.endIndex {
        let c = line[i + 2]
        out.append(c == UInt8(ascii: "?") ? 0x7F : c & 0x1F)
        i += 3
      } else if next == UInt8(ascii: "M"), i + 3 < line.endIndex, line[i + 2] == UInt8(ascii: "-") || line[i + 2] == UInt8(ascii: "^") {
        let c = line[i + 3]
        out.append(line[i + 2] == UInt8(ascii: "-") ? c | 0x80 : (c == UInt8(ascii: "?") ? 0xFF : (c & 0x1F) | 0x80))
        i += 4
      } else {
        return nil
      }
    }
    return out
  }
}
