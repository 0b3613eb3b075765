// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
// header length N, N bytes of JSON — `{"name": {"dtype": "F32", "shape": [2, 3],
// "data_offsets": [0, 24]}, …, "__metadata__": {"key": "value"}}` — then the data buffer, which
// the offsets index from 0.
//
// liplab refuses what the reference implementation (the `safetensors` crate) refuses: a header
// over 100 MB or longer than the file, one that is not UTF-8 or does not start with '{', JSON it
// cannot parse, `__metadata__` values that are not strings, an unknown dtype, offsets that are not
// contiguous from 0 in order (a gap or an overlap), a tensor whose byte length is not its
// element count times its element size, and bytes after the last tensor. Each message names the
// file and the tensor. The header is checked, and the element count against the limit, before
// any entry is allocated; then the data is read once, in order, straight into the doubles.

import DenseMatrix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Asks the kernel to back `buffer`, memory not yet touched, with huge pages where it can
/// (Linux's transparent huge pages in madvise mode): a large tensor then takes one page fault
/// per 2 MiB instead of per 4 KiB. Only the whole pages inside the buffer are advised; a refusal
/// changes nothing.
func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
  #if os(Linux)
    guard let base = buffer.baseAddress, buffer.count >= 4 << 20 else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (Int(bitPattern: base) + page - 1) / page * page
    let end = (Int(bitPattern: base) + buffer.count) / page * page
    guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(pointer, end - start, MADV_HUGEPAGE)
  #endif
}

/// Reads a safetensors file into named tensors.
enum SafetensorsReader {
  /// The reference implementation's largest header.
  static let maximumHeaderLength = 100_000_000

  /// One tensor as the header declares it.
  struct Entry: Equatable {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    let start: Int
    let end: Int
  }

  /// What a header declares: the tensors in file (offset) order, the metadata, and where the
  /// data buffer starts.
  struct Header {
    var entries: [Entry]
    var metadata: [(key: String, value: String)]
    let dataStart: Int
  }

  /// The model in the file at `path`, at most `limit` elements in all.
  /// - Throws: a `Diagnostic` naming the file (and the tensor) on any problem. Cost: one read
  ///   of the file, O(size).
  static func read(path: String, limit: Int) throws(Diagnostic) -> TensorArchive {
    let file = try FileInput(reading: path)
    let preamble = try file.prefix(8)
    guard preamble.count == 8 else {
      throw Diagnostic("'\(path)' is not a safetensors file: it has \(preamble.count) bytes, fewer than the 8 of its header length")
    }
    let length = preamble.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    guard length <= UInt64(maximumHeaderLength) else {
      throw Diagnostic("'\(path)' declares a safetensors header of \(length) bytes, over the limit of 100 MB")
    }
    let headerLength = Int(length)
    guard 8 + headerLength <= file.size else {
      throw Diagnostic("'\(path)' is truncated: its safetensors header needs \(headerLength) bytes, the file has \(file.size - 8)")
    }
    var headerBytes = [UInt8](repeating: 0, count: headerLength)
    try headerBytes.withUnsafeMutableBytes { raw in
      Result { () throws(Diagnostic) in try file.read(into: raw, at: 8) }
    }.get()
    let header = try self.header(headerBytes, fileSize: file.size, name: path, limit: limit)
    var tensors: [NamedTensor] = []
    tensors.reserveCapacity(header.entries.count)
    for entry in header.entries {
      tensors.append(
        try readTensor(entry, from: file, dataStart: header.dataStart, dataLength: file.size - header.dataStart, name: path))
    }
    return TensorArchive(tensors: tensors, metadata: header.metadata)
  }

