// Every normalization layer, through the language, against the outputs NumPy computed from
// PyTorch's definitions (Fixtures/normalization/generate.py, committed with its output), to
// 1e-12 relative: batchnorm, layernorm, instancenorm, groupnorm, switchnorm on 4-D, 3-D and
// matrix batches with per-channel γ and β, eps=, BatchNorm's running statistics over three
// training steps and evaluation mode with them, and weightnorm with its norms.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct FixtureNormalizationTests {
  static let folder = fixturesDirectory + "/normalization"

  /// A notebook with `names` loaded from the fixtures (`x4-gamma.npy` as `x4_gamma`).
  static func notebook(_ names: [String]) -> TestNotebook {
    let notebook = TestNotebook()
    for name in names {
      notebook.run("\(variable(name)) = load(\"\(folder)/\(name).npy\")")
      #expect(notebook.session.value(of: variable(name)) != nil, "\(name).npy did not load")
    }
    return notebook
  }

  static func variable(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }

  /// The entries of a variable (matrix or tensor).
  static func entries(_ notebook: TestNotebook, _ name: String) -> [Double]? {
    notebook.session.value(of: name)?.tensor?.elements
  }

  /// ‖a − b‖∞ ≤ 1e-12·‖b‖∞, with equal counts.
  static func expectClose(_ a: [Double]?, _ b: [Double]?, _ what: String, tolerance: Double = 1e-12) {
    guard let a, let b, a.count == b.count else {
      Issue.record("\(what): missing or of another size")
      return
    }
    let scale = max(b.map { abs($0) }.max() ?? 0, 1e-300)
    let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    #expect(error <= tolerance * scale, "\(what): relative error \(error / scale)")
  }

  @Test(arguments: ["x4", "x3", "x2"])
  func layersMatchPyTorchsDefinitions(batch: String) {
    let notebook = Self.notebook([batch, "\(batch)-gamma", "\(batch)-beta"]
      + ["batch", "layer", "instance", "switch", "batch-eps"].map { "\(batch)-\($0)" })
    let affine = "gamma=\(batch)_gamma, beta=\(batch)_beta"
    notebook.run(
      "y_batch = batchnorm(\(batch), \(affine))",
      "y_layer = layernorm(\(batch), \(affine))",
      "y_instance = instancenorm(\(batch), \(affine))",
      "y_switch = switchnorm(\(batch), mean=[0.5 -1 2], var=[1 0 -0.5], \(affine))",
      "y_eps = batchnorm(\(batch), \(affine), eps=0.5)")
    for (mine, theirs) in [
      ("y_batch", "batch"), ("y_layer", "layer"), ("y_instance", "instance"),
      ("y_switch", "switch"), ("y_eps", "batch-eps"),
    ] {
      Self.expectClose(
        Self.entries(notebook, mine), Self.entries(notebook, Self.variable("\(batch)-\(theirs)")),
        "\(batch) \(theirs)")
    }
  }

  @Test(arguments: [("x4", 2), ("x4", 3), ("x3", 2)])
  func groupNormMatchesPyTorch(batch: String, groups: Int) {
    let notebook = Self.notebook([batch, "\(batch)-gamma", "\(batch)-beta", "\(batch)-group\(groups)"])
    notebook.run("y = groupnorm(\(batch), groups=\(groups), gamma=\(batch)_gamma, beta=\(batch)_beta)")
    Self.expectClose(
      Self.entries(notebook, "y"), Self.entries(notebook, "\(batch)_group\(groups)"), "\(batch) G=\(groups)")
  }

  @Test func groupNormSpansLayerNormAndInstanceNorm() {
    let notebook = Self.notebook(["x4", "x4-gamma", "x4-beta", "x4-layer", "x4-instance"])
    notebook.run(
      "a = groupnorm(x4, groups=1, gamma=x4_gamma, beta=x4_beta)",
      "b = groupnorm(x4, groups=6, gamma=x4_gamma, beta=x4_beta)")
    Self.expectClose(Self.entries(notebook, "a"), Self.entries(notebook, "x4_layer"), "G=1")
    Self.expectClose(Self.entries(notebook, "b"), Self.entries(notebook, "x4_instance"), "G=C")
  }

  @Test func runningStatisticsFollowPyTorch() {
    let names = (1 ... 3).flatMap { ["bn-batch\($0)", "bn-mean\($0)", "bn-var\($0)"] } + ["bn-eval-x", "bn-eval-y"]
    let notebook = Self.notebook(names)
    notebook.run("bn = bnlayer(3)")
    for step in 1 ... 3 {
      notebook.run("step bn bn_batch\(step)", "m = bn.mean", "v = bn.var")
      Self.expectClose(Self.entries(notebook, "m"), Self.entries(notebook, "bn_mean\(step)"), "running mean \(step)")
      Self.expectClose(Self.entries(notebook, "v"), Self.entries(notebook, "bn_var\(step)"), "running var \(step)")
    }
    notebook.run("y = batchnorm(bn_eval_x, layer=bn)")
    Self.expectClose(Self.entries(notebook, "y"), Self.entries(notebook, "bn_eval_y"), "evaluation mode")
    #expect(notebook.number("bn.steps") == 3)
  }

  @Test func weightNormMatchesItsDefinition() {
    let notebook = Self.notebook(["wn-v", "wn-g", "wn-w", "wn-norms"])
    notebook.run("w = weightnorm(wn_v, g=wn_g)")
    Self.expectClose(Self.entries(notebook, "w"), Self.entries(notebook, "wn_w"), "weightnorm")
    let norms = Self.entries(notebook, "wn_norms") ?? [0, 0, 0]
    let spectral = notebook.number("norm2(w)") ?? 0
    #expect(abs(spectral - norms[0]) <= 1e-12 * norms[0])
    #expect(norms[1] <= spectral && spectral <= norms[2])
    let frobenius = notebook.number("fro(w)") ?? 0
    #expect(abs(frobenius - norms[2]) <= 1e-12 * norms[2])
  }
}
