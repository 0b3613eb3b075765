// Opening a file to read it whole, without hanging or filling memory: `load`, scripts and
// transcripts read through it.
//
// Only a regular file is read (and, where the caller allows it, a pipe: `liplab <(make-script)`),
// so a device such as /dev/zero or a FIFO nobody writes to is refused before anything is read,
// and a caller can refuse a file by its size before reading it.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open file, checked to be regular (or a pipe, when asked), closed when it goes away.
struct FileInput: ~Copyable {
  /// The path as the user wrote it, for messages.
  let path: String
  /// The open descriptor.
  let fd: Int32
  /// The size when opened (0 for a pipe).
  let size: Int
  /// True when reading a pipe rather than a regular file.
  let isPipe: Bool

  /// Opens `path` for reading.
  ///
  /// Contract: a regular file is opened; with `acceptingPipes`, a FIFO too (opened the blocking
  /// way, like `cat` does, so a writer that comes later is waited for). Anything else is refused
  /// without reading it. Symbolic links are followed.
  /// - Throws: `cannot read 'path': no such file` (or another reason), `cannot read 'path': it is
  ///   a directory`, `cannot read 'path': it is a character device, not a regular file`, ….
  init(reading path: String, acceptingPipes: Bool = false) throws(Diagnostic) {
    var info = stat()
    guard stat(path, &info) == 0 else { throw FileInput.cannotRead(path, errno) }
    let pipe = acceptingPipes && FileKind.isFIFO(info.st_mode)
    guard FileKind.isRegular(info.st_mode) || pipe else {
      throw Diagnostic("cannot read '\(path)': it is \(FileKind.notRegular(info.st_mode))")
    }
    // NOTE: a regular file is opened with O_NONBLOCK so that, should a FIFO be swapped in after
    // the stat above, open returns at once instead of waiting for a writer; fstat then refuses
    // it. O_NONBLOCK changes nothing when reading a regular file.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (pipe ? 0 : O_NONBLOCK))
    guard fd >= 0 else { throw FileInput.cannotRead(path, errno) }
    var opened = stat()
    guard fstat(fd, &opened) == 0 else {
      let code = errno
      close(fd)
      throw FileInput.cannotRead(path, code)
    }
    guard (opened.st_mode & S_IFMT) == (info.st_mode & S_IFMT) else {
      close(fd)
      throw Diagnostic("cannot read '\(path)': it is \(FileKind.notRegular(opened.st_mode))")
    }
    self.path = path
    self.fd = fd
    self.size = pipe ? 0 : max(0, Int(opened.st_size))
    self.isPipe = pipe
  }

  deinit { close(fd) }

  /// The first `count` bytes (fewer when the file is shorter), read from offset 0 without moving
  /// the read position. Empty for a pipe, which cannot be read twice.
  func prefix(_ count: Int) throws(Diagnostic) -> [UInt8] {
    guard !isPipe else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(filled)) }
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileInput.cannotRead(path, errno)
      }
      filled += n
    }
    return Array(bytes[0 ..< filled])
  }

  /// Every byte from the read position to the end. Cost: one pass, O(size).
  func readAll() throws(Diagnostic) -> [UInt8] {
    // NOTE: an array cannot hold Int.max bytes, so this cap is never what stops the reading.
    try readAll(cap: .max) { Diagnostic("cannot read '\(path)': it is too large") }
  }

  /// Every byte from the read position to the end, at most `cap` of them.
  ///
  /// Contract: one byte more than `cap` (a file larger than the caller checked, or one that
  /// grew after it was opened) stops the reading and `tooLarge()` is thrown.
  /// Cost: one pass, O(min(size, cap)).
  func readAll(cap: Int, tooLarge: () -> Diagnostic) throws(Diagnostic) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(min(size, cap))
    try readChunks(cap: cap, tooLarge: tooLarge) { (chunk) throws(Diagnostic) in bytes.append(contentsOf: chunk) }
    return bytes
  }

  /// Hands `body` every byte from the read position to the end, in order, in chunks of up to
  /// 64 KiB, at most `cap` bytes in all.
  ///
  /// Contract: as `readAll(cap:tooLarge:)`; an error `body` throws stops the reading. Cost: one
  /// pass, O(min(size, cap)), and 64 KiB of memory.
  func readChunks(
    cap: Int, tooLarge: () -> Diagnostic, _ body: (UnsafeRawBufferPointer) throws(Diagnostic) -> Void
  ) throws(Diagnostic) {
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { chunk.deallocate() }
    var total = 0
    while true {
      let count = posixRead(fd, chunk.baseAddress, chunk.count)
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileInput.cannotRead(path, errno)
      }
      guard count <= cap - total else { throw tooLarge() }
      total += count
      try body(UnsafeRawBufferPointer(rebasing: chunk[0 ..< count]))
    }
  }
}

/// The POSIX `read(2)`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(fd, buffer, count)
}

extension FileInput {
  /// `cannot read 'path': <reason>` for the `errno` of a failed open or stat.
  static func cannotRead(_ path: String, _ code: Int32) -> Diagnostic {
    let reason: String
    switch code {
    case ENOENT: reason = "no such file"
    case EACCES: reason = "permission denied"
    case EISDIR: reason = "it is a directory"
    default: reason = String(cString: strerror(code))
    }
    return Diagnostic("cannot read '\(path)': \(reason)")
  }
}
