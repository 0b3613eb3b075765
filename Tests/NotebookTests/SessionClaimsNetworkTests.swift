// The facts session 14's comments state about a saved and reloaded network, each recomputed
// from the values the session's own statements make.

import Critics
import DenseMatrix
import Testing

@testable import Notebook

@Suite struct SessionClaimsNetworkTests {
  /// The session's statements up to the reload, in a session of 17 digits; the file in a
  /// directory of the test's own.
  static func session() throws -> (TestNotebook, MLPCritic, TensorArchive) {
    let nb = preciseNotebook()
    nb.defineFitData()
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    let path = directory + "/m.safetensors"
    nb.run(
      "m = mlp(hidden=[16 16], act=relu, seed=1)", "fit m x y method=none steps=1500 lr=1e-2",
      "save m \"\(path)\"", "w = load(\"\(path)\")")
    let network = try #require(nb.model("m")).network
    return (nb, network, try SafetensorsReader.read(path: path, limit: .max))
  }

  @Test func theFileIsPyTorchsAndHoldsEveryEntryExactly() throws {
    let (_, network, archive) = try Self.session()
    // "nn.Sequential(Linear(1, 16), ReLU(), Linear(16, 16), ReLU(), Linear(16, 1))"
    #expect(
      archive.metadata.first { $0.key == "liplab.modules" }?.value
        == "Linear(1, 16); ReLU(); Linear(16, 16); ReLU(); Linear(16, 1)")
    // "Every entry comes back exactly (saved as F64)", for every layer, bit for bit.
    for (l, layer) in network.layers.enumerated() {
      let weight = try #require(archive.tensor(named: "\(2 * l).weight"))
      let bias = try #require(archive.tensor(named: "\(2 * l).bias"))
      #expect(weight.dtype == "F64")
      #expect(weight.tensor.elements.map(\.bitPattern) == layer.weight.elements.map(\.bitPattern))
      #expect(bias.tensor.elements.map(\.bitPattern) == layer.bias.map(\.bitPattern))
    }
  }

  @Test func theBoundsAroundTheExactConstant() throws {
    let (nb, network, _) = try Self.session()
    let exact = try ExactLipschitz.of(network, on: -10 ... 10)
    // "lip m found 39 pieces on [−10, 10]"
    #expect(exact.pieceCount == 39)
    // The exact constant against a dense grid of the function itself.
    let grid = CriticReference.gridSlope(network, on: -10 ... 10, count: 400_001)
    #expect(grid <= exact.value * (1 + 1e-9) && grid >= exact.value * (1 - 1e-3))
    // "The product of the three σ₁ bounds the constant of the whole network"
    let product = network.layers.reduce(1.0) { $0 * CriticReference.spectralNorm($1.weight) }
    #expect(product >= exact.value)
    let out = nb.run("netlip w")
    #expect(abs(try #require(number("product", in: out)) - product) <= 1e-9 * product)
    // "The lower end is the exact constant lip gave."
    let lower = try #require(number("‖J(x)‖₂", in: out))
    #expect(abs(lower - exact.value) <= 1e-12 * exact.value)
    // "The certified end, about half the product, is still 3.3 times the truth: it bounds the
    // first two layers over all 2¹⁶ patterns of their 16 hidden units and multiplies by the
    // last layer's σ₁"
    let certified = try #require(number("certified", in: out))
    #expect(abs(certified / product - 0.5) < 0.05)
    #expect(abs(certified / exact.value - 3.3) < 0.05)
    #expect(out.contains("2.weight·0.weight over patterns"))
    #expect(out.contains("× σ₁ of 4.weight"))
  }
}
