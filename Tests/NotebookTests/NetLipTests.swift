// netlip on the fixtures of Fixtures/networks/generate.py: two-layer ReLU nets whose exact
// constant NumPy found by enumerating every activation pattern, a 64-unit net, 3- and 4-layer
// nets with their best split measured exactly by NumPy; the Jacobian at the reported input is
// recomputed here from the file's tensors by a plain forward pass.

import Critics
import DenseMatrix
import Testing

@testable import Notebook

@Suite struct NetLipTests {
  static let origin = SourceRange(line: 1, column: 1)

  func archive(_ name: String) throws -> TensorArchive {
    try SafetensorsReader.read(path: networksDirectory + "/netlip-\(name).safetensors", limit: Matrix.defaultElementLimit)
  }

  func expected(_ name: String) throws -> [Double] {
    try MatrixFile.read(path: networksDirectory + "/netlip-\(name)-expected.npy").elements
  }

  func analysis(_ name: String) throws -> (TensorArchive, ChainLipschitz) {
    let model = try archive(name)
    let chain = try NamedChain.of(.object(WeightsValue(model)), order: nil, at: Self.origin, orderRange: Self.origin)
    #expect(chain.names == (1 ... chain.stages.count).map { "fc\($0).weight" })
    #expect(chain.stages.allSatisfy { $0.dense != nil && $0.bias != nil })
    return (model, try ChainLipschitz(stages: chain.stages, activation: .relu))
  }

  /// ‖J(x)‖₂ (one output) and the smallest |pre-activation| at x, from the tensors fc<l>.weight
  /// and fc<l>.bias by a forward pass carrying the Jacobian.
  func jacobianNorm(_ model: TensorArchive, at x: [Double]) throws -> (norm: Double, margin: Double) {
    var a = x
    var j = (0 ..< x.count).map { i in (0 ..< x.count).map { $0 == i ? 1.0 : 0 } }
    var margin = Double.infinity
    var l = 1
    while let w = model.tensor(named: "fc\(l).weight") {
      let b = try #require(model.tensor(named: "fc\(l).bias")).tensor.elements
      let (rows, columns) = (w.storedShape[0], w.storedShape[1])
      let last = model.tensor(named: "fc\(l + 1).weight") == nil
      var z = b
      var next = [[Double]](repeating: [Double](repeating: 0, count: x.count), count: rows)
      for i in 0 ..< rows {
        for k in 0 ..< columns {
          let wik = w.tensor.elements[i * columns + k]
          z[i] += wik * a[k]
          for c in 0 ..< x.count { next[i][c] += wik * j[k][c] }
        }
        if !last {
          margin = min(margin, abs(z[i]))
          if z[i] <= 0 {
            z[i] = 0
            next[i] = [Double](repeating: 0, count: x.count)
          }
        }
      }
      (a, j, l) = (z, next, l + 1)
    }
    #expect(j.count == 1)
    return (j[0].reduce(0) { $0 + $1 * $1 }.squareRoot(), margin)
  }

