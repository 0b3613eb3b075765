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
// directory — is refused instead of being turned into a regular file, and so is a link that
// leads nowhere and a file nobody may write (mode 0444).
//
// A new file gets 0666 less the umask, as any program's; a replaced one keeps its mode. A
// process killed between creating its temporary and renaming it leaves `.liplab-XXXXXX` behind;
// each successful write removes those of its directory that are over an hour old.

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
  /// Contract: an existing file keeps its permission bits; a new file gets 0666 less the
  /// umask; a symbolic link at `path` is followed (through at most `maximumLinks` links) and the
  /// file at its end is replaced, the link left as it is; a path that exists and is not a
  /// regular file, a link that leads to nothing, and a file without any write permission bit are
  /// refused, and so is content larger than the file-size limit (`ulimit -f`). The temporary
  /// file is `.liplab-XXXXXX` beside the file replaced, so any name the file system accepts can
  /// be written; after the rename, temporaries of that pattern over `staleAge` seconds old in
  /// the same directory are removed. Cost: one write, one fsync of the file and of its
  /// directory, one listing of the directory.
  /// - Throws: `cannot write 'path': <reason>`, e.g. `it is a directory`, `it is a character
  ///   device, not a regular file` or `it is read-only (mode 0444)`; the previous content is
  ///   then untouched and no temporary file is left.
  public static func write(_ text: String, to path: String) throws(Diagnostic) {
    try write(bytes: Array(text.utf8), to: path)
  }

  /// Writes `bytes` to `path`, replacing any existing file atomically (see `write(_:to:)`); a
  /// new file gets `newFileMode` less the umask.
  public static func write(bytes: [UInt8], to path: String, newFileMode: mode_t = 0o666) throws(Diagnostic) {
    guard !path.isEmpty else { throw Diagnostic("cannot write '': the file name is empty") }
    let (target, existing) = try resolve(path)
    let (directory, base) = split(target)
    guard !base.isEmpty else { throw Diagnostic("cannot write '\(path)': it names a directory") }
    if let existing, existing.st_mode & 0o222 == 0 {
      throw Diagnostic(
        "cannot write '\(path)': it is read-only (mode \(octal(existing.st_mode & 0o7777)))",
        notes: ["make it writable first (chmod u+w), or save under another name"])
    }
    // NOTE: past the limit, write(2) raises SIGXFSZ, which ends the process; checked first.
    if let limit = fileSizeLimit(), bytes.count > limit {
      throw Diagnostic("cannot write '\(path)': \(bytes.count) bytes, more than the file-size limit of \(limit) (ulimit -f)")
    }
    let (fd, temporary) = try createTemporary(in: directory, path: path, mode: newFileMode)
    var succeeded = false
    defer {
      if !succeeded { unlink(temporary) }
    }
    do throws(Diagnostic) {
      try writeAll(fd, bytes, path: path)
      if let existing { guard fchmod(fd, existing.st_mode & 0o7777) == 0 else { throw failure(path, errno) } }
      guard fsync(fd) == 0 else { throw failure(path, errno) }
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
    removeStaleTemporaries(in: directory, olderThan: staleAge)
  }

  /// How old, in seconds, a leftover temporary must be before a write in its directory removes
  /// it: far longer than any write takes, so another process's write in progress is never hit.
  static let staleAge = 3600

  /// The letters of the `XXXXXX` in a temporary's name.
  static let temporaryLetters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

  /// Creates `directory/.liplab-XXXXXX` (a new name, O_EXCL) with `mode`, which the kernel
  /// lowers by the umask, and returns its descriptor and path.
  static func createTemporary(in directory: String, path: String, mode: mode_t) throws(Diagnostic) -> (Int32, String) {
    var generator = SystemRandomNumberGenerator()
    for _ in 0 ..< 100 {
      let suffix = (0 ..< 6).map { _ in temporaryLetters.randomElement(using: &generator)! }
      let temporary = join(directory, ".liplab-" + String(decoding: suffix, as: UTF8.self))
      let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
      if fd >= 0 { return (fd, temporary) }
      guard errno == EEXIST else { throw failure(path, errno) }
    }
    throw failure(path, EEXIST)
  }

  /// True when `name` is liplab's temporary pattern, `.liplab-` and six letters or digits.
  static func isTemporaryName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    return bytes.count == 14 && name.hasPrefix(".liplab-") && bytes[8...].allSatisfy { temporaryLetters.contains($0) }
  }

  /// Removes the regular files named like liplab's temporaries in `directory` that were last
  /// modified more than `age` seconds ago. Nothing else is touched; failures are ignored.
  static func removeStaleTemporaries(in directory: String, olderThan age: Int) {
    let now = time(nil)
    for name in DirectoryListing.names(in: directory) ?? [] {
      guard isTemporaryName(name) else { continue }
      let path = join(directory, name)
      var info = stat()
      guard lstat(path, &info) == 0, FileKind.isRegular(info.st_mode), Int(now - info.st_mtim.tv_sec) > age else { continue }
      unlink(path)
    }
  }

  /// The process's file-size limit in bytes (RLIMIT_FSIZE), or nil when there is none
  /// (RLIM_INFINITY, all ones).
  static func fileSizeLimit() -> Int? {
    var limit = rlimit()
    #if canImport(Glibc)
      let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
      let resource = RLIMIT_FSIZE
    #endif
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
    return Int(clamping: limit.rlim_cur)
  }

  /// `mode` as four octal digits, `0644`.
  static func octal(_ mode: mode_t) -> String {
    let digits = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// The file a write to `path` replaces — `path` itself, or the end of the chain of symbolic
  /// links starting there — and its status when it exists (nil for a file to be created).
  ///
  /// NOTE: a relative link is resolved against the directory of the link, as the kernel does.
  /// Between this check and the rename another process could put something else at the
  /// target; liplab does not defend against that (nor does any editor's atomic save).
  /// - Throws: `cannot write 'path': it is a directory`, `… it is a FIFO, not a regular file`,
  ///   `… it links to 'target', which is a character device, not a regular file`, `… it links
  ///   to 'target', which does not exist`,
  ///   `… too many levels of symbolic links`, or the reason lstat gives.
  static func resolve(_ path: String) throws(Diagnostic) -> (target: String, status: stat?) {
    var current = path
    for _ in 0 ... maximumLinks {
      var info = stat()
      guard lstat(current, &info) == 0 else {
        if errno == ENOENT && current != path {
          throw Diagnostic("cannot write '\(path)': it links to '\(current)', which does not exist")
        }
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
    case EFBIG: reason = "the file would pass the file-size limit (ulimit -f)"
    case EROFS: reason = "the file system is read-only"
    default: reason = String(cString: strerror(code))
    }
    return Diagnostic("cannot write '\(path)': \(reason)")
  }
}

/// The POSIX `write(2)`, reachable inside `AtomicFile` whose own `write` methods shadow it.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}