  /// The header in `bytes` (the N bytes after the length) of a file of `fileSize` bytes,
  /// validated as the reference validates it, its element count within `limit`.
  static func header(_ bytes: [UInt8], fileSize: Int, name: String, limit: Int) throws(Diagnostic) -> Header {
    func refuse(_ problem: String) -> Diagnostic { Diagnostic("'\(name)' \(problem)") }
    guard String(validating: bytes, as: UTF8.self) != nil else { throw refuse("has a safetensors header that is not UTF-8") }
    guard bytes.first == UInt8(ascii: "{") else { throw refuse("has a safetensors header that does not start with '{'") }
    let json: JSONValue
    do {
      json = try bytes.withUnsafeBytes { raw in Result { () throws(JSONError) in try JSONValue.parse(raw) } }.get()
    } catch {
      throw refuse("has a malformed safetensors header: \(error.reason) at byte \(8 + error.offset)")
    }
    guard case .object(let members) = json else { throw refuse("has a safetensors header that is not an object") }
    var entries: [Entry] = []
    var metadata: [(key: String, value: String)] = []
    for (key, value) in members {
      if key == "__metadata__" {
        guard case .object(let pairs) = value else { throw refuse("has __metadata__ that is \(value.article), not an object of strings") }
        for (k, v) in pairs {
          guard case .string(let text) = v else {
            throw refuse("has __metadata__ value '\(k)' that is \(v.article); safetensors metadata values are strings")
          }
          metadata.append((k, text))
        }
        continue
      }
      entries.append(try entry(key, value, refuse: { refuse("tensor '\(key)' \($0)") }))
    }
    // The reference sorts by offsets, then requires each tensor to start where the last ended.
    entries.sort { ($0.start, $0.end) < ($1.start, $1.end) }
    var position = 0
    var count = 0
    for e in entries {
      func refuseTensor(_ problem: String) -> Diagnostic { refuse("tensor '\(e.name)' \(problem)") }
      guard e.start == position else {
        throw refuseTensor(
          e.start > position
            ? "starts at byte \(e.start) of the data, leaving a gap after byte \(position) (offsets must be contiguous from 0)"
            : "starts at byte \(e.start) of the data, overlapping the tensor before it, which ends at \(position)")
      }
      guard e.end >= e.start else { throw refuseTensor("has data_offsets [\(e.start), \(e.end)] that end before they start") }
      var elements = 1
      for size in e.shape {
        let (product, overflow) = elements.multipliedReportingOverflow(by: size)
        guard !overflow else { throw refuseTensor("has a shape \(e.shape) whose element count overflows") }
        elements = product
      }
      let (bytesNeeded, overflow) = elements.multipliedReportingOverflow(by: e.dtype.size)
      guard !overflow, bytesNeeded == e.end - e.start else {
        throw refuseTensor(
          "has \(e.end - e.start) bytes of data (offsets [\(e.start), \(e.end)]), but \(elements) elements of \(e.dtype) need \(overflow ? "more" : String(bytesNeeded))")
      }
      guard e.shape.count <= Tensor.maximumRank else {
        throw refuseTensor("has \(e.shape.count) dimensions; liplab reads tensors of 0 to \(Tensor.maximumRank)")
      }
      guard elements > 0 else { throw refuseTensor("is empty (shape \(e.shape)); liplab's tensors have every size at least 1") }
      position = e.end
      let (total, overflowTotal) = count.addingReportingOverflow(elements)
      count = overflowTotal ? .max : total
    }
    let dataStart = 8 + bytes.count
    // NOTE: compared as a difference: offsets near Int.max would overflow a sum.
    guard position == fileSize - dataStart else {
      throw refuse(
        position > fileSize - dataStart
          ? "is truncated: its tensors need \(position) bytes of data, the file has \(fileSize - dataStart)"
          : "has \(fileSize - dataStart - position) bytes after its last tensor's data")
    }
    guard count <= limit else {
      throw Diagnostic(
        "'\(name)' holds \(count) elements in its tensors, more than the limit of \(limit)",
        notes: ["raise the limit with 'set limit=N'"])
    }
    return Header(entries: entries, metadata: metadata, dataStart: dataStart)
  }

