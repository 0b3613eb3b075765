// `convnorms` and `convnorm` at the prompt: the printed operator norm against the σ₁ of the
// convolution's dense matrix, written out here entry by entry, and the printed bounds around it.

import DenseMatrix
import Testing

@testable import Notebook

@Suite struct ConvNormsCommandTests {
  /// The (c_out·n)×(c_in·n) matrix of the 1-D stride-1 cross-correlation with 'same' offset
  /// p = ⌊(k − 1)/2⌋: y[o, i] = Σ_c Σ_t K[o, c, t]·x[c, i + t − p], the index taken mod n
  /// (circular) or the term dropped outside 0..<n (zero).
  static func dense(_ k: Tensor, n: Int, circular: Bool) -> Matrix {
    let (cOut, cIn, taps) = (k.shape[0], k.shape[1], k.shape[2])
    let p = (taps - 1) / 2
    var m = Matrix(rows: cOut * n, columns: cIn * n)
    for o in 0 ..< cOut {
      for c in 0 ..< cIn {
        for i in 0 ..< n {
          for t in 0 ..< taps {
            var j = i + t - p
            if circular { j = ((j % n) + n) % n } else if j < 0 || j >= n { continue }
            m.elements[(o * n + i) * m.columns + c * n + j] += k[[o, c, t]]
          }
        }
      }
    }
    return m
  }

  func rows(_ output: String) -> [String: Double] {
    var result: [String: Double] = [:]
    for line in output.split(separator: "\n") {
      let c = cells(line)
      if c.count >= 2, let v = Double(c[1]) { result[c[0]] = v }
    }
    return result
  }

  @Test(arguments: [true, false])
  func operatorNormIsTheDenseMatrixsSigma(circular: Bool) throws {
    let notebook = preciseNotebook()
    _ = notebook.run("K = randn(3, 2, 5, seed=4)")
    guard case .tensor(let k)? = notebook.session.value(of: "K") else {
      Issue.record("K is not a tensor")
      return
    }
    let output = notebook.run("convnorms K n=12 padding=\(circular ? "circular" : "zero")")
    let r = rows(output)
    let exact = try Self.dense(k, n: 12, circular: circular).singularValues(method: .jacobi)[0]
    let reshaped = try Matrix(rows: 3, columns: 10, elements: k.elements)
      .singularValues(method: .jacobi)[0]
    let norm = try #require(r["‖C‖₂"], "\(output)")
    #expect(abs(norm - exact) <= 1e-12 * exact, "\(output)")
    #expect(abs(try #require(r["reshaped σ₁"]) - reshaped) <= 1e-12 * reshaped)
    #expect(abs(try #require(r["sqrt(k)·reshaped"]) - 5.0.squareRoot() * reshaped) <= 1e-12 * reshaped)
    #expect(try #require(r["Gram bound"]) >= exact * (1 - 1e-12))
    #expect(abs(try #require(r["gap"]) - norm / reshaped) <= 1e-12 * norm / reshaped)
    let value = notebook.run("convnorm(K, n=12, padding=\(circular ? "circular" : "zero"))")
    let printed = try #require(Double(value.split(separator: "\n").last.map(String.init) ?? ""), "\(value)")
    #expect(abs(printed - exact) <= 1e-12 * exact)
  }

  @Test func aMatrixIsRefusedAndTheSessionKept() {
    let notebook = preciseNotebook()
    let output = notebook.run("convnorms randn(2, 2) n=4")
    #expect(output.contains("error: a convolution kernel is a tensor"))
    #expect(notebook.session.value(of: "K") == nil)
  }

  /// Session 13's claims on its kernel: the circular norm between the reshaped σ₁ and sqrt(k)
  /// times it, the circular norm on n + k − 1 above the zero-padded norm, and a stride of 2
  /// below stride 1.
  @Test func sessionThirteensClaims() throws {
    let notebook = preciseNotebook()
    _ = notebook.run("K = randn(8, 4, 3, 3, seed=1) * 0.2")
    let circular = rows(notebook.run("convnorms K n=16"))
    let zero = rows(notebook.run("convnorms K n=16 padding=zero"))
    let strided = rows(notebook.run("convnorms K n=16 padding=zero stride=2"))
    let reshaped = try #require(circular["reshaped σ₁"])
    let norm = try #require(circular["‖C‖₂"])
    #expect(reshaped <= norm && norm <= 3 * reshaped)
    let zeroNorm = try #require(zero["‖C‖₂"])
    #expect(zeroNorm <= (try #require(zero["circular n=18"])))
    #expect((try #require(strided["‖C‖₂"])) <= zeroNorm)
  }
}
