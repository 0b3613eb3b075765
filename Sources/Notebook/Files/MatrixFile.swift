// Reading a matrix from a file: `load("weights.csv")` and `load("weights.npy")`.
//
// A file named `*.npy` or starting with NumPy's magic string `\x93NUMPY` is read as .npy,
// anything else as delimited text (CSV). Every problem becomes a `Diagnostic` that names the file
// as the user wrote it and, for text, the line and column.

import DenseMatrix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads matrices from CSV (delimited text) and NumPy .npy files.
public enum MatrixFile {
  /// Reads the matrix stored in the file at `path` (relative to the working directory).
  ///
  /// Contract: .npy files, recognised by name or by magic string (versions 1.0–3.0, dtype
  /// float64 or float32 in either byte order, C or Fortran order; a 1-D array becomes an n×1
  /// column) and text files of numbers separated by commas or whitespace (rules in
  /// `CSVMatrixReader`). At most `limit` elements are accepted. Cost: one read of the file, O(size).
  /// - Throws: a `Diagnostic` naming the file (and, for text, line and column) on any problem.
  public static func read(path: String, limit: Int = Matrix.defaultElementLimit) throws(Diagnostic)
    -> Matrix
  {
    let bytes = try readBytes(path: path)
    if NPYMatrixReader.hasMagic(bytes) || path.lowercased().hasSuffix(".npy") {
      return try NPYMatrixReader.parse(bytes, name: path, limit: limit)
    }
    return try CSVMatrixReader.parse(bytes, name: path, limit: limit)
  }

  /// The whole content of the file at `path`.
  /// - Throws: `cannot read 'path': <reason>` for a missing, unreadable or directory path.
  public static func readBytes(path: String) throws(Diagnostic) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw cannotRead(path, errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw cannotRead(path, errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw Diagnostic("cannot read '\(path)': it is a directory") }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(0, Int(info.st_size)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw cannotRead(path, errno)
      }
      bytes.append(contentsOf: chunk[0 ..< count])
    }
    return bytes
  }

  /// The text of the file at `path`, which must be UTF-8.
  /// - Throws: as `readBytes(path:)`, or `'path' is not UTF-8 text`.
  public static func readText(path: String) throws(Diagnostic) -> String {
    let bytes = try readBytes(path: path)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw Diagnostic("'\(path)' is not UTF-8 text")
    }
    return text
  }

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

/// The POSIX `read(2)`, reachable inside `MatrixFile` whose own `read` method shadows it.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(fd, buffer, count)
}
