// The formats `load` reads a matrix from and `save W "file"` writes one to, in one table: how
// each is recognised, how large a file of it can be for a matrix within the element limit, its
// parser and its encoder. A new format is a reader file, a writer file and one entry here.

import DenseMatrix

/// A file format holding one array: a matrix, or for .npy a tensor of rank 1 to 4.
struct MatrixFormat: Sendable {
  /// How messages name a file of this format: `a .npy`, `a text`.
  let article: String
  /// Whether a file with this path and these first bytes is of this format.
  let recognises: @Sendable (_ path: String, _ prefix: [UInt8]) -> Bool
  /// The largest file that can hold a matrix of at most `limit` elements.
  let byteCap: @Sendable (_ limit: Int) -> Int
  /// Checks a file by its first `checkLength` bytes and its size before it is read whole, so a
  /// file that cannot be of this format, or declares more than `limit` elements, is refused
  /// without reading it; nil for a format whose size is known only by parsing.
  let check: (@Sendable (_ prefix: [UInt8], _ fileSize: Int, _ name: String, _ limit: Int) throws(Diagnostic) -> Void)?
  /// How many leading bytes `check` looks at.
  let checkLength: Int
  /// A parser for one file of `size` bytes; `name` is the path as the user wrote it. Text
  /// gives a rank-2 tensor.
  let parser: @Sendable (_ name: String, _ limit: Int, _ size: Int) -> any MatrixParser
  /// The file name endings a written file of this format takes (lower case).
  let extensions: [String]
  /// The bytes of a file holding the matrix.
  let encode: @Sendable (_ matrix: Matrix) -> [UInt8]

  /// The formats, tried in order; text, which takes anything, comes last.
  static let all: [MatrixFormat] = [npy, text]

  /// How many leading bytes recognition looks at.
  static let recognitionLength = NPYMatrixReader.magic.count

  /// NumPy's .npy: named `*.npy` or starting with its magic string `\x93NUMPY`. Exactly 8 bytes
  /// an element at most, plus its preamble and header (64 KiB is far more than NumPy writes; its
  /// own reader refuses headers over 10 000 bytes).
  static let npy = MatrixFormat(
    article: "a .npy",
    recognises: { path, prefix in path.lowercased().hasSuffix(".npy") || NPYMatrixReader.hasMagic(prefix) },
    byteCap: { cap(limit: $0, perElement: 8, overhead: 1 << 16) },
    check: { prefix, size, name, limit throws(Diagnostic) in
      _ = try NPYMatrixReader.header(prefix, fileSize: size, name: name, limit: limit)
    },
    checkLength: NPYMatrixReader.headerReadLength,
    parser: { name, limit, size in NPYMatrixReader.Buffered(name: name, limit: limit, size: size) },
    extensions: [".npy"], encode: NPYMatrixWriter.encode)

  /// Delimited text (CSV, whitespace), anything not recognised otherwise.
  /// NOTE: text has no exact bound, since a number can be spelled at any length: 64 bytes an
  /// element, more than twice what NumPy's `savetxt` writes at full precision
  /// (`-1.234567890123456789e-300,` is 26), plus 1 MiB for headers and comments. A file over
  /// that is far too large to be a matrix within the limit, while any real one passes.
  static let text = MatrixFormat(
    article: "a text",
    recognises: { _, _ in true },
    byteCap: { cap(limit: $0, perElement: 64, overhead: 1 << 20) },
    check: nil, checkLength: 0,
    parser: { name, limit, _ in CSVMatrixReader(name: name, limit: limit) },
    extensions: [".csv", ".txt"], encode: CSVMatrixWriter.encode)

  /// The array in `bytes`, a whole file of this format. Cost: O(size).
  func parse(_ bytes: [UInt8], name: String, limit: Int) throws(Diagnostic) -> Tensor {
    var parser = self.parser(name, limit, bytes.count)
    try bytes.withBytes { (raw) throws(Diagnostic) in try parser.consume(raw) }
    return try parser.finish()
  }

  /// The format a file written to `path` takes, by its ending, or nil.
  static func forWriting(_ path: String) -> MatrixFormat? {
    all.first { format in format.extensions.contains { path.lowercased().hasSuffix($0) } }
  }

  /// `limit·perElement + overhead`, or `Int.max` when that overflows.
  private static func cap(limit: Int, perElement: Int, overhead: Int) -> Int {
    let (data, overflow) = max(0, limit).multipliedReportingOverflow(by: perElement)
    let (cap, overflowAgain) = data.addingReportingOverflow(overhead)
    return overflow || overflowAgain ? .max : cap
  }
}

/// A reader of one file, fed its bytes in order chunk by chunk and then asked for the array.
protocol MatrixParser {
  /// The next bytes of the file; a problem found in them is thrown at once.
  mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(Diagnostic)
  /// The array, after the last chunk.
  mutating func finish() throws(Diagnostic) -> Tensor
}

extension [UInt8] {
  /// `withUnsafeBytes` for a body that throws only diagnostics.
  func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws(Diagnostic) -> Result) throws(Diagnostic) -> Result {
    try withUnsafeBytes { raw in Swift.Result { () throws(Diagnostic) in try body(raw) } }.get()
  }
}
