// A multi-channel convolution layer as a linear operator on c_in × n (1-D) or c_in × n × n (2-D)
// inputs, applied matrix-free: the product with the operator and with its transpose, which is
// all Lanczos needs, and the kernel's cheap norms. The convention is PyTorch's (a
// cross-correlation) with "same" offsets:
//     y[o, i] = Σ_c Σ_t K[o, c, t] · x[c, s·i + t − p],   p = ⌊(k − 1)/2⌋,
// per spatial axis, the input index taken mod n (circular padding) or the term dropped when it
// falls outside 0 ..< n (zero padding); i runs over ⌈n/s⌉ outputs per axis.

/// How a convolution treats inputs outside 0 ..< n.
public enum ConvolutionPadding: String, Sendable, CaseIterable {
  /// Indices wrap around mod n (the operator is block-circulant).
  case circular
  /// Entries outside the input are zero.
  case zero
}

/// A convolution with kernel K (c_out×c_in×k or c_out×c_in×kh×kw) on inputs of spatial size n
/// (or n×n), with a padding and a stride.
public struct Convolution: Sendable {
  /// The kernel, rank 3 (1-D) or 4 (2-D).
  public let kernel: Tensor
  /// c_out, the kernel's first size.
  public let outputChannels: Int
  /// c_in, the kernel's second size.
  public let inputChannels: Int
  /// The kernel's spatial sizes: [k] or [kh, kw].
  public let kernelSize: [Int]
  /// The input's spatial size n per axis.
  public let size: Int
  /// The padding.
  public let padding: ConvolutionPadding
  /// The stride s ≥ 1 per axis.
  public let stride: Int
  /// For each spatial axis (rows then columns; 1-D has one row), for each tap t and output i,
  /// the input index of the term or −1 when zero padding drops it. Row-major by (t, i).
  private let rowIndex: [Int]
  private let columnIndex: [Int]

  /// The convolution of `kernel` on inputs of size `size` per spatial axis.
  /// - Throws: `MatrixError.invalidArgument` for a kernel of rank other than 3 or 4, a size or
  ///   stride below 1 or a stride above the size; `MatrixError.tensorTooLarge` when the input or
  ///   output (c·n^d doubles) would exceed `limit`.
  public init(
    kernel: Tensor, size: Int, padding: ConvolutionPadding = .circular, stride: Int = 1,
    limit: Int = Matrix.defaultElementLimit
  ) throws(MatrixError) {
    guard kernel.rank == 3 || kernel.rank == 4 else {
      throw MatrixError.invalidArgument(
        "a convolution kernel is c_out×c_in×k or c_out×c_in×kh×kw, got \(kernel.shapeText)")
    }
    guard size >= 1 else { throw MatrixError.invalidArgument("n must be ≥ 1, got \(size)") }
    guard stride >= 1, stride <= size else {
      throw MatrixError.invalidArgument("stride must be between 1 and n = \(size), got \(stride)")
    }
    let spatial = Array(kernel.shape.dropFirst(2))
    let channels = max(kernel.shape[0], kernel.shape[1])
    _ = try Tensor.checkedCount([channels] + spatial.map { _ in size }, limit: limit)
    self.kernel = kernel
    outputChannels = kernel.shape[0]
    inputChannels = kernel.shape[1]
    kernelSize = spatial
    self.size = size
    self.padding = padding
    self.stride = stride
    let outputs = (size + stride - 1) / stride
    func table(_ k: Int) -> [Int] {
      var index = [Int](repeating: -1, count: k * outputs)
      let p = (k - 1) / 2
      for t in 0 ..< k {
        for i in 0 ..< outputs {
          let at = stride * i + t - p
          switch padding {
          case .circular: index[t * outputs + i] = ((at % size) + size) % size
          case .zero: index[t * outputs + i] = (0 ..< size).contains(at) ? at : -1
          }
        }
      }
      return index
    }
    rowIndex = spatial.count == 2 ? table(spatial[0]) : [0]
    columnIndex = table(spatial[spatial.count - 1])
  }

  /// 1 or 2.
  public var spatialRank: Int { kernelSize.count }
  /// The number of taps, k or kh·kw.
  public var taps: Int { kernelSize.reduce(1, *) }
  /// Outputs per spatial axis, ⌈n/s⌉.
  public var outputSize: Int { (size + stride - 1) / stride }
  /// The length of an input vector, c_in·n^d.
  public var inputCount: Int { inputChannels * (spatialRank == 2 ? size * size : size) }
  /// The length of an output vector, c_out·⌈n/s⌉^d.
  public var outputCount: Int {
    outputChannels * (spatialRank == 2 ? outputSize * outputSize : outputSize)
  }

  /// The kernel reshaped to c_out × (c_in·k…), the matrix spectral normalisation divides by.
  public var reshapedKernel: Matrix {
    var m = Matrix(rows: outputChannels, columns: kernel.elements.count / outputChannels)
    m.elements = kernel.elements
    return m
  }

  /// y ← C x (`x`: `inputCount` entries, `y`: `outputCount` entries, channel-major, row-major
  /// within a channel). O(c_out·c_in·taps·⌈n/s⌉^d).
  public func apply(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    y.initialize(repeating: 0, count: outputCount)
    traverse { kernelValue, xOffset, yOffset in
      y[yOffset] += kernelValue * x[xOffset]
    }
  }

  /// x ← Cᵀ y (`y`: `outputCount` entries, `x`: `inputCount` entries). Same cost as `apply`.
  public func applyTransposed(_ y: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>) {
    x.initialize(repeating: 0, count: inputCount)
    traverse { kernelValue, xOffset, yOffset in
      x[xOffset] += kernelValue * y[yOffset]
    }
  }

  /// Calls `term(K[o, c, a, b], offset in x, offset in y)` for every nonzero term of C, in an
  /// order that depends only on the shapes.
  @inline(__always)
  private func traverse(_ term: (Double, Int, Int) -> Void) {
    let kh = spatialRank == 2 ? kernelSize[0] : 1
    let kw = kernelSize[spatialRank - 1]
    let oh = spatialRank == 2 ? outputSize : 1
    let ow = outputSize
    let nh = spatialRank == 2 ? size : 1
    let inputPlane = nh * size, outputPlane = oh * ow
    kernel.elements.withUnsafeBufferPointer { k in
      rowIndex.withUnsafeBufferPointer { rows in
        columnIndex.withUnsafeBufferPointer { columns in
          for o in 0 ..< outputChannels {
            for c in 0 ..< inputChannels {
              for a in 0 ..< kh {
                for b in 0 ..< kw {
                  let value = k[((o * inputChannels + c) * kh + a) * kw + b]
                  if value == 0 { continue }
                  for i in 0 ..< oh {
                    let row = rows[a * oh + i]
                    if row < 0 { continue }
                    let xBase = c * inputPlane + row * size
                    let yBase = o * outputPlane + i * ow
                    for j in 0 ..< ow {
                      let column = columns[b * ow + j]
                      if column >= 0 { term(value, xBase + column, yBase + j) }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
