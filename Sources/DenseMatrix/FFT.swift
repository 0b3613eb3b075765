// The discrete Fourier transform of any length, on complex numbers held as two arrays of Double
// (real parts and imaginary parts). Powers of two go through the iterative radix-2
// Cooley–Tukey transform; any other length n through Bluestein's chirp-z identity
//     jk = (j² + k² − (k − j)²)/2,   so   X_k = w_k Σ_j (x_j w_j) conj(w_{k−j}),  w_j = e^{−πi j²/n},
// a convolution computed by radix-2 transforms of length m ≥ 2n − 1.
//
// Twiddles are computed one by one with cos and sin (no recurrence), stored per stage so that
// each butterfly loop reads them contiguously; loops of eight or more butterflies run eight at a
// time on SIMD8<Double>.

import Foundation

/// A planned discrete Fourier transform of one length n ≥ 1:
/// X_k = Σ_j x_j e^{−2πi jk/n} (forward) and x_j = (1/n) Σ_k X_k e^{+2πi jk/n} (inverse).
///
/// Cost: O(n log n) per transform for every n (about three radix-2 transforms of length
/// m = 2^⌈log₂(2n − 1)⌉ when n is not a power of two); the plan holds O(n) twiddles (O(m) for
/// Bluestein). Errors are about ε·log₂(n) relative to the vector's norm.
public struct FFT: Sendable {
  /// The length n of the transformed vectors.
  public let count: Int
  /// The radix-2 plan of the power-of-two length the transforms run at (n itself, or m).
  private let radix2: Radix2
  /// Bluestein's data when n is not a power of two.
  private let chirp: Chirp?

  /// Plans transforms of length `count`.
  /// - Throws: `MatrixError.invalidArgument` when `count` < 1 or above 2²⁸.
  public init(count: Int) throws(MatrixError) {
    guard count >= 1, count <= 1 << 28 else {
      throw MatrixError.invalidArgument("an FFT's length must be between 1 and 2^28, got \(count)")
    }
    self.count = count
    if count & (count - 1) == 0 {
      radix2 = Radix2(count: count)
      chirp = nil
    } else {
      var m = 1
      while m < 2 * count - 1 { m <<= 1 }
      radix2 = Radix2(count: m)
      chirp = Chirp(count: count, plan: radix2)
    }
  }

  /// Replaces (`real`, `imaginary`) by its forward transform.
  /// - Precondition: both arrays hold `count` entries (a programming error otherwise).
  public func forward(real: inout [Double], imaginary: inout [Double]) {
    precondition(real.count == count && imaginary.count == count, "FFT length mismatch")
    if let chirp {
      chirp.transform(real: &real, imaginary: &imaginary, plan: radix2)
    } else {
      radix2.transform(real: &real, imaginary: &imaginary)
    }
  }

  /// Replaces (`real`, `imaginary`) by its inverse transform (scaled by 1/n, so that
  /// `inverse` undoes `forward`).
  public func inverse(real: inout [Double], imaginary: inout [Double]) {
    // NOTE: inverse(x) = conj(forward(conj(x)))/n.
    let scale = 1 / Double(count)
    for i in 0 ..< imaginary.count { imaginary[i] = -imaginary[i] }
    forward(real: &real, imaginary: &imaginary)
    for i in 0 ..< count {
      real[i] *= scale
      imaginary[i] *= -scale
    }
  }
}

/// The iterative radix-2 transform of a power-of-two length (internal).
private struct Radix2: Sendable {
  let count: Int
  /// The bit-reversal permutation: entry i moves to `reversed[i]`.
  let reversed: [Int]
  /// Twiddles of every stage, stage after stage: the stage of half-length h holds
  /// e^{−πi j/h} for j < h at offsets h − 1 …  2h − 2.
  let twiddleReal: [Double]
  let twiddleImaginary: [Double]

  init(count: Int) {
    self.count = count
    var bits = 0
    while 1 << bits < count { bits += 1 }
    reversed = (0 ..< count).map { i in
      var r = 0
      for b in 0 ..< bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
      return r
    }
    var re = [Double](repeating: 0, count: max(count - 1, 0))
    var im = re
    var h = 1
    while h < count {
      for j in 0 ..< h {
        let angle = -Double.pi * Double(j) / Double(h)
        re[h - 1 + j] = cos(angle)
        im[h - 1 + j] = sin(angle)
      }
      h <<= 1
    }
    twiddleReal = re
    twiddleImaginary = im
  }

