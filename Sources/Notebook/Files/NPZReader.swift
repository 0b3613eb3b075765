// NumPy's .npz (np.savez, np.savez_compressed): a zip archive of .npy files, one per array,
// stored or deflated, written with the zip64 fields NumPy always asks for.
//
// The central directory at the end of the archive is the truth about each member (as every zip
// reader takes it): the end-of-central-directory record, and its zip64 form when the classic
// fields are saturated, give where the directory is; each directory entry gives a member's name,
// method, CRC-32, sizes and the offset of its local header, with the zip64 extra field where a
// size or offset is 0xFFFFFFFF. A member is inflated with zlib (raw deflate) into exactly the
// size the directory declares, its CRC-32 checked, and read as a .npy (NPYMatrixReader) within
// what is left of the element limit. Encrypted members, other methods, multi-disk archives and
// a member larger than a .npy within the limit can be are refused, each naming the member.

import CZlib
import DenseMatrix

/// Reads a .npz file into named tensors.
enum NPZReader {
  /// One member as the central directory describes it.
  struct Member {
    let name: String
    let method: Int
    let flags: Int
    let crc: UInt32
    let compressedSize: Int
    let size: Int
    let localHeaderOffset: Int
  }

  /// The arrays in the .npz at `path`, named as np.load names them (the member name without
  /// `.npy`), in archive order, at most `limit` elements in all.
  /// - Throws: a `Diagnostic` naming the file (and the member) on any problem. Cost: one read of
  ///   each member, O(size) plus the inflation.
  static func read(path: String, limit: Int) throws(Diagnostic) -> TensorArchive {
    let file = try FileInput(reading: path)
    let members = try directory(of: file, name: path)
    var tensors: [NamedTensor] = []
    var remaining = limit
    for member in members {
      let memberName = "'\(path)' member '\(member.name)'"
      func refuse(_ problem: String) -> Diagnostic { Diagnostic("\(memberName) \(problem)") }
      guard member.flags & 1 == 0 else { throw refuse("is encrypted") }
      guard member.method == 0 || member.method == 8 else {
        throw refuse("uses compression method \(member.method); liplab reads stored (0) and deflated (8) members")
      }
      let cap = MatrixFormat.npy.byteCap(remaining)
      guard member.size <= cap else {
        throw Diagnostic(
          "\(memberName) is too large: \(member.size) bytes, more than the \(cap) that a .npy of at most \(remaining) elements (what is left of the limit) can take",
          notes: ["raise the limit with 'set limit=N'"])
      }
      // The local header: 30 bytes, then the name and an extra field of its own lengths.
      let local = try bytes(of: file, at: member.localHeaderOffset, count: 30, name: path)
      guard le32(local, 0) == 0x0403_4B50 else { throw refuse("has no local header where the directory says") }
      let dataStart = member.localHeaderOffset + 30 + le16(local, 26) + le16(local, 28)
      guard dataStart <= file.size, member.compressedSize <= file.size - dataStart else {
        throw refuse("is truncated: its \(member.compressedSize) bytes run past the end of the file")
      }
      let stored = try bytes(of: file, at: dataStart, count: member.compressedSize, name: path)
      let content = member.method == 0 ? stored : try inflate(stored, size: member.size, refuse: refuse)
      guard content.count == member.size else { throw refuse("holds \(content.count) bytes, not the \(member.size) its directory entry says") }
      guard crc32(content) == member.crc else { throw refuse("fails its CRC-32 check (the data is corrupt)") }
      let label = "\(path)' member '\(member.name)"
      let header = try NPYMatrixReader.header(content, fileSize: content.count, name: label, limit: remaining)
      let tensor = try NPYMatrixReader.parse(content, name: label, limit: remaining)
      remaining -= tensor.elements.count
      let name = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
      tensors.append(NamedTensor(name: name, dtype: header.descr, tensor: tensor))
      do {
        try Interruption.checkpoint(progress: Double(dataStart + member.compressedSize) / Double(max(file.size, 1)))
      } catch {
        throw MatrixError.interrupted.diagnostic(at: nil)
      }
    }
    return TensorArchive(tensors: tensors)
  }

