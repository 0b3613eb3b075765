// Writing a file so that it is never seen half-written: `save` and transcript recording use it.
//
// The content goes to a temporary file in the same directory (same file system, so the final
// rename is atomic), is flushed to disk with fsync, and then renamed over the target. A reader
// sees either the old file or the new one, never a mixture; a failure leaves the old file as it
// was and removes the temporary file.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Atomic replacement of a file's content.
public enum AtomicFile {
  /// Writes `text` (UTF-8) to `path`, replacing any existing file atomically.
  ///
  /// Contract: an existing file keeps its permission bits; a new file gets 0644; a symbolic
  /// link at `path` is replaced by the file, not followed. Cost: one write, one fsync of the
  /// file and of its directory.
  /// - Throws: `cannot write 'path': <reason>`; the previous content is then untouched.
  public static func write(_ text: String, to path: String) throws(Diagnostic) {
    try write(bytes: Array(text.utf8), to: path)
  }

  /// Writes `bytes` to `path`, replacing any existing file atomically (see `write(_:to:)`).
  public static func write(bytes: [UInt8], to path: String) throws(Diagnostic) {
    guard !path.isEmpty else { throw Diagnostic("cannot write '': the file name is empty") }
    let (directory, base) = split(path)
    guard !base.isEmpty else { throw Diagnostic("cannot write '\(path)': it names a directory") }
    var existing = stat()
    var mode: mode_t = 0o644
    if stat(path, &existing) == 0 {
      if (existing.st_mode & S_IFMT) == S_IFDIR {
        throw Diagnostic("cannot write '\(path)': it is a directory")
      }
      mode = existing.st_mode & 0o7777
    }
    var template = Array("\(directory)/.\(base).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw failure(path, errno) }
    let temporary = String(
      decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var succeeded = false
    defer {
      if !succeeded { unlink(temporary) }
    }
    do throws(Diagnostic) {
      try writeAll(fd, bytes, path: path)
      guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw failure(path, errno) }
    } catch {
      close(fd)
      throw error
    }
    guard close(fd) == 0 else { throw failure(path, errno) }
    guard rename(temporary, path) == 0 else { throw failure(path, errno) }
    succeeded = true
    // NOTE: syncing the directory makes the rename itself durable; failure here is not an error
    // for the user (the file is complete either way).
    let directoryFD = open(directory, O_RDONLY)
    if directoryFD >= 0 {
      _ = fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// The directory (or ".") and the last component of `path`.
  static func split(_ path: String) -> (directory: String, base: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let directory = String(path[..<slash])
    return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(Diagnostic) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { raw in
        posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw failure(path, errno)
      }
      offset += written
    }
  }

  static func failure(_ path: String, _ code: Int32) -> Diagnostic {
    let reason: String
    switch code {
    case ENOENT: reason = "no such directory"
    case EACCES: reason = "permission denied"
    case EISDIR: reason = "it is a directory"
    case ENOSPC: reason = "no space left on the device"
    default: reason = String(cString: strerror(code))
    }
    return Diagnostic("cannot write '\(path)': \(reason)")
  }
}

/// The POSIX `write(2)`, reachable inside `AtomicFile` whose own `write` methods shadow it.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