  func transform(real: inout [Double], imaginary: inout [Double]) {
    let n = count
    guard n > 1 else { return }
    for i in 0 ..< n where reversed[i] > i {
      real.swapAt(i, reversed[i])
      imaginary.swapAt(i, reversed[i])
    }
    real.withUnsafeMutableBufferPointer { xr in
      imaginary.withUnsafeMutableBufferPointer { xi in
        twiddleReal.withUnsafeBufferPointer { tr in
          twiddleImaginary.withUnsafeBufferPointer { ti in
            Radix2.stages(
              xr.baseAddress!, xi.baseAddress!, count: n, tr.baseAddress!, ti.baseAddress!)
          }
        }
      }
    }
  }

  /// Every butterfly stage, on data already in bit-reversed order.
  private static func stages(
    _ xr: UnsafeMutablePointer<Double>, _ xi: UnsafeMutablePointer<Double>, count n: Int,
    _ tr: UnsafePointer<Double>, _ ti: UnsafePointer<Double>
  ) {
    var h = 1
    while h < n {
      let wr = tr + (h - 1)
      let wi = ti + (h - 1)
      var start = 0
      while start < n {
        let ar = xr + start, ai = xi + start
        let br = ar + h, bi = ai + h
        var j = 0
        while j + 8 <= h {
          let cr = wr.v8(j), ci = wi.v8(j)
          let yr = br.v8(j), yi = bi.v8(j)
          let pr = cr * yr - ci * yi
          let pi = cr * yi + ci * yr
          let sr = ar.v8(j), si = ai.v8(j)
          ar.store(j, sr + pr)
          ai.store(j, si + pi)
          br.store(j, sr - pr)
          bi.store(j, si - pi)
          j += 8
        }
        while j < h {
          let pr = wr[j] * br[j] - wi[j] * bi[j]
          let pi = wr[j] * bi[j] + wi[j] * br[j]
          let sr = ar[j], si = ai[j]
          ar[j] = sr + pr
          ai[j] = si + pi
          br[j] = sr - pr
          bi[j] = si - pi
          j += 1
        }
        start += 2 * h
      }
      h <<= 1
    }
  }
}

/// Bluestein's chirp and the transformed chirp filter for a length n that is not a power of
/// two (internal).
private struct Chirp: Sendable {
  let count: Int
  /// w_j = e^{−πi j²/n}, j < n.
  let real: [Double]
  let imaginary: [Double]
  /// The radix-2 transform of the filter b (b_j = conj(w_j), b_{m−j} = conj(w_j)).
  let filterReal: [Double]
  let filterImaginary: [Double]

  init(count n: Int, plan: Radix2) {
    count = n
    var re = [Double](repeating: 0, count: n)
    var im = re
    for j in 0 ..< n {
      // NOTE: j² mod 2n keeps the angle small, so cos and sin stay accurate for large j.
      let r = (j * j) % (2 * n)
      let angle = -Double.pi * Double(r) / Double(n)
      re[j] = cos(angle)
      im[j] = sin(angle)
    }
    real = re
    imaginary = im
    let m = plan.count
    var br = [Double](repeating: 0, count: m)
    var bi = br
    for j in 0 ..< n {
      br[j] = re[j]
      bi[j] = -im[j]
      if j > 0 {
        br[m - j] = re[j]
        bi[m - j] = -im[j]
      }
    }
    plan.transform(real: &br, imaginary: &bi)
    filterReal = br
    filterImaginary = bi
  }

  func transform(real xr: inout [Double], imaginary xi: inout [Double], plan: Radix2) {
    let n = count, m = plan.count
    var ar = [Double](repeating: 0, count: m)
    var ai = ar
    for j in 0 ..< n {
      ar[j] = xr[j] * real[j] - xi[j] * imaginary[j]
      ai[j] = xr[j] * imaginary[j] + xi[j] * real[j]
    }
    plan.transform(real: &ar, imaginary: &ai)
    // The product with the filter, conjugated, so that a second forward transform inverts it.
    for k in 0 ..< m {
      let pr = ar[k] * filterReal[k] - ai[k] * filterImaginary[k]
      let pi = ar[k] * filterImaginary[k] + ai[k] * filterReal[k]
      ar[k] = pr
      ai[k] = -pi
    }
    plan.transform(real: &ar, imaginary: &ai)
    let scale = 1 / Double(m)
    for k in 0 ..< n {
      let cr = ar[k] * scale, ci = -ai[k] * scale
      xr[k] = cr * real[k] - ci * imaginary[k]
      xi[k] = cr * imaginary[k] + ci * real[k]
    }
  }
}
