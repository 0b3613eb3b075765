// NumPy's .npy format as a matrix (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
//
// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header length (2 bytes
// little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then a Python dict literal such as
// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` (Latin-1 in 1.0/2.0, UTF-8 in
// 3.0), then the raw data. liplab reads float64 and float32 in either byte order, 1-D arrays as a
// column and 2-D arrays in C or Fortran order; anything else is refused with a diagnostic.

import DenseMatrix

/// Parses the bytes of a .npy file into a matrix.
enum NPYMatrixReader {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

  /// True when `bytes` starts with the .npy magic string.
  static func hasMagic(_ bytes: [UInt8]) -> Bool {
    bytes.count >= magic.count && Array(bytes[0 ..< magic.count]) == magic
  }

  /// A value of the header's dict literal.
  enum Literal: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
  }

  /// The matrix in `bytes`; `name` is the file name used in diagnostics. Cost: O(size).
  static func parse(_ bytes: [UInt8], name: String, limit: Int) throws(Diagnostic) -> Matrix {
    guard hasMagic(bytes) else {
      throw Diagnostic("'\(name)' is not a NumPy .npy file (it does not start with \\x93NUMPY)")
    }
    guard bytes.count >= 10 else { throw Diagnostic("'\(name)' is truncated inside its .npy preamble") }
    let major = Int(bytes[6])
    let minor = Int(bytes[7])
    let headerStart: Int
    let headerLength: Int
    switch major {
    case 1:
      headerStart = 10
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    case 2, 3:
      guard bytes.count >= 12 else { throw Diagnostic("'\(name)' is truncated inside its .npy preamble") }
      headerStart = 12
      headerLength = (8 ..< 12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
    default:
      throw Diagnostic("'\(name)' uses .npy format version \(major).\(minor); liplab reads 1.0, 2.0 and 3.0")
    }
    let dataStart = headerStart + headerLength
    guard dataStart <= bytes.count else {
      throw Diagnostic(
        "'\(name)' is truncated: its header needs \(headerLength) bytes, the file has \(bytes.count - headerStart)")
    }
    let headerBytes = bytes[headerStart ..< dataStart]
    let header: String
    if major == 3 {
      guard let text = String(validating: headerBytes, as: UTF8.self) else {
        throw Diagnostic("'\(name)' has a malformed .npy header (not UTF-8)")
      }
      header = text
    } else {
      header = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
    }
    let fields = try dictionary(header, name: name)

    guard case .string(let descr)? = fields["descr"] else {
      throw Diagnostic("'\(name)' has an unsupported dtype (liplab reads float64 and float32: '<f8', '<f4', '>f8', '>f4')")
    }
    guard case .bool(let fortranOrder)? = fields["fortran_order"] else {
      throw Diagnostic("'\(name)' has a malformed .npy header (no 'fortran_order')")
    }
    guard case .tuple(let shape)? = fields["shape"] else {
      throw Diagnostic("'\(name)' has a malformed .npy header (no 'shape')")
    }
    let itemSize: Int
    let bigEndian: Bool
    switch descr {
    case "<f8", "=f8": (itemSize, bigEndian) = (8, false)
    case ">f8": (itemSize, bigEndian) = (8, true)
    case "<f4", "=f4": (itemSize, bigEndian) = (4, false)
    case ">f4": (itemSize, bigEndian) = (4, true)
    default:
      throw Diagnostic(
        "'\(name)' has dtype '\(descr)'; liplab reads float64 and float32 ('<f8', '<f4', '>f8', '>f4')")
    }
    let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    let rows: Int
    let columns: Int
    switch shape.count {
    case 1: (rows, columns) = (shape[0], 1)
    case 2: (rows, columns) = (shape[0], shape[1])
    default:
      throw Diagnostic(
        "'\(name)' holds a \(shape.count)-D array of shape \(shapeText); a matrix needs a 1-D or 2-D array")
    }
    guard rows > 0, columns > 0 else {
      throw Diagnostic("'\(name)' holds an empty array of shape \(shapeText)")
    }
    do {
      _ = try Matrix.checkedShape(rows, columns, limit: limit)
    } catch {
      throw Diagnostic("'\(name)' holds a \(rows)×\(columns) matrix, more than the limit of \(limit) elements")
    }
    let count = rows * columns
    let available = bytes.count - dataStart
    guard available / itemSize >= count else {
      let (needed, overflow) = count.multipliedReportingOverflow(by: itemSize)
      throw Diagnostic(
        "'\(name)' is truncated: shape \(shapeText) of '\(descr)' needs \(overflow ? "more" : "\(needed)") bytes of data, the file has \(available)")
    }
    let needed = count * itemSize
    guard available == needed else {
      throw Diagnostic("'\(name)' has \(available - needed) unexpected bytes after its data")
    }
    var values = [Double](repeating: 0, count: count)
    bytes.withUnsafeBytes { raw in
      for i in 0 ..< count {
        let offset = dataStart + i * itemSize
        if itemSize == 8 {
          let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          values[i] = Double(bitPattern: bigEndian ? UInt64(bigEndian: word) : UInt64(littleEndian: word))
        } else {
          let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
          values[i] = Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: word) : UInt32(littleEndian: word)))
        }
      }
    }
    if fortranOrder && rows > 1 && columns > 1 {
      var transposed = [Double](repeating: 0, count: count)
      for j in 0 ..< columns {
        for i in 0 ..< rows { transposed[i * columns + j] = values[j * rows + i] }
      }
      values = transposed
    }
    do {
      return try Matrix(rows: rows, columns: columns, elements: values)
    } catch {
      throw Diagnostic("'\(name)' could not be read as a \(rows)×\(columns) matrix")
    }
  }

  /// Parses the header's Python dict literal: string keys, values that are strings, booleans or
  /// tuples of integers.
  static func dictionary(_ header: String, name: String) throws(Diagnostic) -> [String: Literal] {
    var parser = LiteralParser(scalars: Array(header.unicodeScalars))
    guard let fields = parser.dictionary() else {
      throw Diagnostic("'\(name)' has a malformed .npy header: \(header.trimmedForMessage)")
    }
    return fields
  }

  /// A tiny recursive-descent parser for the header literal.
  struct LiteralParser {
    var scalars: [Unicode.Scalar]
    var position = 0

    mutating func skipSpace() {
      while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
      skipSpace()
      guard position < scalars.count, scalars[position] == scalar else { return false }
      position += 1
      return true
    }

    mutating func dictionary() -> [String: Literal]? {
      guard consume("{") else { return nil }
      var result: [String: Literal] = [:]
      while !consume("}") {
        guard let key = string(), consume(":"), let value = literal() else { return nil }
        result[key] = value
        if !consume(",") {
          guard consume("}") else { return nil }
          break
        }
      }
      skipSpace()
      return position == scalars.count ? result : nil
    }

    mutating func string() -> String? {
      skipSpace()
      guard position < scalars.count, scalars[position] == "'" || scalars[position] == "\"" else {
        return nil
      }
      let quote = scalars[position]
      position += 1
      var text = String.UnicodeScalarView()
      while position < scalars.count, scalars[position] != quote {
        text.append(scalars[position])
        position += 1
      }
      guard position < scalars.count else { return nil }
      position += 1
      return String(text)
    }

    mutating func literal() -> Literal? {
      skipSpace()
      guard position < scalars.count else { return nil }
      switch scalars[position] {
      case "'", "\"": return string().map(Literal.string)
      case "(": return tuple().map(Literal.tuple)
      default:
        for (word, value) in [("True", true), ("False", false)] where matches(word) {
          position += word.unicodeScalars.count
          return .bool(value)
        }
        return nil
      }
    }

    func matches(_ word: String) -> Bool {
      let w = Array(word.unicodeScalars)
      return position + w.count <= scalars.count && Array(scalars[position ..< position + w.count]) == w
    }

    mutating func tuple() -> [Int]? {
      guard consume("(") else { return nil }
      var values: [Int] = []
      while !consume(")") {
        skipSpace()
        var digits = ""
        while position < scalars.count, ("0" ... "9").contains(scalars[position]) {
          digits.unicodeScalars.append(scalars[position])
          position += 1
        }
        guard let value = Int(digits) else { return nil }
        if consume("L") {}  // Python 2 long integers
        values.append(value)
        if !consume(",") {
          guard consume(")") else { return nil }
          break
        }
      }
      return values
    }
  }
}

extension String {
  /// The text with surrounding whitespace removed and cut to 60 characters, for messages.
  fileprivate var trimmedForMessage: String {
    let trimmed = String(
      String.UnicodeScalarView(unicodeScalars.drop(while: { $0.properties.isWhitespace }).reversed()
        .drop(while: { $0.properties.isWhitespace }).reversed()))
    return trimmed.count > 60 ? String(trimmed.prefix(60)) + "…" : trimmed
  }
}
