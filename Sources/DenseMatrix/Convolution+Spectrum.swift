// The exact operator norm of a circular convolution (Sedghi, Gupta & Long, "The singular values
// of convolutional layers", ICLR 2019) and Gram iteration's upper bounds on it (Delattre, Barthélemy,
// Araujo & Allauzen, "Efficient bound of Lipschitz constant for convolutional layers by Gram
// iteration", ICML 2023).
//
// With circular padding and stride 1 the operator is block-circulant, and the DFT on each input
// and output channel block-diagonalises it: its singular values are those of the N^d complex
// c_out×c_in matrices Â_f = Σ_t K[:, :, t] e^{−2πi⟨f, t⟩/N}. So ‖C‖₂ = max_f σ₁(Â_f). For a real
// kernel Â_{−f} = conj(Â_f), so only half the frequencies are visited.
//
// σ₁ of a complex A = R + iJ is σ₁ of the real embedding E = [R −J; J R] (whose singular values
// are A's, each twice). Gram iteration G₀ = E, G_{t+1} = G_tᵀG_t gives
// ‖A‖₂^{2^t} ≤ ‖A_t‖_F = ‖G_t‖_F/√2, a bound that decreases to ‖A‖₂ as t grows (its excess is
// about log(rank)/2^t relative); each G_t is rescaled to Frobenius norm 1 and the scale carried
// as a logarithm, so nothing overflows.

import Foundation

/// The Fourier blocks' verdict on a circular convolution (stride 1).
public struct CircularSpectrum: Sendable, Equatable {
  /// max_f σ₁(Â_f): the operator norm ‖C‖₂ with circular padding and stride 1, exact to rounding.
  public let norm: Double
  /// `gramBounds[t]` = max_f ‖Â_f's t-th Gram iterate‖_F^{1/2^t}, an upper bound on `norm` for
  /// every t (t = 0 is max_f ‖Â_f‖_F), decreasing towards it.
  public let gramBounds: [Double]
  /// The frequency blocks examined (about half of N^d).
  public let blocks: Int
}

extension Convolution {
  /// The norm of this kernel's convolution with circular padding and stride 1 on inputs of size
  /// `size` per axis (default: the convolution's own n), by the FFT of each channel pair's
  /// taps, with Gram iteration's bounds after 0 … `gramIterations` iterations.
  ///
  /// Cost: c_out·c_in FFTs of N^d points, then for about N^d/2 frequencies the σ₁ of a
  /// 2c_out×2c_in matrix and `gramIterations` products of 2c×2c matrices (c = min(c_out, c_in)).
  /// Memory: 2·c_out·c_in·N^d doubles, checked against `limit`. Polls `Interruption`.
  /// - Throws: `invalidArgument` for a size below 1 or `gramIterations` outside 0…30;
  ///   `tensorTooLarge`; `nonFinite(op: "convnorm")` for NaN/∞ taps; `interrupted`.
  public func circularSpectrum(
    size: Int? = nil, gramIterations: Int = 6, limit: Int = Matrix.defaultElementLimit
  ) throws -> CircularSpectrum {
    let n = size ?? self.size
    guard n >= 1 else { throw MatrixError.invalidArgument("n must be ≥ 1, got \(n)") }
    guard (0 ... 30).contains(gramIterations) else {
      throw MatrixError.invalidArgument("the Gram iterations must be between 0 and 30, got \(gramIterations)")
    }
    guard kernel.elements.allSatisfy(\.isFinite) else { throw MatrixError.nonFinite(op: "convnorm") }
    let co = outputChannels, ci = inputChannels
    let plane = spatialRank == 2 ? n * n : n
    _ = try Tensor.checkedCount([2, co, ci, plane], limit: limit)
    let (real, imaginary) = try transformedTaps(size: n, plane: plane)

    // Frequencies (f₁, f₂) with f₂ ≤ N/2: one of each conjugate pair, and some pairs twice.
    let half = n / 2 + 1
    let rowsVisited = spatialRank == 2 ? n : 1
    var norm = 0.0
    var bounds = [Double](repeating: 0, count: gramIterations + 1)
    var blocks = 0
    var embedding = Matrix(rows: 2 * co, columns: 2 * ci)
    for f1 in 0 ..< rowsVisited {
      try Interruption.checkpoint(progress: Double(f1) / Double(rowsVisited))
      for f2 in 0 ..< half {
        let f = f1 * (spatialRank == 2 ? n : 0) + f2
        for o in 0 ..< co {
          for c in 0 ..< ci {
            let r = real[(o * ci + c) * plane + f], j = imaginary[(o * ci + c) * plane + f]
            embedding.elements[o * 2 * ci + c] = r
            embedding.elements[o * 2 * ci + ci + c] = -j
            embedding.elements[(co + o) * 2 * ci + c] = j
            embedding.elements[(co + o) * 2 * ci + ci + c] = r
          }
        }
        norm = Swift.max(norm, try embedding.spectralNorm())
        let gram = try Self.gramBounds(embedding, iterations: gramIterations)
        for t in 0 ... gramIterations { bounds[t] = Swift.max(bounds[t], gram[t]) }
        blocks += 1
      }
    }
    return CircularSpectrum(norm: norm, gramBounds: bounds, blocks: blocks)
  }

