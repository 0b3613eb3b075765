// safetensors writing: every dtype and shape read back exactly as it was loaded; a critic's or a
// model's state dict named as PyTorch's nn.Sequential names it, its modules rebuilt here from
// the file alone and evaluated by a plain forward pass that must agree with the network's own.
// (Benchmarks/check_safetensors.py does the same with PyTorch's load_state_dict.)

@testable import Critics
import DenseMatrix
import Foundation
import Testing

@testable import Notebook

@Suite struct FilesSafetensorsWriteTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  @Test(arguments: ["dtypes.safetensors", "scalar-and-kernel.safetensors"])
  func aLoadedFileIsWrittenBackWithItsTypesShapesAndValues(file: String) throws {
    let loaded = try SafetensorsReader.read(path: networksDirectory + "/" + file, limit: .max)
    let path = directory + "/" + file
    try loaded.write(to: path)
    let again = try SafetensorsReader.read(path: path, limit: .max)
    #expect(again.tensors.map(\.name) == loaded.tensors.map(\.name))
    #expect(again.tensors.map(\.dtype) == loaded.tensors.map(\.dtype))
    #expect(again.tensors.map(\.storedShape) == loaded.tensors.map(\.storedShape))
    for (a, b) in zip(again.tensors, loaded.tensors) {
      #expect(a.tensor.elements.map(\.bitPattern) == b.tensor.elements.map(\.bitPattern), "\(a.name)")
    }
    #expect(again == loaded)
  }

  @Test func theHeaderIsPaddedToEightBytesAndTheDataFollowsContiguously() throws {
    let loaded = try SafetensorsReader.read(path: networksDirectory + "/dtypes.safetensors", limit: .max)
    let bytes = SafetensorsWriter.encode(loaded)
    let length = (0 ..< 8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
    #expect(length % 8 == 0)
    let dataBytes = loaded.tensors.reduce(0) { $0 + $1.tensor.elements.count * SafetensorsDType(rawValue: $1.dtype)!.size }
    #expect(bytes.count == 8 + length + dataBytes)
    #expect(bytes[8] == UInt8(ascii: "{"))
  }

  @Test func numpyTypeNamesMapToSafetensorsTypes() {
    let pairs: [(String, SafetensorsDType)] = [
      ("<f8", .F64), ("<f4", .F32), ("<f2", .F16), (">i8", .I64), ("<i4", .I32), ("|i1", .I8),
      ("|u1", .U8), ("<u2", .U16), ("|b1", .BOOL), ("BF16", .BF16), ("<c16", .F64),
    ]
    for (name, dtype) in pairs { #expect(SafetensorsDType(storedAs: name) == dtype, "\(name)") }
  }

  @Test func roundingToNarrowTypesIsToNearest() {
    var bytes: [UInt8] = []
    SafetensorsDType.BF16.encode([1 + 1.0 / 256 + 1.0 / 1024, -2, 1 + 1.0 / 256], into: &bytes)
    // 1 + 2⁻⁸ + 2⁻¹⁰ rounds up to 1 + 2⁻⁷; 1 + 2⁻⁸ is a tie and goes to the even 1.
    #expect(bytes == [0x81, 0x3F, 0x00, 0xC0, 0x80, 0x3F])
    bytes = []
    SafetensorsDType.I16.encode([1e9, -1e9, 2.7, .nan], into: &bytes)
    #expect(bytes == [0xFF, 0x7F, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00])
  }

  // MARK: Networks

  /// A session holding `c` made by `definition`, with `adjust` applied to its network.
  func session(_ definition: String, adjust: (inout MLPCritic) -> Void = { _ in }) throws -> (SavingNotebook, MLPCritic) {
    let notebook = SavingNotebook()
    #expect(notebook.run("c = \(definition)") == [.ok])
    let value = try #require(notebook.session.value(of: "c"))
    guard case .object(let object) = value else { throw Failure("c is not an object") }
    if var critic = object as? CriticValue {
      adjust(&critic.critic)
      notebook.session.define("c", .object(critic))
      return (notebook, critic.critic)
    }
    var model = try #require(object as? ModelValue)
    adjust(&model.network)
    notebook.session.define("c", .object(model))
    return (notebook, model.network)
  }

  static let networks = [
    "critic(hidden=[5 4], act=relu, seed=3)",
    "critic(hidden=[6], act=leaky, slope=0.1, seed=4)",
    "critic(hidden=[4 4 3], act=tanh, seed=5)",
    "critic(hidden=[5 3], act=relu, norm=batch, seed=6)",
    "critic(hidden=[5 3], act=leaky, norm=layer, seed=7)",
    "mlp(hidden=[8 8], act=relu, seed=8)",
  ]

  @Test(arguments: networks)
  func aNetworkIsSavedAsItsSequentialAndComputesTheSameFunction(definition: String) throws {
    var random = RandomSource(seed: 11)
    let (notebook, network) = try session(definition) { c in
      // Running statistics and affine parameters away from their initial 0 and 1.
      for l in c.normalizationLayers.indices {
        let n = c.normalizationLayers[l].gamma.count
        c.normalizationLayers[l].gamma = (0 ..< n).map { _ in 0.5 + random.uniform() }
        c.normalizationLayers[l].beta = (0 ..< n).map { _ in random.uniform() - 0.5 }
        c.normalizationLayers[l].runningMean = (0 ..< n).map { _ in random.uniform() - 0.5 }
        c.normalizationLayers[l].runningVariance = (0 ..< n).map { _ in 0.1 + random.uniform() }
      }
    }
    let path = directory + "/c.safetensors"
    #expect(notebook.run("save c \"\(path)\"") == [.ok])
    let archive = try SafetensorsReader.read(path: path, limit: .max)
    let points = stride(from: -3.0, through: 3.0, by: 0.25).map { $0 }
    let expected = network.values(at: points)
    let found = try Sequential(archive).values(at: points)
    for (e, f) in zip(expected, found) {
      #expect(abs(e - f) <= 1e-13 * max(1, abs(e)), "\(definition): \(e) against \(f)")
    }
    #expect(archive.metadata.first { $0.key == "liplab.architecture" }?.value == network.architecture)
    #expect(archive.metadata.first { $0.key == "format" }?.value == "pt")
  }

  @Test func aSpectrallyNormalizedCriticIsSavedAsApplied() throws {
    var random = RandomSource(seed: 2)
    let (notebook, network) = try session("critic(hidden=[4 3], act=relu, seed=9)") { c in
      c.normalization = SpectralNormalization(
        u: c.layers.map { l in (0 ..< l.weight.rows).map { _ in random.uniform() + 0.1 } },
        v: c.layers.map { l in (0 ..< l.weight.columns).map { _ in random.uniform() + 0.1 } })
    }
    let path = directory + "/sn.safetensors"
    #expect(notebook.run("save c \"\(path)\"") == [.ok])
    let archive = try SafetensorsReader.read(path: path, limit: .max)
    // Each weight is W/σ with σ = uᵀWv, computed here from the raw weights.
    let sn = try #require(network.normalization)
    for (l, layer) in network.layers.enumerated() {
      let w = layer.weight
      var sigma = 0.0
      for i in 0 ..< w.rows { for j in 0 ..< w.columns { sigma += sn.u[l][i] * w[i, j] * sn.v[l][j] } }
      let saved = try #require(archive.tensor(named: "\(2 * l).weight"))
      for (a, b) in zip(saved.tensor.elements, w.elements) { #expect(abs(a - b / sigma) <= 1e-15 * abs(b / sigma)) }
    }
    let points: [Double] = [-1.5, 0, 0.7, 2]
    for (e, f) in zip(network.values(at: points), try Sequential(archive).values(at: points)) {
      #expect(abs(e - f) <= 1e-13 * max(1, abs(e)))
    }
  }

  @Test func namesFollowPyTorchsModuleIndices() throws {
    let (notebook, _) = try session("critic(hidden=[3 2], act=relu, norm=batch, seed=1)")
    let path = directory + "/bn.safetensors"
    notebook.run("save c \"\(path)\"")
    let archive = try SafetensorsReader.read(path: path, limit: .max)
    #expect(
      archive.tensors.map(\.name) == [
        "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
        "3.weight", "3.bias", "4.weight", "4.bias", "4.running_mean", "4.running_var", "4.num_batches_tracked",
        "6.weight", "6.bias",
      ])
    #expect(archive.tensor(named: "1.num_batches_tracked")?.dtype == "I64")
    #expect(archive.tensor(named: "1.num_batches_tracked")?.shapeText == "()")
    #expect(
      archive.metadata.first { $0.key == "liplab.modules" }?.value
        == "Linear(1, 3); BatchNorm1d(3); ReLU(); Linear(3, 2); BatchNorm1d(2); ReLU(); Linear(2, 1)")
  }

  @Test func reloadedWeightsAreAnalysedAndSavedAgainUnchanged() throws {
    let (notebook, network) = try session("critic(hidden=[6 5], act=relu, seed=2)")
    let first = directory + "/first.safetensors"
    let second = directory + "/second.safetensors"
    #expect(notebook.run("save c \"\(first)\"", "w = load(\"\(first)\")", "save w \"\(second)\"") == [.ok, .ok, .ok])
    #expect(try MatrixFile.readBytes(path: first) == (try MatrixFile.readBytes(path: second)))
    #expect(notebook.run("d = w(\"2.weight\") - weight(c, 2)", "e = max(abs(d))") == [.ok, .ok])
    #expect(notebook.session.value(of: "e")?.scalar == 0)
    #expect(network.layers[1].weight.rows == 5)
  }

  @Test func refusalsNameTheValueAndChangeNothing() throws {
    let (notebook, _) = try session("critic(hidden=[2], seed=1)")
    notebook.console.reset()
    #expect(notebook.run("save c \"\(directory)/c.npy\"", "save c \"\(directory)/c.npz\"") == [.failed, .failed])
    #expect(notebook.console.text.contains("error: cannot save a critic to '\(directory)/c.npy'"))
    #expect(notebook.console.text.contains("note: a network or loaded weights are saved to a file named *.safetensors"))
    #expect(directoryEntries(directory).isEmpty)
  }
}

