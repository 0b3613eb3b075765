// netlip on chains holding convolutions, against Fixtures/networks/generate.py: NumPy built each
// convolution's explicit matrix from its definition (checked against PyTorch's conv1d/conv2d),
// took every norm by SVD, the ceilings by SVD of the circular stride-1 matrices, and the exact
// constant by enumerating the activation patterns realised on an open region (a linear program
// each). The Jacobian at the reported input is recomputed here from those explicit matrices.

import Critics
import DenseMatrix
import Testing

@testable import Notebook

@Suite struct NetLipConvolutionTests {
  static let origin = SourceRange(line: 1, column: 1)

  func archive(_ name: String) throws -> TensorArchive {
    try SafetensorsReader.read(path: networksDirectory + "/netlip-\(name).safetensors", limit: Matrix.defaultElementLimit)
  }

  func matrix(_ name: String) throws -> Matrix {
    try MatrixFile.read(path: networksDirectory + "/netlip-\(name).npy")
  }

  /// ‖J(x)‖₂ by the Jacobi SVD of J = A_L D ⋯ D A₁ formed from explicit matrices, and the
  /// smallest |pre-activation|; `biases` one per unit.
  func jacobianNorm(_ mats: [Matrix], _ biases: [[Double]], at x: [Double]) throws -> (norm: Double, margin: Double) {
    var a = x
    var j = try Matrix.eye(x.count)
    var margin = Double.infinity
    for l in mats.indices {
      var z = try mats[l].times(a)
      for i in z.indices { z[i] += biases[l][i] }
      j = try mats[l] * j
      if l < mats.count - 1 {
        for i in z.indices {
          margin = min(margin, abs(z[i]))
          if z[i] <= 0 {
            z[i] = 0
            for c in 0 ..< j.columns { j.elements[i * j.columns + c] = 0 }
          }
        }
      }
      a = z
    }
    return (try j.svd(method: .jacobi).singularValues[0], margin)
  }

