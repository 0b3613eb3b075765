// Writing a file so that it is never seen half-written: `save` and transcript recording use it.
//
// The content goes to a temporary file in the same directory (same file system, so the final
// rename is atomic), is flushed to disk with fsync, and then renamed over the target. A reader
// sees either the old file or the new one, never a mixture; a failure leaves the old file as it
// was and removes the temporary file.
//
// A rename replaces whatever the name points at, so the target is resolved first: a symbolic
// link is followed (the file it leads to is replaced and the link stays a link), and a target
// that exists but is not a regular file — a device such as /dev/null, a FIFO, a socket, a
// directory — is refused instead of being turned into a regular file.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Atomic replacement of a file's content.
public enum AtomicFile {
  /// The most symbolic links followed from the given path to the file (Linux's own limit).
  static let maximumLinks = 40

  /// Writes `text` (UTF-8) to `path`, replacing any existing file atomically.
  ///
  /// Contract: an existing file keeps its permission bits; a new file gets 0644; a symbolic
  /// link at `path` is followed (through at most `maximumLinks` links, a dangling one creating
  /// the file it names) and the file at its end is replaced, the link left as it is; a path
  /// that exists and is not a regular file is refused. The temporary file is
  /// `.liplab-XXXXXX` beside the file replaced, so any name the file system accepts can be
  /// written. Cost: one write, one fsync of the file and of its directory.
  /// - Throws: `cannot write 'path': <reason>`, e.g. `it is a directory` or `it is a character
  ///   device, not a regular file`; the previous content is then untouched.
  public static func write(_ text: String, to path: String) throws(Diagnostic) {
    try write(bytes: Array(text.utf8), to: path)
  }

  /// Writes `bytes` to `path`, replacing any existing file atomically (see `write(_:to:)`).
  public static func write(bytes: [UInt8], to path: String) throws(Diagnostic) {
    guard !path.isEmpty else { throw Diagnostic("cannot write '': the file name is empty") }
    let (target, existing) = try resolve(path)
    let (directory, base) = split(target)
    guard !base.isEmpty else { throw Diagnostic("cannot write '\(path)': it names a directory") }
    let mode: mode_t = existing.map { $0.st_mode & 0o7777 } ?? 0o644
    // NOTE: a fixed short name rather than one derived from `base`: `.base.tmp-XXXXXX` would
    // overflow NAME_MAX (255 bytes) for a long but valid name. mkstemp creates it with O_EXCL,
    // so it never collides with another file or another writer.
    var template = Array("\(directory)/.liplab-XXXXXX".utf8CString)
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
    guard rename(temporary, target) == 0 else { throw failure(path, errno) }
    succeeded = true
    // NOTE: syncing the directory makes the rename itself durable; failure here is not an error
    // for the user (the file is complete either way).
    let directoryFD = open(directory, O_RDONLY)
    if directoryFD >= 0 {
      _ = fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// The file a write to `path` replaces — `path` itself, or the end of the chain of symbolic
  /// links starting there — and its status when it exists (nil for a file to be created).
  ///
  /// NOTE: a relative link is resolved against the directory of the link, as the kernel does.
  /// Between this check and the rename another process could put something else at the
  /// target; liplab does not defend against that (nor does any editor's atomic save).
  /// - Throws: `cannot write 'path': it is a directory`, `… it is a FIFO, not a regular file`,
  ///   `… it links to 'target', which is a character device, not a regular file`,
  ///   `… too many levels of symbolic links`, or the reason lstat gives.
  static func resolve(_ path: String) throws(Diagnostic) -> (target: String, status: stat?) {
    var current = path
    for _ in 0 ... maximumLinks {
      var info = stat()
      guard lstat(current, &info) == 0 else {
        if errno == ENOENT { return (current, nil) }
        throw failure(path, errno)
      }
      if FileKind.isRegular(info.st_mode) { return (current, info) }
      guard FileKind.isSymbolicLink(info.st_mode) else {
        let what = FileKind.notRegular(info.st_mode)
        if current == path { throw Diagnostic("cannot write '\(path)': it is \(what)") }
        throw Diagnostic("cannot write '\(path)': it links to '\(current)', which is \(what)")
      }
      guard let destination = linkDestination(current) else { throw failure(path, errno) }
      current = destination.hasPrefix("/") ? destination : join(split(current).directory, destination)
    }
    throw Diagnostic("cannot write '\(path)': too many levels of symbolic links")
  }

  /// What the symbolic link at `path` contains, or nil (errno set) when it cannot be read.
  static func linkDestination(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = buffer.withUnsafeMutableBufferPointer { readlink(path, $0.baseAddress!, $0.count - 1) }
    guard count >= 0 else { return nil }
    return String(decoding: buffer[0 ..< count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `name` in `directory` ("." stays implicit, so relative paths stay as the user wrote them).
  static func join(_ directory: String, _ name: String) -> String {
    switch directory {
    case ".": return name
    default: return directory.hasSuffix("/") ? directory + name : directory + "/" + name
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