/// The network a state dict describes, rebuilt from its `liplab.modules` metadata and tensors
/// alone, applied by the textbook formulas: what PyTorch's modules compute.
private struct Sequential {
  enum Module {
    case linear(w: [Double], b: [Double], inputs: Int, outputs: Int)
    case batchNorm(gamma: [Double], beta: [Double], mean: [Double], variance: [Double])
    case layerNorm(gamma: [Double], beta: [Double])
    case relu, leaky(Double), tanh
  }

  var modules: [Module] = []

  init(_ archive: TensorArchive) throws {
    let text = try #require(archive.metadata.first { $0.key == "liplab.modules" }?.value)
    for (index, spec) in text.split(separator: "; ").enumerated() {
      func tensor(_ name: String) throws -> [Double] { try #require(archive.tensor(named: "\(index).\(name)")).tensor.elements }
      let arguments = spec.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ", ").map { String($0) }
      switch spec.prefix { $0 != "(" } {
      case "Linear":
        modules.append(
          .linear(w: try tensor("weight"), b: try tensor("bias"), inputs: Int(arguments[0])!, outputs: Int(arguments[1])!))
      case "BatchNorm1d":
        modules.append(
          .batchNorm(
            gamma: try tensor("weight"), beta: try tensor("bias"), mean: try tensor("running_mean"),
            variance: try tensor("running_var")))
      case "LayerNorm": modules.append(.layerNorm(gamma: try tensor("weight"), beta: try tensor("bias")))
      case "ReLU": modules.append(.relu)
      case "LeakyReLU": modules.append(.leaky(Double(arguments[0])!))
      case "Tanh": modules.append(.tanh)
      default: throw Failure("unknown module \(spec)")
      }
    }
  }

  func values(at points: [Double]) throws -> [Double] {
    try points.map { x in
      var h = [x]
      for module in modules {
        switch module {
        case .linear(let w, let b, let inputs, let outputs):
          guard h.count == inputs else { throw Failure("width \(h.count), expected \(inputs)") }
          h = (0 ..< outputs).map { i in (0 ..< inputs).reduce(b[i]) { $0 + w[i * inputs + $1] * h[$1] } }
        case .batchNorm(let gamma, let beta, let mean, let variance):
          h = h.indices.map { gamma[$0] * (h[$0] - mean[$0]) / (variance[$0] + 1e-5).squareRoot() + beta[$0] }
        case .layerNorm(let gamma, let beta):
          let mu = h.reduce(0, +) / Double(h.count)
          let variance = h.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(h.count)
          h = h.indices.map { gamma[$0] * (h[$0] - mu) / (variance + 1e-5).squareRoot() + beta[$0] }
        case .relu: h = h.map { max(0, $0) }
        case .leaky(let slope): h = h.map { $0 >= 0 ? $0 : slope * $0 }
        case .tanh: h = h.map { Foundation.tanh($0) }
        }
      }
      return h[0]
    }
  }
}

private struct Failure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
