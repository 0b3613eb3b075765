// What kind of file a path names, in the words diagnostics use, and which file a path really
// is (device and inode), so a directory tree is walked once even through symbolic links.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The kinds of file `stat` reports, described for messages.
enum FileKind {
  /// True when `mode` (a `st_mode`) is a regular file.
  static func isRegular(_ mode: mode_t) -> Bool { (mode & S_IFMT) == S_IFREG }
  /// True when `mode` is a directory.
  static func isDirectory(_ mode: mode_t) -> Bool { (mode & S_IFMT) == S_IFDIR }
  /// True when `path` names a directory (a symbolic link to one too).
  static func isDirectory(path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && isDirectory(info.st_mode)
  }
  /// True when `mode` is a FIFO (a named pipe, or a pipe reached through /dev/fd).
  static func isFIFO(_ mode: mode_t) -> Bool { (mode & S_IFMT) == S_IFIFO }
  /// True when `mode` is a symbolic link (only `lstat` reports one).
  static func isSymbolicLink(_ mode: mode_t) -> Bool { (mode & S_IFMT) == S_IFLNK }

  /// `a directory`, `a character device`, `a FIFO`, … for `mode`; `a regular file` for one.
  static func name(of mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a regular file"
    case S_IFDIR: return "a directory"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFIFO: return "a FIFO"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "a special file"
    }
  }

  /// `a directory` for a directory, else `a FIFO, not a regular file` and the like: why a path
  /// that is not a regular file is refused, as in `cannot read 'p': it is a FIFO, not a …`.
  static func notRegular(_ mode: mode_t) -> String {
    isDirectory(mode) ? "a directory" : "\(name(of: mode)), not a regular file"
  }
}

/// A file's identity: the same for every path (hard link, symbolic link, `..`) that reaches it.
struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64

  /// The identity in a `stat` result.
  init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}
