// .npz reading: archives NumPy wrote (np.savez stored, np.savez_compressed deflated, both with
// zip64 local headers) against the arrays NumPy saved beside them, and broken archives.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct FilesNPZTests {
  func archive(_ file: String, limit: Int = Matrix.defaultElementLimit) throws(Diagnostic) -> TensorArchive {
    try NPZReader.read(path: networksDirectory + "/" + file, limit: limit)
  }

  func message(_ file: String, limit: Int = Matrix.defaultElementLimit) -> String? {
    diagnostic { () throws(Diagnostic) in _ = try archive(file, limit: limit) }?.message
      .replacing(networksDirectory + "/", with: "")
  }

  @Test(arguments: ["stored.npz", "deflated.npz"])
  func everyMemberIsReadAsNumPySavedIt(file: String) throws {
    let model = try archive(file)
    #expect(model.tensors.map(\.name) == ["dense.weight", "conv.weight", "steps", "mask"])
    #expect(model.tensors.map(\.dtype) == ["<f8", "<f4", "<i4", "|b1"])
    for t in model.tensors {
      let expected = try MatrixFile.readTensor(
        path: networksDirectory + "/expected-npz-\(t.name.replacing(".", with: "-")).npy")
      #expect(t.tensor.shape == expected.shape, "\(t.name)")
      #expect(t.tensor.elements.map(\.bitPattern) == expected.elements.map(\.bitPattern), "\(t.name)")
    }
    #expect(model.tensor(named: "conv.weight")?.tensor.precision == .single)
  }

  @Test func theLimitCoversAllMembers() {
    // 12 + 24 + 3 + 2 = 41 entries; the last member is refused by its size against what is left.
    #expect(message("stored.npz", limit: 41) == nil)
    #expect(message("stored.npz", limit: 40) == "'stored.npz' member 'mask.npy' holds a 2 array, more than the limit of 1 elements")
  }

  @Test(arguments: [
    ("bad-not-zip.npz", "'bad-not-zip.npz' is not a .npz (zip) file: it has no end-of-central-directory record"),
    ("bad-crc.npz", "'bad-crc.npz' member 'dense.weight.npy' fails its CRC-32 check (the data is corrupt)"),
  ])
  func brokenArchivesAreRefusedNamingTheMember(file: String, expected: String) {
    #expect(message(file) == expected)
  }

  @Test func corruptDeflatedDataIsRefused() {
    let text = message("bad-deflate.npz") ?? ""
    #expect(text.hasPrefix("'bad-deflate.npz' member 'dense.weight.npy' "), "\(text)")
  }

  @Test func loadGivesAModel() {
    let nb = TestNotebook()
    #expect(
      nb.run("m = load(\"\(networksDirectory)/deflated.npz\")")
        == "m : weights  4 tensors, 41 parameters (<f8 <f4 <i4 |b1)\n")
    #expect(nb.run("size(m(\"conv.weight\"))").contains("2"))
  }
}

@Suite struct LayersCommandTests {
  let path = networksDirectory + "/layers.safetensors"

  @Test func everyWeightMatchesNumPysSVD() throws {
    let model = try SafetensorsReader.read(path: path, limit: Matrix.defaultElementLimit)
    let report = try LayerReport(model)
    let expected = try MatrixFile.read(path: networksDirectory + "/layers-expected.npy")
    #expect(report.rows.map(\.name) == ["embed.weight", "0.weight", "0.bias", "conv1.weight", "conv2.weight"])
    #expect(report.rows.map(\.kind) == [.embedding, .dense, .vector, .conv1d, .conv2d])
    #expect(report.skipped == ["bn.num_batches_tracked"])
    for (i, row) in report.rows.enumerated() {
      let frobenius = expected[i, 0], sigma = expected[i, 1]
      #expect(abs(row.frobenius - frobenius) <= 1e-12 * frobenius, "\(row.name)")
      let operatorNorm = expected[i, 2]
      if operatorNorm.isNaN {
        #expect(row.operatorNorm == nil, "\(row.name)")
      } else {
        let norm = try #require(row.operatorNorm)
        #expect(abs(norm - operatorNorm) <= 1e-12 * operatorNorm, "\(row.name)")
        #expect(norm >= sigma * (1 - 1e-12))
      }
      if sigma.isNaN {
        #expect(row.sigma == nil && row.stableRank == nil)
      } else {
        let s = try #require(row.sigma)
        #expect(abs(s - sigma) <= 1e-9 * sigma, "\(row.name)")
        let stable = try #require(row.stableRank)
        #expect(abs(stable - frobenius * frobenius / (sigma * sigma)) <= 1e-8 * stable)
      }
    }
  }

  @Test func theTableAndChartPrint() {
    let nb = TestNotebook()
    nb.run("m = load(\"\(path)\")")
    let out = nb.run("layers m")
    let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first?.hasPrefix("  name") == true)
    #expect(lines.contains { $0.hasPrefix("  conv2.weight  2×3×3×3  conv2d") && $0.contains("  6.11408  ") })
    #expect(lines.first?.hasSuffix("‖C‖₂  ‖C‖₂/σ₁") == true)
    // The gap column is NumPy's FFT norm over NumPy's reshaped σ₁.
    let expected = try! MatrixFile.read(path: networksDirectory + "/layers-expected.npy")
    let conv2 = lines.first { $0.hasPrefix("  conv2.weight") }!.split(separator: " ").compactMap { Double($0) }
    #expect(abs(conv2.last! - expected[4, 2] / expected[4, 1]) <= 1e-5 * conv2.last!)
    #expect(out.contains("circular padding and stride 1 on n = 32 positions"))
    // n is raised to the kernel's size: a 3-tap kernel on n = 2 is taken on 3.
    #expect(LayerReport.convolutionSize(2, kernel: [4, 3, 3]) == 3)
    #expect(LayerReport.convolutionSize(32, kernel: [258, 1, 256]) == 256)
    #expect(out.contains("  not weights, left out: bn.num_batches_tracked\n"))
    #expect(out.contains("  σ₁ by layer, with a mark at 1:\n"))
    #expect(nb.run("layers 3").hasPrefix("error: layers needs weights loaded from a file, got a number"))
  }

  @Test func anInterruptionKeepsTheRowsSoFar() throws {
    let model = try SafetensorsReader.read(path: path, limit: Matrix.defaultElementLimit)
    var calls = 0
    let report = try LayerReport(model, isInterrupted: { calls += 1; return calls > 4 })
    #expect(report.rows.count < report.weightCount)
    #expect(report.weightCount == 5)
  }
}
