// Tensors in the language (constructors, size, reshape, per-channel arithmetic, save and load),
// the `groups` figure and table, and every constant `lip` prints, each against a Jacobian
// built column by column by central differences of the layer itself.

import DenseMatrix
import Foundation
import Testing

@testable import Notebook

@Suite struct NormalizationLayerTests {
  @Test func tensorConstructorsReshapeAndSize() throws {
    let nb = TestNotebook()
    nb.run("x = randn(2, 3, 4, seed=1)", "z = zeros(2, 2, 2, 2)", "r = reshape(x, 6, 4)", "s = size(x)")
    var rng = RandomSource(seed: 1)
    #expect(nb.session.value(of: "x")?.tensor == (try Tensor.randn([2, 3, 4], using: &rng)))
    #expect(nb.session.value(of: "z")?.tensor?.elements == [Double](repeating: 0, count: 16))
    #expect(nb.session.value(of: "r")?.typeName == "matrix")
    #expect(nb.session.value(of: "s")?.matrix?.elements == [2, 3, 4])
    #expect(nb.number("size(x, 2)") == 3)
    #expect(nb.number("sum(ones(2, 3, 4))") == 24)
  }

  @Test func tensorsAreIndexedOnePositionPerDimension() throws {
    let nb = TestNotebook()
    nb.run("x = randn(3, 4, 2, 5, seed=6)", "s = x(2, :, :, :)", "c = x(:, [4 1], 2, end)")
    let x = try #require(nb.session.value(of: "x")?.tensor)
    let s = try #require(nb.session.value(of: "s")?.tensor)
    #expect(s.shape == [1, 4, 2, 5])
    #expect(s.elements == Array(x.elements[40 ..< 80]))
    let c = try #require(nb.session.value(of: "c")?.tensor)
    #expect(c.shape == [3, 2, 1, 1])
    for n in 0 ..< 3 {
      #expect(c[[n, 0, 0, 0]] == x[[n, 3, 1, 4]])
      #expect(c[[n, 1, 0, 0]] == x[[n, 0, 1, 4]])
    }
    #expect(nb.number("x(3, 4, 2, 5)") == x[[2, 3, 1, 4]])
  }

  @Test func perChannelArithmetic() throws {
    let nb = TestNotebook()
    nb.run("x = rand(2, 3, 2, 2, seed=4)", "y = 2 * x + [1 2 3]", "d = x ./ x - 1")
    let x = try #require(nb.session.value(of: "x")?.tensor)
    let y = try #require(nb.session.value(of: "y")?.tensor)
    for k in 0 ..< 24 {
      let c = (k / 4) % 3
      #expect(y.elements[k] == 2 * x.elements[k] + Double(c + 1))
    }
    #expect(nb.session.value(of: "d")?.tensor?.elements.allSatisfy { $0 == 0 } == true)
    // A failed statement leaves the session unchanged.
    nb.run("y = x + ones(2, 2, 2, 2)")
    #expect(nb.session.value(of: "y")?.tensor == y)
  }

