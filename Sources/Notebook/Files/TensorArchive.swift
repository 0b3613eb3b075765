// A file of named tensors — a model's weights — as safetensors and NumPy's .npz hold them: the
// names in file order, each with the element type it was stored in and its entries as doubles.

import DenseMatrix

/// One named array of a model file.
public struct NamedTensor: Sendable, Equatable {
  /// The name as the file gives it (`encoder.0.weight`).
  public let name: String
  /// The stored element type as the format spells it (`F32`, `BF16`, `<f4`, …).
  public let dtype: String
  /// The entries, converted exactly to doubles; a scalar (shape ()) is a 1-element rank-1 tensor.
  public let tensor: Tensor
  /// The shape as stored, () for a scalar.
  public let storedShape: [Int]

  public init(name: String, dtype: String, tensor: Tensor, storedShape: [Int]? = nil) {
    self.name = name
    self.dtype = dtype
    self.tensor = tensor
    self.storedShape = storedShape ?? tensor.shape
  }

  /// True for a floating-point dtype (`F64`, `BF16`, `<f4`, …), false for integers and booleans.
  public var isFloatingPoint: Bool {
    dtype.hasPrefix("F") || dtype == "BF16" || dtype.dropFirst().hasPrefix("f")
  }

  /// The stored shape as messages and tables print it: `258×1×256`, `()` for a scalar.
  public var shapeText: String { storedShape.isEmpty ? "()" : Tensor.text(of: storedShape) }
}

/// The tensors of one model file, in the order the file lists them.
public struct TensorArchive: Sendable, Equatable {
  public var tensors: [NamedTensor]
  /// safetensors' `__metadata__` (string to string), in file order; empty for .npz.
  public var metadata: [(key: String, value: String)] = []

  public init(tensors: [NamedTensor], metadata: [(key: String, value: String)] = []) {
    self.tensors = tensors
    self.metadata = metadata
  }

  public static func == (lhs: TensorArchive, rhs: TensorArchive) -> Bool {
    lhs.tensors == rhs.tensors && lhs.metadata.map(\.key) == rhs.metadata.map(\.key)
      && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
  }

  /// The tensor called `name`, if any.
  public func tensor(named name: String) -> NamedTensor? { tensors.first { $0.name == name } }

  /// Every entry of every tensor.
  public var elementCount: Int { tensors.reduce(0) { $0 + $1.tensor.elements.count } }
}

/// The formats of model files `load` reads, recognised by their names.
public enum ArchiveFormat: Sendable {
  case safetensors
  case npz

  /// The format of a file named `path` (`*.safetensors`, `*.npz`), or nil for a single array.
  public init?(path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".safetensors") {
      self = .safetensors
    } else if lower.hasSuffix(".npz") {
      self = .npz
    } else {
      return nil
    }
  }

  /// The model in the file at `path`, at most `limit` elements in all.
  /// - Throws: a `Diagnostic` naming the file, and the tensor, on any problem.
  public func read(path: String, limit: Int) throws(Diagnostic) -> TensorArchive {
    switch self {
    case .safetensors: return try SafetensorsReader.read(path: path, limit: limit)
    case .npz: return try NPZReader.read(path: path, limit: limit)
    }
  }
}