  /// The members the central directory lists, in its order.
  static func directory(of file: borrowing FileInput, name: String) throws(Diagnostic) -> [Member] {
    func refuse(_ problem: String) -> Diagnostic { Diagnostic("'\(name)' \(problem)") }
    // The end-of-central-directory record: 22 bytes and a comment of up to 65535, at the end.
    let tailLength = min(file.size, 22 + 0xFFFF)
    let tail = try bytes(of: file, at: file.size - tailLength, count: tailLength, name: name)
    guard tail.count >= 22, let eocd = stride(from: tail.count - 22, through: 0, by: -1).first(where: { le32(tail, $0) == 0x0605_4B50 })
    else { throw refuse("is not a .npz (zip) file: it has no end-of-central-directory record") }
    guard le16(tail, eocd + 4) == 0, le16(tail, eocd + 6) == 0 else { throw refuse("is a multi-disk zip archive, which liplab does not read") }
    var count = le16(tail, eocd + 10)
    var directorySize = le32(tail, eocd + 12)
    var directoryOffset = le32(tail, eocd + 16)
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      // zip64: a 20-byte locator just before the record gives the zip64 record's offset.
      let locatorAt = file.size - tailLength + eocd - 20
      guard locatorAt >= 0 else { throw refuse("has a zip64 end record without its locator") }
      let locator = try bytes(of: file, at: locatorAt, count: 20, name: name)
      guard le32(locator, 0) == 0x0706_4B50 else { throw refuse("has a zip64 end record without its locator") }
      let recordAt = le64(locator, 8)
      guard recordAt >= 0, recordAt <= file.size - 56 else { throw refuse("has a zip64 end record outside the file") }
      let record = try bytes(of: file, at: recordAt, count: 56, name: name)
      guard le32(record, 0) == 0x0606_4B50 else { throw refuse("has no zip64 end record where its locator says") }
      count = le64(record, 32)
      directorySize = le64(record, 40)
      directoryOffset = le64(record, 48)
    }
    guard count >= 0, directoryOffset >= 0, directorySize >= 0, directoryOffset <= file.size, directorySize <= file.size - directoryOffset else {
      throw refuse("has a central directory outside the file")
    }
    let entries = try bytes(of: file, at: directoryOffset, count: directorySize, name: name)
    var members: [Member] = []
    var p = 0
    for _ in 0 ..< count {
      guard p + 46 <= entries.count, le32(entries, p) == 0x0201_4B50 else { throw refuse("has a malformed central directory") }
      let nameLength = le16(entries, p + 28), extraLength = le16(entries, p + 30), commentLength = le16(entries, p + 32)
      let end = p + 46 + nameLength + extraLength + commentLength
      guard end <= entries.count else { throw refuse("has a malformed central directory") }
      guard let memberName = String(validating: entries[p + 46 ..< p + 46 + nameLength], as: UTF8.self) else {
        throw refuse("has a member whose name is not UTF-8")
      }
      var compressed = le32(entries, p + 20), size = le32(entries, p + 24), offset = le32(entries, p + 42)
      // The zip64 extra field (id 1) holds, in this order, each of these that is saturated.
      var q = p + 46 + nameLength
      let extraEnd = q + extraLength
      while q + 4 <= extraEnd {
        let id = le16(entries, q), length = le16(entries, q + 4 - 2)
        guard q + 4 + length <= extraEnd else { break }
        if id == 1 {
          var r = q + 4
          func next() throws(Diagnostic) -> Int {
            guard r + 8 <= q + 4 + length else { throw refuse("member '\(memberName)' has a short zip64 extra field") }
            defer { r += 8 }
            return le64(entries, r)
          }
          if size == 0xFFFF_FFFF { size = try next() }
          if compressed == 0xFFFF_FFFF { compressed = try next() }
          if offset == 0xFFFF_FFFF { offset = try next() }
        }
        q += 4 + length
      }
      guard size >= 0, compressed >= 0, offset >= 0, offset <= file.size - 30 else {
        throw refuse("member '\(memberName)' has a local header outside the file")
      }
      members.append(
        Member(
          name: memberName, method: le16(entries, p + 10), flags: le16(entries, p + 8), crc: UInt32(le32(entries, p + 16)),
          compressedSize: compressed, size: size, localHeaderOffset: offset))
      p = end
    }
    return members
  }

  /// `data` inflated (raw deflate) into exactly `size` bytes.
  static func inflate(_ data: [UInt8], size: Int, refuse: (String) -> Diagnostic) throws(Diagnostic) -> [UInt8] {
    var output = [UInt8](repeating: 0, count: size)
    var stream = z_stream()
    guard liplab_inflate_init_raw(&stream) == Z_OK else { throw refuse("could not be inflated (zlib failed to start)") }
    defer { inflateEnd(&stream) }
    var status: Int32 = Z_OK
    var produced = 0
    // NOTE: one extra output byte, so that data inflating past the declared size is caught.
    var spare: UInt8 = 0
    data.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        stream.next_out = out.baseAddress
        stream.avail_out = UInt32(out.count)
        status = CZlib.inflate(&stream, Z_FINISH)
        produced = out.count - Int(stream.avail_out)
        if status == Z_BUF_ERROR && stream.avail_out == 0 || status == Z_OK {
          withUnsafeMutablePointer(to: &spare) { extra in
            stream.next_out = extra
            stream.avail_out = 1
            status = CZlib.inflate(&stream, Z_FINISH)
            if stream.avail_out == 0 { produced += 1 }
          }
        }
      }
    }
    guard produced <= size else { throw refuse("inflates to more than the \(size) bytes its directory entry says") }
    guard status == Z_STREAM_END else {
      throw refuse(produced < size ? "is truncated or corrupt: it inflates to \(produced) of its \(size) bytes" : "has corrupt deflated data")
    }
    return produced == size ? output : Array(output[0 ..< produced])
  }

  /// zlib's CRC-32 of `bytes`.
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
      var crc: UInt = 0
      var p = buffer.baseAddress
      var left = buffer.count
      while left > 0 {
        let piece = min(left, 1 << 30)
        crc = CZlib.crc32(crc, p, UInt32(piece))
        p = p.map { $0 + piece }
        left -= piece
      }
      return UInt32(truncatingIfNeeded: crc)
    }
  }

  /// `count` bytes of the file from `offset`.
  private static func bytes(of file: borrowing FileInput, at offset: Int, count: Int, name: String) throws(Diagnostic) -> [UInt8] {
    var result = [UInt8](repeating: 0, count: count)
    try result.withUnsafeMutableBytes { raw in Result { () throws(Diagnostic) in try file.read(into: raw, at: offset) } }.get()
    return result
  }
}

/// The little-endian integer of 2, 4 or 8 bytes at `offset` (8-byte values beyond Int.max are
/// negative, which the callers refuse).
private func le16(_ b: [UInt8], _ offset: Int) -> Int { Int(b[offset]) | Int(b[offset + 1]) << 8 }
private func le32(_ b: [UInt8], _ offset: Int) -> Int { le16(b, offset) | le16(b, offset + 2) << 16 }
private func le64(_ b: [UInt8], _ offset: Int) -> Int { le32(b, offset) | le32(b, offset + 4) << 32 }