  @Test func savedTensorsLoadBackBitForBit() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liplab-tensor-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("x.npy").path
    let nb = TestNotebook()
    let out = nb.run("x = randn(3, 2, 2, 5, seed=9)", "save x \"\(path)\"", "y = load(\"\(path)\")")
    #expect(out.contains("saved x (3×2×2×5)"))
    #expect(nb.session.value(of: "y")?.tensor == nb.session.value(of: "x")?.tensor)
    #expect(nb.run("save x \"\(folder.path)/x.csv\"").contains("a tensor is saved to a file named *.npy"))
  }

  @Test func groupsShowsTheSharedStatisticsAndTheirNormalisedValues() throws {
    let nb = TestNotebook()
    let out = nb.run("x = randn(4, 6, 3, 3, seed=1)", "groups x method=group groups=2")
    #expect(out.contains("groupnorm: 8 groups of 27 entries share one mean and variance"))
    #expect(out.contains("  sample 2            C  C  C  D  D  D"))
    // The first group's statistics are those of sample 1, channels 1–3.
    let x = try #require(nb.session.value(of: "x")?.tensor)
    let first = Array(x.elements[0 ..< 27])
    let mean = first.reduce(0, +) / 27
    let variance = first.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 27
    let format = NumberFormat(digits: Settings().digits)
    #expect(out.contains("      A       27  \(format.string(mean))"))
    #expect(out.contains(format.string(variance)))
    // After normalising: mean 0 and variance σ²/(σ² + ε) within rounding.
    let y = try Normalization.normalized(x, try Normalization.statistics(x, .group(2)))
    let after = try Normalization.groupStatistics(y, .group(2))
    #expect(after.mean.allSatisfy { abs($0) < 1e-15 })
    #expect(after.variance.allSatisfy { abs($0 - 1) < 1e-4 })
  }

  /// The Jacobian of `f` at x by central differences, column by column.
  static func numericJacobian(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) throws -> [Double]) rethrows -> Matrix {
    let columns = try (0 ..< x.count).map { j -> [Double] in
      var plus = x, minus = x
      plus[j] += h
      minus[j] -= h
      return zip(try f(plus), try f(minus)).map { ($0 - $1) / (2 * h) }
    }
    let rows = columns.first?.count ?? 0
    var m = Matrix(rows: rows, columns: x.count)
    for j in 0 ..< x.count { for i in 0 ..< rows { m[i, j] = columns[j][i] } }
    return m
  }

  @Test func evaluationBatchNormConstantIsItsJacobiansNorm() throws {
    let nb = TestNotebook()
    nb.run(
      "bn = bnlayer(3, gamma=[2 -1 0.5], momentum=1)", "x = randn(6, 3, 2, seed=2)",
      "step bn (0.05 * x)", "step bn (0.1 * x)", "y = batchnorm(x, layer=bn)")
    guard case .object(let object)? = nb.session.value(of: "bn"), let bn = object as? BatchNormValue else {
      Issue.record("bn is not a BatchNorm layer")
      return
    }
    let x = try #require(nb.session.value(of: "x")?.tensor)
    let shape = x.shape
    let jacobian = try Self.numericJacobian(x.elements) { e in
      let t = try Tensor(shape: shape, elements: e)
      return try Normalization.normalized(
        t, bn.evaluationStatistics(try ChannelLayout(shape)), gamma: bn.layer.gamma, beta: bn.layer.beta,
        epsilon: bn.epsilon
      ).elements
    }
    let sigma = try jacobian.singularValues()[0]
    #expect(abs(bn.evaluationLipschitz.value - sigma) < 1e-6 * sigma)
    // Small running variances make it far above 1.
    #expect(bn.evaluationLipschitz.value > 5)
    #expect(nb.run("step bn x mode=eval").hasPrefix("error: 'step bn' is always a training step"))
    #expect(nb.run("lip bn").contains(NumberFormat(digits: Settings().digits).string(bn.evaluationLipschitz.value)))
  }

  @Test(arguments: [NormalizationMethod.layer, .batch, .group(2)])
  func trainingModeConstantsAreTheirJacobiansNorms(method: NormalizationMethod) throws {
    var rng = RandomSource(seed: 8)
    let x = try Tensor.randn([3, 4, 2, 2], using: &rng)
    let gamma = [1.0, -2, 0.5, 1.5]
    let report = try LayerLipschitz(x, method, gamma: gamma, epsilon: 1e-5, limit: 1 << 24)
    func jacobian(_ t: Tensor) throws -> Matrix {
      try Self.numericJacobian(t.elements) { e in
        let u = try Tensor(shape: t.shape, elements: e)
        return try Normalization.normalized(u, try Normalization.statistics(u, method), gamma: gamma).elements
      }
    }
    let j = try jacobian(x)
    let sigma = try j.singularValues()[0]
    #expect(abs(report.norm - sigma) < 1e-6 * sigma)
    #expect(report.norm <= report.boundAtInput * (1 + 1e-12))
    #expect(abs(report.worstCase - 2 / 1e-5.squareRoot()) < 1e-9)
    if method == .layer {
      let (s, norm) = report.scaled[2]
      let shrunk = try x.mapped { $0 * s }
      let fd = try Self.numericJacobian(shrunk.elements, h: 1e-9) { e in
        let u = try Tensor(shape: shrunk.shape, elements: e)
        return try Normalization.normalized(u, try Normalization.statistics(u, .layer), gamma: gamma).elements
      }
      let expected = try fd.singularValues()[0]
      #expect(abs(norm - expected) < 1e-4 * expected)
      // The plotted curve: 16 scales 1e-5 … 1, through the table's five, rising as s shrinks
      // toward the worst case, from ‖J‖₂ at x itself.
      #expect(report.curve.count == 16)
      #expect(abs(report.curve.first!.0 - 1e-5) < 1e-20 && report.curve.last!.0 == 1)
      #expect(report.curve.last!.1 == report.norm)
      for (s, value) in report.scaled {
        let point = try #require(report.curve.first { abs($0.0 - s) <= 1e-12 * s })
        #expect(abs(point.1 - value) <= 1e-12 * value)
      }
      #expect(zip(report.curve, report.curve.dropFirst()).allSatisfy { $0.1 >= $1.1 * (1 - 1e-12) })
      #expect(report.curve.allSatisfy { $0.1 <= report.worstCase * (1 + 1e-12) })
      #expect(report.curve.first!.1 > 0.99 * report.worstCase)
    }
    if method == .batch {
      // Sample 1's outputs (rows 0..<16) against sample 2's inputs (columns 16..<32).
      let block = try Matrix.generated(16, 16) { k in j[k / 16, 16 + k % 16] }
      let coupling = try block.singularValues()[0]
      #expect(abs((report.coupling ?? 0) - coupling) < 1e-6 * coupling)
      #expect(coupling > 0.01)
    } else {
      #expect(report.coupling == nil)
    }
  }

  @Test func weightNormConstantIsTheJacobianOfTheLinearMap() throws {
    let nb = TestNotebook()
    nb.run("V = randn(4, 5, seed=3)", "w = weightnorm(V, g=[1 2 0.5 1])")
    let w = try #require(nb.session.value(of: "w")?.matrix)
    let jacobian = Self.numericJacobian([0.1, -0.2, 0.3, 0.4, -0.5]) { u in
      (0 ..< 4).map { i in (0 ..< 5).reduce(0) { $0 + w[i, $1] * u[$1] } }
    }
    let sigma = try jacobian.singularValues()[0]
    let out = nb.run("lip weightnorm V g=[1 2 0.5 1]")
    let format = NumberFormat(digits: Settings().digits)
    #expect(out.contains("‖W‖₂      \(format.string(sigma))"))
    #expect(2 <= sigma && sigma <= Vector.norm([1, 2, 0.5, 1]))
  }
}