  /// One header member, `{"dtype": …, "shape": […], "data_offsets": [start, end]}`.
  private static func entry(
    _ name: String, _ value: JSONValue, refuse: (String) -> Diagnostic
  ) throws(Diagnostic) -> Entry {
    guard case .object(let fields) = value else { throw refuse("is described by \(value.article), not an object") }
    func field(_ key: String) throws(Diagnostic) -> JSONValue {
      guard let found = fields.first(where: { $0.key == key }) else { throw refuse("has no \"\(key)\"") }
      return found.value
    }
    func integers(_ key: String) throws(Diagnostic) -> [Int] {
      guard case .array(let items) = try field(key) else { throw refuse("has \"\(key)\" that is not an array") }
      var result: [Int] = []
      for item in items {
        guard case .integer(let n) = item, n >= 0 else { throw refuse("has \"\(key)\" with an entry that is not a whole number ≥ 0") }
        result.append(n)
      }
      return result
    }
    guard case .string(let dtypeName) = try field("dtype") else { throw refuse("has a \"dtype\" that is not a string") }
    guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
      throw refuse("has dtype '\(dtypeName)', which liplab does not read (it reads \(SafetensorsDType.supported))")
    }
    let shape = try integers("shape")
    let offsets = try integers("data_offsets")
    guard offsets.count == 2 else { throw refuse("has \"data_offsets\" of \(offsets.count) entries, not [start, end]") }
    return Entry(name: name, dtype: dtype, shape: shape, start: offsets[0], end: offsets[1])
  }

  /// The entries of one tensor, read from the file in blocks straight into its doubles; after
  /// each block the fraction of the `dataLength` bytes of data read so far goes to the progress
  /// bar, and Ctrl-C stops the read (`Interruption`).
  private static func readTensor(
    _ entry: Entry, from file: borrowing FileInput, dataStart: Int, dataLength: Int, name: String
  ) throws(Diagnostic) -> NamedTensor {
    let count = entry.end - entry.start
    let size = entry.dtype.size
    let elements = count / size
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: min(max(count, 1), 1 << 20), alignment: 16)
    defer { block.deallocate() }
    var inexact: Int? = nil
    var failure: Diagnostic? = nil
    // Decoded straight into uninitialised storage: zeroing it first would touch every page twice.
    // A failed read leaves the doubles not yet decoded as zeros, and the array is dropped.
    let values = [Double](unsafeUninitializedCapacity: elements) { out, initialized in
      adviseHugePages(UnsafeMutableRawBufferPointer(out))
      var done = 0
      do throws(Diagnostic) {
        while done < count {
          let piece = min(block.count, count - done)
          let chunk = UnsafeMutableRawBufferPointer(rebasing: block[0 ..< piece])
          try file.read(into: chunk, at: dataStart + entry.start + done)
          let first = done / size
          if let bad = entry.dtype.decode(UnsafeRawBufferPointer(chunk), into: out.baseAddress! + first, count: piece / size),
            inexact == nil
          {
            inexact = first + bad
          }
          done += piece
          do {
            try Interruption.checkpoint(progress: Double(entry.start + done) / Double(max(dataLength, 1)))
          } catch {
            throw MatrixError.interrupted.diagnostic(at: nil)
          }
        }
      } catch {
        failure = error
        (out.baseAddress! + done / size).initialize(repeating: 0, count: elements - done / size)
      }
      initialized = elements
    }
    if let failure { throw failure }
    if let bad = inexact {
      throw Diagnostic(
        "'\(name)' tensor '\(entry.name)' entry \(bad + 1) is an \(entry.dtype) integer that a double cannot hold exactly",
        notes: ["doubles hold every integer up to 2⁵³ = 9007199254740992 in magnitude"])
    }
    let shape = entry.shape.isEmpty ? [1] : entry.shape
    do {
      var tensor = try Tensor(shape: shape, elements: values)
      if entry.dtype.isNarrowFloat { tensor.precision = .single }
      return NamedTensor(name: entry.name, dtype: entry.dtype.rawValue, tensor: tensor, storedShape: entry.shape)
    } catch {
      throw Diagnostic("'\(name)' tensor '\(entry.name)' could not be read as a \(Tensor.text(of: shape)) array")
    }
  }
}

