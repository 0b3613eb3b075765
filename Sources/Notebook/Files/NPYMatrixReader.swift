// NumPy's .npy format as a tensor (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
//
// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header length (2 bytes
// little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then a Python dict literal such as
// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` (Latin-1 in 1.0/2.0, UTF-8 in
// 3.0), then the raw data. liplab reads float64 and float32, signed and unsigned integers of 1,
// 2, 4 and 8 bytes and booleans (as 0 and 1), in either byte order, arrays of 1 to 4 dimensions
// in C or Fortran order; anything else is refused with a diagnostic. A 64-bit integer
// beyond 2⁵³ in magnitude, which a double cannot hold exactly, is an error naming the entry.

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

  /// What a .npy header declares: where the data starts, its element type, order and shape.
  struct Header {
    let dataStart: Int
    let dtype: DType
    let descr: String
    let fortranOrder: Bool
    let shape: [Int]
    /// The number of elements, within the limit.
    let count: Int
  }

  /// How many leading bytes `header(_:fileSize:name:limit:)` may need: the longest preamble
  /// and a header of up to 64 KiB (far more than NumPy writes; its own reader refuses headers
  /// over 10 000 bytes).
  static let headerReadLength = 12 + (1 << 16)

  /// The header of a .npy file of `fileSize` bytes from its first bytes (at least
  /// `headerReadLength` of them, or the whole file when it is shorter), checked before the data
  /// is read: the magic, the version, the dict, the dtype, the shape against `limit`, and the
  /// file's size against the size the shape needs. Cost: O(header).
  static func header(_ bytes: [UInt8], fileSize: Int, name: String, limit: Int) throws(Diagnostic) -> Header {
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
    guard dataStart <= fileSize else {
      throw Diagnostic(
        "'\(name)' is truncated: its header needs \(headerLength) bytes, the file has \(fileSize - headerStart)")
    }
    guard dataStart <= bytes.count else {
      throw Diagnostic("'\(name)' has a .npy header of \(headerLength) bytes; liplab reads headers of up to \(headerReadLength - 12) bytes")
    }
    let headerBytes = bytes[headerStart ..< dataStart]
    guard !headerBytes.contains(0) else { throw Diagnostic("'\(name)' has a malformed .npy header (a NUL byte)") }
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
      throw Diagnostic("'\(name)' has an unsupported dtype (liplab reads \(DType.supported))")
    }
    guard case .bool(let fortranOrder)? = fields["fortran_order"] else {
      throw Diagnostic("'\(name)' has a malformed .npy header (no 'fortran_order')")
    }
    guard case .tuple(let shape)? = fields["shape"] else {
      throw Diagnostic("'\(name)' has a malformed .npy header (no 'shape')")
    }
    guard let dtype = DType(descr) else {
      throw Diagnostic("'\(name)' has dtype '\(descr)'; liplab reads \(DType.supported)")
    }
    let itemSize = dtype.size
    let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    guard !shape.isEmpty else {
      throw Diagnostic("'\(name)' holds a 0-D array of shape (); liplab reads arrays of 1 to \(Tensor.maximumRank) dimensions")
    }
    guard shape.count <= Tensor.maximumRank else {
      throw Diagnostic(
        "'\(name)' holds a \(shape.count)-D array of shape \(shapeText); liplab reads arrays of 1 to \(Tensor.maximumRank) dimensions")
    }
    guard shape.allSatisfy({ $0 > 0 }) else {
      throw Diagnostic("'\(name)' holds an empty array of shape \(shapeText)")
    }
    let count: Int
    do {
      count = try Tensor.checkedCount(shape, limit: limit)
    } catch {
      throw Diagnostic("'\(name)' holds a \(Tensor.text(of: shape)) array, more than the limit of \(limit) elements")
    }
    let available = fileSize - dataStart
    guard available / itemSize >= count else {
      let (needed, overflow) = count.multipliedReportingOverflow(by: itemSize)
      throw Diagnostic(
        "'\(name)' is truncated: shape \(shapeText) of '\(descr)' needs \(overflow ? "more" : "\(needed)") bytes of data, the file has \(available)")
    }
    let needed = count * itemSize
    guard available == needed else {
      throw Diagnostic("'\(name)' has \(available - needed) unexpected bytes after its data")
    }
    return Header(
      dataStart: dataStart, dtype: dtype, descr: descr, fortranOrder: fortranOrder, shape: shape, count: count)
  }

  /// Collects a file's bytes (its header was checked before it was read) and parses them at
  /// the end: a .npy holds exactly 8 bytes an element at most, so holding it is holding the
  /// data.
  struct Buffered: MatrixParser {
    let name: String
    let limit: Int
    private var bytes: [UInt8] = []

    init(name: String, limit: Int, size: Int) {
      self.name = name
      self.limit = limit
      bytes.reserveCapacity(size)
    }

    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(Diagnostic) { bytes.append(contentsOf: chunk) }

    mutating func finish() throws(Diagnostic) -> Tensor { try NPYMatrixReader.parse(bytes, name: name, limit: limit) }
  }

  /// The array in `bytes`, of rank 1 to 4, as a tensor (a 1-D array is a rank-1 tensor); `name`
  /// is the file name used in diagnostics. Cost: O(size).
  static func parse(_ bytes: [UInt8], name: String, limit: Int) throws(Diagnostic) -> Tensor {
    let header = try self.header(bytes, fileSize: bytes.count, name: name, limit: limit)
    let (dtype, dataStart, count, shape) = (header.dtype, header.dataStart, header.count, header.shape)
    let itemSize = dtype.size
    let fortranOrder = header.fortranOrder
    var values = [Double](repeating: 0, count: count)
    let inexact = bytes.withUnsafeBytes { raw -> Int? in
      for i in 0 ..< count { values[i] = dtype.value(raw, at: dataStart + i * itemSize) }
      guard dtype.kind != "f" && itemSize == 8 else { return nil }
      return (0 ..< count).first { !dtype.isExact(raw, at: dataStart + $0 * itemSize) }
    }
    if let bad = inexact {
      throw Diagnostic(
        "'\(name)' entry \(bad + 1) is \(dtype.exactText(bytes, at: dataStart + bad * itemSize)), which a double cannot hold exactly",
        notes: ["doubles hold every integer up to 2⁵³ = 9007199254740992 in magnitude"])
    }
    if fortranOrder && shape.filter({ $0 > 1 }).count > 1 { values = rowMajor(fortran: values, shape: shape) }
    do {
      var tensor = try Tensor(shape: shape, elements: values)
      if dtype.kind == "f" && itemSize == 4 { tensor.precision = .single }
      return tensor
    } catch {
      throw Diagnostic("'\(name)' could not be read as a \(Tensor.text(of: shape)) array")
    }
  }

  /// The entries of a Fortran-order (first index fastest) array of `shape` in row-major order.
  /// O(count·rank).
  static func rowMajor(fortran values: [Double], shape: [Int]) -> [Double] {
    var fortranStrides = [Int](repeating: 1, count: shape.count)
    for d in 1 ..< shape.count { fortranStrides[d] = fortranStrides[d - 1] * shape[d - 1] }
    var result = [Double](repeating: 0, count: values.count)
    var index = [Int](repeating: 0, count: shape.count)
    var source = 0
    for position in 0 ..< values.count {
      result[position] = values[source]
      var d = shape.count - 1
      while d >= 0 {
        index[d] += 1
        source += fortranStrides[d]
        if index[d] < shape[d] { break }
        source -= index[d] * fortranStrides[d]
        index[d] = 0
        d -= 1
      }
    }
    return result
  }

  /// An element type liplab reads: `<f8`, `>i4`, `|u1`, `|b1`, …
  struct DType {
    /// `f` (float), `i` (signed), `u` (unsigned) or `b` (bool).
    let kind: Unicode.Scalar
    /// Bytes per element.
    let size: Int
    let bigEndian: Bool

    /// What the messages list as readable.
    static let supported =
      "float64, float32, int8 to int64, uint8 to uint64 and bool ('<f8', '<f4', '<i4', '|u1', '|b1', …, either byte order)"

    /// The dtype of a descr string, or nil when liplab cannot read it.
    init?(_ descr: String) {
      let scalars = Array(descr.unicodeScalars)
      guard scalars.count >= 3, "<>=|".unicodeScalars.contains(scalars[0]),
        let size = Int(String(String.UnicodeScalarView(scalars[2...])))
      else { return nil }
      kind = scalars[1]
      self.size = size
      bigEndian = scalars[0] == ">"
      switch kind {
      case "f": guard size == 4 || size == 8 else { return nil }
      case "i", "u": guard [1, 2, 4, 8].contains(size) else { return nil }
      case "b": guard size == 1 else { return nil }
      default: return nil
      }
    }

    /// The raw bits of the element at `offset`, in host order.
    private func bits(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
      switch size {
      case 1: return UInt64(raw[offset])
      case 2:
        let w = raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return UInt64(bigEndian ? UInt16(bigEndian: w) : UInt16(littleEndian: w))
      case 4:
        let w = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return UInt64(bigEndian ? UInt32(bigEndian: w) : UInt32(littleEndian: w))
      default:
        let w = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        return bigEndian ? UInt64(bigEndian: w) : UInt64(littleEndian: w)
      }
    }

    /// The element at `offset` as a double (booleans as 0 and 1; integers rounded to the
    /// nearest double, exact up to 2⁵³).
    func value(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Double {
      let b = bits(raw, at: offset)
      switch (kind, size) {
      case ("f", 4): return Double(Float(bitPattern: UInt32(truncatingIfNeeded: b)))
      case ("f", _): return Double(bitPattern: b)
      case ("b", _): return b == 0 ? 0 : 1
      case ("u", _): return Double(b)
      default:
        // Sign-extend from `size` bytes.
        let shift = UInt64(64 - 8 * size)
        return Double(Int64(bitPattern: b << shift) >> Int64(shift))
      }
    }

    /// True when the element at `offset` is a double exactly (always, but for 64-bit integers
    /// beyond 2⁵³ that are not multiples of a power of two large enough).
    func isExact(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
      let b = bits(raw, at: offset)
      switch kind {
      case "u": return UInt64(exactly: Double(b)) == b
      case "i": return Int64(exactly: Double(Int64(bitPattern: b))) == Int64(bitPattern: b)
      default: return true
      }
    }

    /// The integer at `offset` exactly, for messages.
    func exactText(_ bytes: [UInt8], at offset: Int) -> String {
      bytes.withUnsafeBytes { raw in
        let b = bits(raw, at: offset)
        return kind == "u" ? String(b) : String(Int64(bitPattern: b))
      }
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
