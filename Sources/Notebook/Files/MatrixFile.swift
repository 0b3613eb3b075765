// Reading a matrix from a file: `load("weights.csv")` and `load("weights.npy")`.
//
// A file named `*.npy` or starting with NumPy's magic string `\x93NUMPY` is read as .npy,
// anything else as delimited text (CSV). Only regular files are read, and only up to the size a
// matrix within the session's element limit can have. Every problem becomes a `Diagnostic` that
// names the file as the user wrote it and, for text, the line and column.

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
  /// `CSVMatrixReader`). At most `limit` elements are accepted. Only a regular file is read (a
  /// device or a FIFO is refused before reading), and one larger than a matrix of `limit`
  /// elements can be (`byteCap`) is refused by its size. Cost: one read of the file, O(size).
  /// - Throws: a `Diagnostic` naming the file (and, for text, line and column) on any problem.
  public static func read(path: String, limit: Int = Matrix.defaultElementLimit) throws(Diagnostic)
    -> Matrix
  {
    let file = try FileInput(reading: path)
    var isNPY = path.lowercased().hasSuffix(".npy")
    if !isNPY { isNPY = NPYMatrixReader.hasMagic(try file.prefix(NPYMatrixReader.magic.count)) }
    let npy = isNPY
    let cap = byteCap(limit: limit, npy: npy)
    let tooLarge = { (size: String) in
      Diagnostic(
        "'\(path)' is too large: \(size) bytes, more than the \(cap) that \(npy ? "a .npy" : "a text") matrix of at most \(limit) elements (the limit) can take",
        notes: ["raise the limit with 'set limit=N'"])
    }
    guard file.size <= cap else { throw tooLarge("\(file.size)") }
    // NOTE: a file that grows after the check above is still stopped once past the cap.
    let bytes = try file.readAll(cap: cap) { tooLarge("at least \(cap + 1)") }
    if npy {
      return try NPYMatrixReader.parse(bytes, name: path, limit: limit)
    }
    return try CSVMatrixReader.parse(bytes, name: path, limit: limit)
  }

  /// The largest file `read` accepts when a matrix may have `limit` elements.
  ///
  /// A .npy file is exact: at most 8 bytes an element, plus its preamble and header (64 KiB is
  /// far more than NumPy writes; its own reader refuses headers over 10 000 bytes). Text has no
  /// exact bound, since a number can be spelled at any length.
  /// NOTE: text gets 64 bytes an element, more than twice what NumPy's `savetxt` writes at full
  /// precision (`-1.234567890123456789e-300,` is 26), plus 1 MiB for headers and comments: a
  /// file over that is far too large to be a matrix within the limit, while any real one passes.
  static func byteCap(limit: Int, npy: Bool) -> Int {
    let (data, overflow) = max(0, limit).multipliedReportingOverflow(by: npy ? 8 : 64)
    let (cap, overflowAgain) = data.addingReportingOverflow(npy ? 1 << 16 : 1 << 20)
    return overflow || overflowAgain ? .max : cap
  }

  /// The whole content of the file at `path`.
  ///
  /// Contract: as `FileInput`: a regular file, or with `acceptingPipes` a FIFO too.
  /// - Throws: `cannot read 'path': <reason>` for a missing, unreadable or directory path, or
  ///   one that is not a regular file.
  public static func readBytes(path: String, acceptingPipes: Bool = false) throws(Diagnostic) -> [UInt8] {
    try FileInput(reading: path, acceptingPipes: acceptingPipes).readAll()
  }

  /// The text of the file at `path`, which must be UTF-8; a leading byte-order mark (U+FEFF,
  /// which some Windows editors write) is dropped.
  /// - Throws: as `readBytes(path:acceptingPipes:)`, or `'path' is not UTF-8 text`.
  public static func readText(path: String, acceptingPipes: Bool = false) throws(Diagnostic) -> String {
    let bytes = try readBytes(path: path, acceptingPipes: acceptingPipes)
    guard var text = String(validating: bytes, as: UTF8.self) else {
      throw Diagnostic("'\(path)' is not UTF-8 text")
    }
    if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
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
