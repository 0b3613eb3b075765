// Convolution norms against the explicit dense matrix of the convolution, built here from the
// definition y[o, i] = Σ_c Σ_t K[o, c, t]·x[c, s·i + t − p] and decomposed by the Jacobi SVD:
// the matrix-free products, the exact circular norm by the FFT, Lanczos for zero padding and
// strides, and the bounds (reshaped σ ≤ ‖C‖ ≤ sqrt(k)·reshaped σ, Gram bounds decreasing to ‖C‖).

import DenseMatrix
import Testing

@Suite struct ConvolutionTests {
  static func kernel(_ shape: [Int], seed: UInt64) throws -> Tensor {
    var random = RandomSource(seed: seed)
    return try Tensor(shape: shape, elements: (0 ..< shape.reduce(1, *)).map { _ in random.normal() })
  }

  /// The convolution's matrix, c_out·⌈n/s⌉^d × c_in·n^d, from the definition.
  static func denseMatrix(
    _ k: Tensor, n: Int, padding: ConvolutionPadding, stride s: Int
  ) -> Matrix {
    let co = k.shape[0], ci = k.shape[1]
    let twoD = k.rank == 4
    let kh = twoD ? k.shape[2] : 1, kw = k.shape[k.rank - 1]
    let nh = twoD ? n : 1
    let out = (n + s - 1) / s, oh = twoD ? out : 1
    var m = Matrix(rows: co * oh * out, columns: ci * nh * n)
    func source(_ i: Int, _ t: Int, _ size: Int, _ taps: Int) -> Int? {
      let at = s * i + t - (taps - 1) / 2
      if padding == .circular { return ((at % size) + size) % size }
      return at >= 0 && at < size ? at : nil
    }
    for o in 0 ..< co {
      for c in 0 ..< ci {
        for a in 0 ..< kh {
          for b in 0 ..< kw {
            let value = twoD ? k[[o, c, a, b]] : k[[o, c, b]]
            for i in 0 ..< oh {
              for j in 0 ..< out {
                guard let y = twoD ? source(i, a, n, kh) : 0, let x = source(j, b, n, kw) else { continue }
                let row = (o * oh + i) * out + j
                let column = (c * nh + y) * n + x
                m.elements[row * m.columns + column] += value
              }
            }
          }
        }
      }
    }
    return m
  }

  struct Case: Sendable, CustomStringConvertible {
    let shape: [Int]
    let n: Int
    var description: String { "\(shape) on n=\(n)" }
  }

  static let cases = [
    Case(shape: [3, 2, 3], n: 8), Case(shape: [2, 4, 5], n: 7), Case(shape: [4, 1, 2], n: 6),
    Case(shape: [2, 3, 3, 3], n: 5), Case(shape: [3, 2, 2, 3], n: 4), Case(shape: [1, 1, 3, 3], n: 6),
    Case(shape: [2, 2, 4], n: 3),  // a kernel longer than n wraps around
  ]