/// The element types of safetensors that liplab reads, by their names in the header.
enum SafetensorsDType: String, CaseIterable, Sendable, CustomStringConvertible {
  case F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL

  var description: String { rawValue }

  /// What messages list as readable.
  static let supported = allCases.map(\.rawValue).joined(separator: ", ")

  /// Bytes per element.
  var size: Int {
    switch self {
    case .F64, .I64, .U64: return 8
    case .F32, .I32, .U32: return 4
    case .F16, .BF16, .I16, .U16: return 2
    case .I8, .U8, .BOOL: return 1
    }
  }

  /// Floating-point types narrower than a double (their entries carry at least float32's
  /// rounding; liplab tracks float32 as the coarsest).
  var isNarrowFloat: Bool { self == .F32 || self == .F16 || self == .BF16 }

  /// Converts `count` little-endian elements of `raw` to doubles at `out`, exactly; returns the
  /// index of the first 64-bit integer a double cannot hold exactly, or nil.
  func decode(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<Double>, count: Int) -> Int? {
    switch self {
    case .F64:
      for i in 0 ..< count { out[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
    case .F32:
      for i in 0 ..< count {
        out[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
      }
    case .BF16:
      // bfloat16 is the top half of a float32.
      for i in 0 ..< count {
        let half = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
        out[i] = Double(Float(bitPattern: UInt32(half) << 16))
      }
    case .F16:
      for i in 0 ..< count {
        out[i] = SafetensorsDType.halfToDouble(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
      }
    case .I64:
      var bad: Int? = nil
      for i in 0 ..< count {
        let v = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
        out[i] = Double(v)
        if bad == nil, Int64(exactly: out[i]) != v { bad = i }
      }
      return bad
    case .U64:
      var bad: Int? = nil
      for i in 0 ..< count {
        let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        out[i] = Double(v)
        if bad == nil, UInt64(exactly: out[i]) != v { bad = i }
      }
      return bad
    case .I32:
      for i in 0 ..< count { out[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
    case .U32:
      for i in 0 ..< count { out[i] = Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
    case .I16:
      for i in 0 ..< count { out[i] = Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
    case .U16:
      for i in 0 ..< count { out[i] = Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
    case .I8:
      for i in 0 ..< count { out[i] = Double(Int8(bitPattern: raw[i])) }
    case .U8:
      for i in 0 ..< count { out[i] = Double(raw[i]) }
    case .BOOL:
      for i in 0 ..< count { out[i] = raw[i] == 0 ? 0 : 1 }
    }
    return nil
  }

  /// An IEEE half-precision number exactly as a double: sign, 5 exponent bits (bias 15), 10
  /// fraction bits; subnormals, infinities and NaN included.
  static func halfToDouble(_ bits: UInt16) -> Double {
    let sign: FloatingPointSign = bits & 0x8000 == 0 ? .plus : .minus
    let exponent = Int(bits >> 10 & 0x1F)
    let fraction = Double(bits & 0x3FF)
    switch exponent {
    case 0: return Double(sign: sign, exponent: -24, significand: fraction)
    case 31: return fraction == 0 ? (sign == .minus ? -.infinity : .infinity) : .nan
    default: return Double(sign: sign, exponent: exponent - 15, significand: 1 + fraction / 1024)
    }
  }
}

extension FileInput {
  /// Fills `buffer` with the bytes at `offset`, without moving the read position.
  /// - Throws: `'path' is truncated` when the file ends first (it shrank after it was
  ///   checked), or the reason the read failed.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Diagnostic) {
    var filled = 0
    while filled < buffer.count {
      let n = pread(fd, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
      if n == 0 { throw Diagnostic("'\(path)' is truncated: it ended at byte \(offset + filled) while being read") }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileInput.cannotRead(path, errno)
      }
      filled += n
    }
  }
}
