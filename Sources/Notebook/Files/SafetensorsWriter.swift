// Writing named tensors as safetensors, the file `SafetensorsReader` reads: the 8-byte
// little-endian header length, a compact JSON header padded with spaces to a multiple of 8 bytes
// (as the reference implementation pads it, so the data buffer is aligned), then every tensor's
// bytes in header order, contiguous from offset 0. Each tensor is written in the type it was
// loaded from, so a file loaded and saved again keeps its bytes' values; a tensor made in liplab
// is written as F64, its entries exactly.

import DenseMatrix

/// Encodes a `TensorArchive` as a safetensors file.
enum SafetensorsWriter {
  /// The file's bytes: header, then data. PyTorch's `safetensors.torch.load_file` and liplab's
  /// `load` read them back. Cost: O(total entries).
  static func encode(_ archive: TensorArchive) -> [UInt8] {
    var members: [String] = []
    if !archive.metadata.isEmpty {
      let pairs = archive.metadata.map { JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value) }
      members.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    var offset = 0
    let types = archive.tensors.map { SafetensorsDType(storedAs: $0.dtype) }
    for (tensor, dtype) in zip(archive.tensors, types) {
      let end = offset + tensor.tensor.elements.count * dtype.size
      let shape = tensor.storedShape.map(String.init).joined(separator: ",")
      members.append(
        JSONText.quoted(tensor.name) + ":{\"dtype\":\"\(dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var header = Array(("{" + members.joined(separator: ",") + "}").utf8)
    header += [UInt8](repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
    bytes += header
    for (tensor, dtype) in zip(archive.tensors, types) {
      dtype.encode(tensor.tensor.elements, into: &bytes)
    }
    return bytes
  }
}

extension SafetensorsDType {
  /// The safetensors type of a tensor stored as `dtype`: its own name for a safetensors type,
  /// NumPy's for an .npz member (`<f4` → F32, `|b1` → BOOL, `<i8` → I64, …), F64 otherwise.
  init(storedAs dtype: String) {
    if let own = SafetensorsDType(rawValue: dtype) {
      self = own
      return
    }
    let code = dtype.drop { $0 == "<" || $0 == ">" || $0 == "|" || $0 == "=" }
    let byName: [Substring: SafetensorsDType] = [
      "f8": .F64, "f4": .F32, "f2": .F16, "i8": .I64, "i4": .I32, "i2": .I16, "i1": .I8,
      "u8": .U64, "u4": .U32, "u2": .U16, "u1": .U8, "b1": .BOOL,
    ]
    self = byName[code] ?? .F64
  }

  /// Appends `values` as little-endian elements of this type. A value is written exactly when
  /// the type holds it (every value loaded from a file of this type does); otherwise it is
  /// rounded to nearest (floating point) or toward zero and clamped (integers).
  func encode(_ values: [Double], into bytes: inout [UInt8]) {
    func append<T: FixedWidthInteger>(_ value: T) {
      withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
    func integer<T: FixedWidthInteger>(_ x: Double, _: T.Type) -> T {
      x.isNaN ? 0 : x >= Double(T.max) ? T.max : x <= Double(T.min) ? T.min : T(x)
    }
    bytes.reserveCapacity(bytes.count + values.count * size)
    switch self {
    case .F64: for x in values { append(x.bitPattern) }
    case .F32: for x in values { append(Float(x).bitPattern) }
    case .F16: for x in values { append(Float16(x).bitPattern) }
    case .BF16:
      // The top half of the float32, rounded to nearest even (exact for a bfloat16 value).
      for x in values {
        let bits = Float(x).bitPattern
        let rounded = Float(x).isNaN ? bits | 0x40_0000 : bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        append(UInt16(truncatingIfNeeded: rounded >> 16))
      }
    case .I64: for x in values { append(integer(x, Int64.self)) }
    case .I32: for x in values { append(integer(x, Int32.self)) }
    case .I16: for x in values { append(integer(x, Int16.self)) }
    case .I8: for x in values { append(integer(x, Int8.self)) }
    case .U64: for x in values { append(integer(x, UInt64.self)) }
    case .U32: for x in values { append(integer(x, UInt32.self)) }
    case .U16: for x in values { append(integer(x, UInt16.self)) }
    case .U8: for x in values { append(integer(x, UInt8.self)) }
    case .BOOL: for x in values { append(UInt8(x != 0 ? 1 : 0)) }
    }
  }
}

extension TensorArchive {
  /// Writes the tensors to `path` as safetensors, replacing any file there atomically
  /// (`AtomicFile`). Contract: `ArchiveFormat.safetensors.read` gives back these names, shapes
  /// and values (each within its type). Cost: O(entries) plus one write and fsync.
  /// - Throws: a `Diagnostic` for a name not ending in .safetensors (naming what was saved as
  ///   `what`), or why the write failed.
  public func write(to path: String, what: String = "named tensors") throws(Diagnostic) {
    guard path.lowercased().hasSuffix(".safetensors") else {
      throw Diagnostic(
        "cannot save \(what) to '\(path)'",
        notes: ["a network or loaded weights are saved to a file named *.safetensors"])
    }
    try AtomicFile.write(bytes: SafetensorsWriter.encode(self), to: path)
  }
}