  /// The N^d-point DFT of every channel pair's taps, tap t at (t − p) mod N per axis (p the
  /// "same" offset, which only multiplies each Â_f by a phase): c_out·c_in planes, each N^d.
  private func transformedTaps(size n: Int, plane: Int) throws -> ([Double], [Double]) {
    let co = outputChannels, ci = inputChannels
    let kh = spatialRank == 2 ? kernelSize[0] : 1
    let kw = kernelSize[spatialRank - 1]
    let ph = (kh - 1) / 2, pw = (kw - 1) / 2
    let rows = spatialRank == 2 ? n : 1
    let fft = try FFT(count: n)
    var real = [Double](repeating: 0, count: co * ci * plane)
    var imaginary = real
    var lineReal = [Double](repeating: 0, count: n), lineImaginary = lineReal
    for pair in 0 ..< co * ci {
      let base = pair * plane
      for a in 0 ..< kh {
        for b in 0 ..< kw {
          let row = spatialRank == 2 ? (((a - ph) % n) + n) % n : 0
          let column = (((b - pw) % n) + n) % n
          real[base + row * n + column] += kernel.elements[(pair * kh + a) * kw + b]
        }
      }
      // Rows (entries one apart), then for 2-D the columns (entries n apart).
      for row in 0 ..< rows {
        Self.transformLine(fft, &real, &imaginary, start: base + row * n, stride: 1, &lineReal, &lineImaginary)
      }
      guard spatialRank == 2 else { continue }
      for column in 0 ..< n {
        Self.transformLine(fft, &real, &imaginary, start: base + column, stride: n, &lineReal, &lineImaginary)
      }
      if pair % 64 == 63 { try Interruption.checkpoint() }
    }
    return (real, imaginary)
  }

  /// The DFT, in place, of the n entries start, start + stride, … of (real, imaginary), through
  /// the scratch lines.
  private static func transformLine(
    _ fft: FFT, _ real: inout [Double], _ imaginary: inout [Double], start: Int, stride: Int,
    _ lineReal: inout [Double], _ lineImaginary: inout [Double]
  ) {
    for x in 0 ..< lineReal.count {
      lineReal[x] = real[start + x * stride]
      lineImaginary[x] = imaginary[start + x * stride]
    }
    fft.forward(real: &lineReal, imaginary: &lineImaginary)
    for x in 0 ..< lineReal.count {
      real[start + x * stride] = lineReal[x]
      imaginary[start + x * stride] = lineImaginary[x]
    }
  }

  /// (‖G_t‖_F/√2)^{1/2^t} for t = 0 … `iterations`, G₀ = `embedding` (a complex matrix's real
  /// embedding), G_{t+1} = G_tᵀG_t (G₁ on the smaller side), each rescaled to norm 1.
  static func gramBounds(_ embedding: Matrix, iterations: Int) throws -> [Double] {
    var bounds = [embedding.frobeniusNorm / 2.0.squareRoot()]
    guard iterations > 0 else { return bounds }
    var g = embedding
    var logScale = 0.0
    for t in 1 ... iterations {
      let c = g.frobeniusNorm
      guard c > 0 else {
        bounds += Array(repeating: 0, count: iterations - t + 1)
        return bounds
      }
      g = g / c
      logScale = 2 * (logScale + log(c))
      if t == 1 && g.rows < g.columns {
        g = try g * g.transposed()
      } else {
        g = try g.transposed() * g
      }
      let f = g.frobeniusNorm
      bounds.append(f > 0 ? exp((log(f) - 0.5 * log(2.0) + logScale) / pow(2, Double(t))) : 0)
    }
    return bounds
  }
}