  @Test(arguments: [(8, 1.93), (12, 1.57), (16, 1.31)])
  func twoLayerNetsMeetTheEnumeratedConstant(h: Int, productRatio: Double) throws {
    let (model, r) = try analysis("h\(h)")
    let values = try expected("h\(h)")
    let (exact, product) = (values[0], values[1])
    #expect(abs(r.product - product) <= 1e-9 * product)
    #expect(r.upper >= exact * (1 - 1e-12) && r.upper <= exact * (1 + 1e-3))
    #expect(abs(r.lower - exact) <= 1e-12 * exact)
    #expect(r.bestPatternRealised)
    if h <= PatternBound.enumerationSize { #expect(r.isExact) }
    #expect(abs(product / exact - productRatio) < 0.005)
    if h == 16 {
      #expect(abs(r.gap - 6.1e-5) < 0.05e-5)
      let model = try archive("h16")
      let chain = try NamedChain.of(.object(WeightsValue(model)), order: nil, at: Self.origin, orderRange: Self.origin)
      var options = ChainSearchOptions()
      options.relativeGap = 0
      let closed = try ChainLipschitz(stages: chain.stages, activation: .relu, options: options)
      #expect(closed.isExact && (closed.pairs[0]?.nodes ?? 99) <= 8)
    }
    let x = try #require(r.attained)
    let (norm, margin) = try jacobianNorm(model, at: x.x)
    #expect(abs(norm - x.value) <= 1e-12 * norm && margin > 0)
  }

  /// 72 → 64 → 1: exact value unknown; the interval is certified and closes within 1 % (the help
  /// states the gap, the ratio of the product to it, and the node count).
  @Test func sixtyFourUnitsCloseWithinOnePercent() throws {
    let (model, r) = try analysis("h64")
    let product = try expected("h64")[0]
    #expect(abs(r.product - product) <= 1e-9 * product)
    #expect(r.lower <= r.upper && r.gap <= 0.01)
    #expect(r.gap <= 1e-3)
    let x = try #require(r.attained)
    let (norm, margin) = try jacobianNorm(model, at: x.x)
    #expect(abs(norm - x.value) <= 1e-12 * norm && margin > 0)
    #expect(abs(r.product / r.lower - 1.64) < 0.005)
    #expect((r.pairs[0]?.nodes ?? 99) <= 40)
    #expect(abs(r.gap - 7.4e-4) < 0.05e-4)
    let chain = try NamedChain.of(.object(WeightsValue(model)), order: nil, at: Self.origin, orderRange: Self.origin)
    var options = ChainSearchOptions()
    options.relativeGap = 0
    let closed = try ChainLipschitz(stages: chain.stages, activation: .relu, options: options)
    #expect(closed.isExact && (closed.pairs[0]?.nodes ?? 999) < 100)
    #expect(abs(closed.lower - r.lower) <= 1e-12 * r.lower)
  }

  /// 3 and 4 layers: the certified bound is NumPy's best split with every pair exact, below the
  /// product; the lower bound is realised (help states both ratios).
  @Test(arguments: [("deep3", 0.529, 0.896), ("deep4", 0.468, 1.58)])
  func deeperNetsAreBracketed(name: String, ofProduct: Double, gap: Double) throws {
    let (model, r) = try analysis(name)
    let values = try expected(name)
    let layers = values.count - 2
    for l in 0 ..< layers { #expect(abs(r.sigmas[l] - values[l]) <= 1e-9 * values[l]) }
    #expect(abs(r.product - values[layers]) <= 1e-9 * values[layers])
    #expect(abs(r.upper - values[layers + 1]) <= 1e-9 * values[layers + 1])
    #expect(r.upper < r.product && r.lower <= r.upper)
    // Only the last pair (one output row) improves on the product.
    #expect(r.blocks == [Int](repeating: 1, count: layers - 2) + [2])
    let x = try #require(r.attained)
    let (norm, margin) = try jacobianNorm(model, at: x.x)
    #expect(abs(norm - x.value) <= 1e-12 * norm && margin > 0)
    #expect(abs(r.upper / r.product - ofProduct) < 0.0005)
    #expect(abs(r.gap - gap) < 0.005 * gap)
  }

  /// The command prints the same numbers, and the x it prints gives ‖J(x)‖₂ again.
  @Test func theReportPrintsTheIntervalAndTheInput() throws {
    let nb = TestNotebook()
    nb.run("w = load(\"\(networksDirectory)/netlip-h8.safetensors\")")
    let out = nb.run("netlip w")
    #expect(out == nb.run("netlip w"))
    let exact = try expected("h8")[0]
    let format = NumberFormat(digits: 6)
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.first == "  chain 12→8→1, relu")
    #expect(lines.contains { $0.hasPrefix("    interval  ") && $0.contains("[\(format.string(exact)), \(format.string(exact))]  exact: the bounds meet") })
    #expect(lines.contains { $0.hasPrefix("    ‖J(x)‖₂  ") && $0.contains(" \(format.string(exact)) ") })
    #expect(lines.contains { $0.hasPrefix("    certified ") && $0.contains("fc2.weight·fc1.weight over") })
    // x = [a, b, …] over several lines.
    let start = try #require(out.range(of: "  x = ["))
    let text = out[start.upperBound...].prefix { $0 != "]" }
    let x = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(x.count == 12)
    let (norm, margin) = try jacobianNorm(try archive("h8"), at: x)
    #expect(abs(norm - exact) <= 1e-5 * exact && margin > 0)
  }

  @Test func criticsModelsAndOtherActivations() {
    let nb = TestNotebook()
    nb.run("c = critic(hidden=[6 6], act=relu, seed=5)", "m = mlp(hidden=[8], act=tanh, seed=1)")
    let critic = nb.run("netlip c")
    #expect(critic.hasPrefix("  chain 1→6→6→1, relu\n    σ₁ "))
    #expect(critic.contains("    ‖J(x)‖₂ "))
    let model = nb.run("netlip m")
    #expect(model.hasPrefix("  chain 1→8→1, tanh\n"))
    #expect(model.contains("lower bound at x below: the derivative") && !model.contains("best pattern"))
    let any = nb.run("netlip c act=any")
    #expect(any.hasPrefix("  chain 1→6→6→1, any φ with slopes in [0, 1]\n"))
    #expect(any.contains("    lower bound  —  ") && !any.contains("x = ["))
    nb.run("w = load(\"\(networksDirectory)/netlip-deep3.safetensors\")")
    let pair = nb.run("netlip w order=\"fc2.weight fc3.weight\"")
    #expect(pair.hasPrefix("  chain 12→12→1, relu\n"))
  }
}
