// Reading a matrix from a file (`load("weights.csv")`, `load("weights.npy")`) in the format that
// `MatrixFormat` recognises, and reading scripts and transcripts as text. Only regular files are
// read, and only up to the size a matrix within the session's element limit can have. Every
// problem becomes a `Diagnostic` that names the file as the user wrote it.

import DenseMatrix

/// Reads matrices from CSV (delimited text) and NumPy .npy files, and writes them.
public enum MatrixFile {
  /// Writes `matrix` to `path` in the format its ending names (`.npy`; `.csv` or `.txt`),
  /// replacing any existing file atomically (`AtomicFile`).
  ///
  /// Contract: what `read(path:limit:)` reads back is `matrix`, bit for bit (NaN payloads
  /// aside). An empty matrix is refused, since neither format's reader accepts one. Cost: O(mn)
  /// plus one write and fsync.
  /// - Throws: a `Diagnostic` for another ending, an empty matrix, or the reason the write failed.
  public static func write(_ matrix: Matrix, to path: String) throws(Diagnostic) {
    guard let format = MatrixFormat.forWriting(path) else {
      throw Diagnostic(
        "cannot tell the format of '\(path)'",
        notes: ["a matrix is saved to a file named *.npy (NumPy) or *.csv (text)"])
    }
    guard matrix.rows > 0, matrix.columns > 0 else {
      throw Diagnostic("cannot save an empty \(matrix.shape) matrix", notes: ["load reads only matrices with entries"])
    }
    try AtomicFile.write(bytes: format.encode(matrix), to: path)
  }

  /// Writes a tensor of rank 3 or 4 to `path` as .npy (text holds only matrices), replacing
  /// the file atomically.
  /// - Throws: a `Diagnostic` when the path does not end in .npy or the file cannot be written.
  public static func write(_ tensor: Tensor, to path: String) throws(Diagnostic) {
    if let matrix = tensor.matrix { return try write(matrix, to: path) }
    guard path.lowercased().hasSuffix(".npy") else {
      throw Diagnostic(
        "cannot save a \(tensor.shapeText) tensor to '\(path)'",
        notes: ["a tensor is saved to a file named *.npy (NumPy); text files hold matrices"])
    }
    try AtomicFile.write(bytes: NPYMatrixWriter.encode(tensor), to: path)
  }

  /// Reads the matrix stored in the file at `path` (relative to the working directory), in the
  /// first format of `MatrixFormat.all` that recognises it by name or first bytes.
  ///
  /// Contract: at most `limit` elements are accepted. Only a regular file is read (a device or a
  /// FIFO is refused before reading), and one larger than a matrix of `limit` elements can be in
  /// its format (`MatrixFormat.byteCap`) is refused by its size before it is read; text is
  /// parsed as it is read, a few bytes an element. Cost: one read of the file, O(size).
  /// - Throws: a `Diagnostic` naming the file (and, for text, line and column) on any problem.
  public static func read(path: String, limit: Int = Matrix.defaultElementLimit) throws(Diagnostic)
    -> Matrix
  {
    let tensor = try readTensor(path: path, limit: limit)
    guard let matrix = tensor.matrix else {
      throw Diagnostic(
        "'\(path)' holds a \(tensor.rank)-D array of shape \(tensor.shapeText); a matrix needs a 1-D or 2-D array")
    }
    return matrix
  }

  /// Reads the array stored in the file at `path` as a tensor of rank 1 to 4 (text and 2-D
  /// arrays give rank 2, a 1-D .npy array rank 1), as `read(path:limit:)` reads a matrix.
  public static func readTensor(path: String, limit: Int = Matrix.defaultElementLimit) throws(Diagnostic)
    -> Tensor
  {
    let file = try FileInput(reading: path)
    let prefix = try file.prefix(MatrixFormat.recognitionLength)
    let format = MatrixFormat.all.first { $0.recognises(path, prefix) } ?? MatrixFormat.text
    let cap = format.byteCap(limit)
    let tooLarge = { (size: String) in
      Diagnostic(
        "'\(path)' is too large: \(size) bytes, more than the \(cap) that \(format.article) matrix of at most \(limit) elements (the limit) can take",
        notes: ["raise the limit with 'set limit=N'"])
    }
    guard file.size <= cap else { throw tooLarge("\(file.size)") }
    if let check = format.check { try check(try file.prefix(format.checkLength), file.size, path, limit) }
    // NOTE: a file that grows after the check above is still stopped once past the cap.
    var parser = format.parser(path, limit, file.size)
    try file.readChunks(cap: cap, tooLarge: { tooLarge("at least \(cap + 1)") }) { (chunk) throws(Diagnostic) in
      try parser.consume(chunk)
    }
    return try parser.finish()
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
}