  /// The explicit matrices and per-unit biases of a fixture for one padding.
  func explicit(_ name: String, padding: String, convolutions: [String], dense: String) throws -> ([Matrix], [[Double]]) {
    let model = try archive(name)
    var mats: [Matrix] = []
    var biases: [[Double]] = []
    for (l, layer) in convolutions.enumerated() {
      let c = try matrix("\(name)-\(padding)-C" + (convolutions.count > 1 ? "\(l + 1)" : ""))
      let b = try #require(model.tensor(named: "\(layer).bias")).tensor.elements
      mats.append(c)
      biases.append((0 ..< c.rows).map { b[$0 / (c.rows / b.count)] })
    }
    let w = try #require(model.tensor(named: "\(dense).weight"))
    mats.append(try Matrix(rows: w.storedShape[0], columns: w.storedShape[1], elements: w.tensor.elements))
    biases.append(try #require(model.tensor(named: "\(dense).bias")).tensor.elements)
    return (mats, biases)
  }

  func analyse(_ name: String, padding: ConvolutionPadding, size: Int?, stride: Int) throws -> (NamedChain, ChainLipschitz) {
    var setting = ChainConvolutionSetting()
    setting.size = size
    setting.padding = padding
    setting.stride = stride
    let chain = try NamedChain.of(
      .object(WeightsValue(try archive(name))), order: nil, convolution: setting, at: Self.origin, orderRange: Self.origin)
    return (chain, try ChainLipschitz(stages: chain.stages, activation: .relu))
  }

  /// conv1d → ReLU → conv1d → ReLU → dense on 2×4 inputs (n inferred from the dense layer's 8
  /// inputs), and conv2d with stride 2 → ReLU → dense on 1×4×4: every norm is NumPy's, the
  /// certified bound is the product of the ceilings, and lower ≤ exact ≤ upper.
  @Test(arguments: [
    ("conv1d", ConvolutionPadding.circular, 0, 0.932), ("conv1d", .zero, 1, 0.9986), ("conv2d", .circular, 0, 1),
    ("conv2d", .zero, 1, 1),
  ])
  func chainsMatchNumPy(name: String, padding: ConvolutionPadding, row: Int, ofExact: Double) throws {
    let oneD = name == "conv1d"
    let (chain, r) = try analyse(name, padding: padding, size: oneD ? nil : 4, stride: oneD ? 1 : 2)
    let table = try matrix("\(name)-expected")
    let values = table.row(row)
    let layers = chain.stages.count
    #expect(chain.names == (oneD ? ["conv1.weight", "conv2.weight", "fc.weight"] : ["conv.weight", "fc.weight"]))
    if case .convolution(let c, _) = chain.stages[0] { #expect(c.size == 4) } else { Issue.record("not a convolution") }
    for l in 0 ..< layers { #expect(abs(r.sigmas[l] - values[l]) <= 1e-9 * values[l]) }
    #expect(abs(r.product - values[layers]) <= 1e-9 * values[layers])
    #expect(abs(r.upper - values[layers + 1]) <= 1e-9 * values[layers + 1])
    #expect(r.blocks == [Int](repeating: 1, count: layers))
    let exact = values[layers + 2]
    #expect(r.lower <= exact * (1 + 1e-12) && exact <= r.upper)
    // The help's numbers: the lower bound's fraction of the constant (1: equal to rounding), the
    // certified bound 1.7 to 2.5 times it.
    if ofExact == 1 {
      #expect(abs(r.lower - exact) <= 1e-9 * exact)
    } else {
      #expect(abs(r.lower / exact - ofExact) < 0.0005)
    }
    #expect((1.7 ... 2.5).contains(r.upper / exact))
    // Circular padding with stride 1 is exact in the product, so the product is certified there.
    if padding == .circular && oneD { #expect(r.certifiedSigmas == r.sigmas) }
    let x = try #require(r.attained)
    let (mats, biases) = try explicit(
      "\(name)", padding: padding.rawValue, convolutions: oneD ? ["conv1", "conv2"] : ["conv"], dense: "fc")
    let (norm, margin) = try jacobianNorm(mats, biases, at: x.x)
    #expect(abs(norm - x.value) <= 1e-10 * norm && margin > 0)
    #expect(abs(margin - x.margin) <= 1e-10 * (1 + margin))
  }

  /// The command prints the chain and the interval, and the x it prints gives ‖J(x)‖₂ again.
  @Test func theReportPrintsAnInputWhoseJacobianIsTheLowerBound() throws {
    let nb = TestNotebook()
    nb.run("m = load(\"\(networksDirectory)/netlip-conv1d.safetensors\")")
    let out = nb.run("netlip m padding=zero")
    #expect(out == nb.run("netlip m padding=zero"))
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.first == "  chain 2×4→2×4→2×4→2, relu; convolutions from n = 4, zero padding, stride 1")
    #expect(lines.contains { $0.hasPrefix("    product ") && $0.contains("not certified") })
    #expect(lines.contains { $0.contains("its ceiling: the circular stride-1 norm on") })
    let start = try #require(out.range(of: "  x = ["))
    let text = out[start.upperBound...].prefix { $0 != "]" }
    let x = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(x.count == 8)
    let lower = try #require(lines.first { $0.hasPrefix("    ‖J(x)‖₂") })
    let printed = try #require(Double(lower.split(separator: " ", omittingEmptySubsequences: true)[1]))
    let (mats, biases) = try explicit("conv1d", padding: "zero", convolutions: ["conv1", "conv2"], dense: "fc")
    let (norm, margin) = try jacobianNorm(mats, biases, at: x)
    #expect(abs(norm - printed) <= 1e-5 * printed && margin > 0)
  }

  /// With a stride, the inferred n is the smallest whose outputs the dense layer takes:
  /// ⌈⌈13/2⌉/2⌉ = 4 positions × 2 channels = 8 (12 gives ⌈⌈12/2⌉/2⌉ = 3).
  @Test func theSizeIsInferredThroughTheStrides() {
    let nb = TestNotebook()
    nb.run("m = load(\"\(networksDirectory)/netlip-conv1d.safetensors\")")
    let out = nb.run("netlip m stride=2")
    #expect(out.hasPrefix("  chain 2×13→2×7→2×4→2, relu; convolutions from n = 13, circular padding, stride 2\n"))
    #expect(out.contains("    interval  "))
  }
}