  @Test(arguments: cases, [ConvolutionPadding.circular, .zero])
  func productsMatchTheDenseMatrix(c: Case, padding: ConvolutionPadding) throws {
    let k = try Self.kernel(c.shape, seed: 3)
    for s in [1, 2] {
      let conv = try Convolution(kernel: k, size: c.n, padding: padding, stride: s)
      let dense = Self.denseMatrix(k, n: c.n, padding: padding, stride: s)
      #expect(dense.rows == conv.outputCount && dense.columns == conv.inputCount)
      var random = RandomSource(seed: 9)
      let x = (0 ..< conv.inputCount).map { _ in random.normal() }
      let y = (0 ..< conv.outputCount).map { _ in random.normal() }
      var cx = [Double](repeating: 0, count: conv.outputCount)
      var cty = [Double](repeating: 0, count: conv.inputCount)
      x.withUnsafeBufferPointer { conv.apply($0.baseAddress!, into: &cx) }
      y.withUnsafeBufferPointer { conv.applyTransposed($0.baseAddress!, into: &cty) }
      let ex = try dense.times(x), ety = try dense.transposeTimes(y)
      for i in 0 ..< cx.count { #expect(abs(cx[i] - ex[i]) <= 1e-12) }
      for i in 0 ..< cty.count { #expect(abs(cty[i] - ety[i]) <= 1e-12) }
    }
  }

  @Test(arguments: cases)
  func circularNormIsTheDenseMatrixsSigma(c: Case) throws {
    let k = try Self.kernel(c.shape, seed: 5)
    let conv = try Convolution(kernel: k, size: c.n, padding: .circular)
    let exact = try Self.denseMatrix(k, n: c.n, padding: .circular, stride: 1).singularValues(method: .jacobi)[0]
    let norms = try conv.norms(gramIterations: 8)
    #expect(norms.lanczos == nil)
    #expect(relativeError(norms.norm, exact) <= 1e-12, "FFT \(norms.norm) vs SVD \(exact)")
    #expect(norms.ceiling == norms.norm)
    let bounds = norms.gramBounds
    for t in 0 ..< bounds.count {
      #expect(bounds[t] >= exact * (1 - 1e-12))
      if t > 0 { #expect(bounds[t] <= bounds[t - 1] * (1 + 1e-12)) }
    }
    #expect(bounds.last! <= exact * 1.02, "Gram bound after 8 iterations \(bounds.last!) vs \(exact)")
    #expect(norms.tapBound >= exact * (1 - 1e-12))
    if c.shape.dropFirst(2).allSatisfy({ $0 <= c.n }) {
      #expect(norms.reshaped <= exact * (1 + 1e-12))
    }
    // The reshaped σ is the σ₁ of the c_out × c_in·k… matrix.
    let r = try Matrix(rows: c.shape[0], columns: k.elements.count / c.shape[0], elements: k.elements)
    #expect(relativeError(norms.reshaped, try r.singularValues(method: .jacobi)[0]) <= 1e-12)
  }

  @Test(arguments: cases, [1, 2])
  func zeroPaddingAndStridesByLanczos(c: Case, stride: Int) throws {
    let k = try Self.kernel(c.shape, seed: 11)
    for padding in stride == 1 ? [ConvolutionPadding.zero] : [.zero, .circular] {
      let conv = try Convolution(kernel: k, size: c.n, padding: padding, stride: stride)
      let exact = try Self.denseMatrix(k, n: c.n, padding: padding, stride: stride)
        .singularValues(method: .jacobi)[0]
      let norms = try conv.norms()
      let run = try #require(norms.lanczos)
      #expect(run.converged)
      #expect(relativeError(norms.norm, exact) <= 1e-10, "\(padding) s=\(stride): \(norms.norm) vs \(exact)")
      #expect(norms.norm <= exact * (1 + 1e-12))
      #expect(norms.ceiling >= exact * (1 - 1e-12))
      #expect(norms.gramBounds.allSatisfy { $0 >= exact * (1 - 1e-12) })
      #expect(norms.tapBound >= exact * (1 - 1e-12))
    }
  }

  @Test func zeroPaddingCeilingIsTheCircularNormOnNPlusKMinusOne() throws {
    let k = try Self.kernel([2, 3, 3, 3], seed: 2)
    let norms = try Convolution(kernel: k, size: 5, padding: .zero).norms()
    #expect(norms.ceilingSize == 7)
    let circular = try Self.denseMatrix(k, n: 7, padding: .circular, stride: 1).singularValues(method: .jacobi)[0]
    #expect(relativeError(norms.ceiling, circular) <= 1e-12)
  }

  @Test func refusesBadShapesAndSizes() throws {
    let k = try Self.kernel([2, 2, 3], seed: 1)
    #expect(throws: MatrixError.self) { try Convolution(kernel: try Self.kernel([2, 2], seed: 1), size: 4) }
    #expect(throws: MatrixError.self) { try Convolution(kernel: k, size: 0) }
    #expect(throws: MatrixError.self) { try Convolution(kernel: k, size: 4, stride: 5) }
    #expect(throws: MatrixError.self) { try Convolution(kernel: k, size: 1 << 20, limit: 1000) }
    #expect(throws: MatrixError.self) {
      try Convolution(kernel: k, size: 64).circularSpectrum(size: 64, limit: 100)
    }
  }
}
