// A matrix loaded from a float32 .npy keeps float32's ε: rank, cond, norms and svd use it and
// say so in a note line; a float64 file, arithmetic and randn print exactly as before.

import DenseMatrix
import Testing

@testable import Notebook

private let note32 =
  "came from float32: rounding level max(m, n)·ε·σ₁ uses ε = 2⁻²³ ≈ 1.19e-7"

/// A notebook with W = the float32 rank-1 fixture and V = the same values as float64.
private func float32Notebook() -> TestNotebook {
  let nb = TestNotebook()
  nb.run(
    "W = load(\"\(fixturesDirectory)/rank1-f4.npy\")", "V = load(\"\(fixturesDirectory)/rank1-f8.npy\")")
  return nb
}

@Test func loadMarksFloat32DataAsSinglePrecision() throws {
  let w = try MatrixFile.read(path: fixturesDirectory + "/rank1-f4.npy")
  let v = try MatrixFile.read(path: fixturesDirectory + "/rank1-f8.npy")
  #expect(w.precision == .single && v.precision == .double)
  #expect(w == v)  // the same values; == ignores precision
  let vector = try MatrixFile.read(path: fixturesDirectory + "/vector-f4.npy")
  #expect(vector.precision == .single)
  #expect(try MatrixFile.read(path: fixturesDirectory + "/c-order-f8.npy").precision == .double)
  #expect(try MatrixFile.read(path: fixturesDirectory + "/int32.npy").precision == .double)
}

@Test func rankOfFloat32RankOneMatchesNumPy() {
  let nb = float32Notebook()
  // NumPy: np.linalg.matrix_rank(np.load("rank1-f4.npy")) = 1 (float32 array, ε = 2⁻²³).
  #expect(nb.run("rank(W)") == "1\nnote: W \(note32)\n")
  // NumPy: np.linalg.matrix_rank(np.load("rank1-f8.npy")) = 10 (the same values as float64).
  #expect(nb.run("rank(V)") == "10\n")
  #expect(nb.run("r = rank(W)") == "r = 1\nnote: W \(note32)\n")
  // Keeping the entries keeps float32's ε.
  #expect(nb.run("rank(W')") == "1\nnote: W' \(note32)\n")
  #expect(nb.run("rank(W(1:5, :))") == "1\nnote: W(1:5, :) \(note32)\n")
  nb.run("U = W")
  #expect(nb.run("rank(U)") == "1\nnote: U \(note32)\n")
  // An explicit tolerance uses no ε, and so prints no note.
  #expect(nb.run("rank(W, tol=1e-3)") == "1\n")
}

@Test func arithmeticOnFloat32DataGivesDouble() {
  let nb = float32Notebook()
  // New values are doubles: the double ε, as NumPy's matrix_rank of the float64 array (10).
  #expect(nb.run("rank(W * 1)") == "10\n")
  #expect(nb.run("rank(W + 0)") == "10\n")
  #expect(nb.run("rank(abs(W))") == "10\n")
  nb.run("D = 2 * W")
  #expect(nb.run("rank(D)") == "10\n")
  #expect(!nb.run("norms D").contains("note:"))
}

@Test func condNormsAndSVDNameFloat32Epsilon() {
  let nb = float32Notebook()
  // NumPy: σ_min/σ₁ ≈ 4.9e-11, below 10·2⁻²³ ≈ 1.2e-6, so σ_min is rounding noise at float32.
  let cond = nb.run("cond(W)")
  #expect(cond.hasSuffix("\nnote: W \(note32); σ_min is below it\n"))
  #expect(nb.run("cond(V)").split(separator: "\n").count == 1)
  let norms = nb.run("norms W")
  #expect(norms.hasPrefix("W : 10×10, rank 1\n"))
  #expect(norms.hasSuffix("\nnote: W \(note32)\n"))
  #expect(nb.run("norms V").hasPrefix("V : 10×10, rank 10\n"))
  #expect(!nb.run("norms V").contains("note:"))
  let svd = nb.run("svd W")
  #expect(svd.contains("(the condition number; σ₁₀ is below rounding level)"))
  #expect(svd.hasSuffix("\nnote: W \(note32)\n"))
  #expect(!nb.run("svd V").contains("note:"))
  // cond of a well-conditioned float32 matrix names the ε without the "below it".
  nb.run("E = load(\"\(fixturesDirectory)/vector-f4.npy\")")
  #expect(nb.run("cond(E)") == "1\nnote: E \(note32)\n")
}

@Test func doubleMatricesPrintNoNote() {
  let nb = TestNotebook()
  nb.run("seed 1", "W = randn(6, 4)")
  for statement in ["rank(W)", "cond(W)", "norms W", "svd W"] {
    #expect(!nb.run(statement).contains("note:"))
  }
}
