// The statistics behind BatchNorm, LayerNorm, InstanceNorm, GroupNorm and Switchable Norm
// (MATH.md §8), in PyTorch's definitions. A batch is read as N samples × C channels × L
// positions (an N×C matrix has L = 1; N×C×H×W has L = H·W), and each method is a partition of
// its N·C rows of L entries into groups that share one mean and one biased variance:
//
//   batch     one group per channel c, over (N, L)            C groups of N·L entries
//   layer     one group per sample n, over (C, L)             N groups of C·L entries
//   instance  one group per sample and channel, over L        N·C groups of L entries
//   group(G)  per sample, each run of C/G channels            N·G groups of (C/G)·L entries
//
// Switchable Norm mixes the instance, layer and batch statistics of every row with softmax
// weights. Normalisation is y = γ_c (x − μ)/sqrt(σ² + ε) + β_c with per-channel γ and β.

import RealModule

/// Which entries of an N×C×L batch share one mean and variance.
public enum NormalizationMethod: Sendable, Equatable {
  /// Per channel, over the samples and positions (`nn.BatchNorm1d/2d` in training mode).
  case batch
  /// Per sample, over the channels and positions (`nn.LayerNorm((C, H, W))`).
  case layer
  /// Per sample and channel, over the positions (`nn.InstanceNorm2d`).
  case instance
  /// Per sample, over each of `G` consecutive runs of C/G channels (`nn.GroupNorm(G, C)`).
  case group(Int)

  /// The method's name as the language spells it: `batch`, `layer`, `instance`, `group`.
  public var name: String {
    switch self {
    case .batch: return "batch"
    case .layer: return "layer"
    case .instance: return "instance"
    case .group: return "group"
    }
  }
}

/// A batch of activations as N samples × C channels × L positions.
public struct ChannelLayout: Sendable, Equatable {
  /// N, the first dimension.
  public let samples: Int
  /// C, the second dimension.
  public let channels: Int
  /// L, the product of the dimensions after the second (1 for a matrix).
  public let positions: Int

  /// The layout of a tensor of `shape`, rank 2 to 4.
  /// - Throws: `invalidArgument` for rank 1 (a column has no channels).
  public init(_ shape: [Int]) throws(MatrixError) {
    guard shape.count >= 2 else {
      throw .invalidArgument(
        "normalization needs a batch with channels (N×C, N×C×L or N×C×H×W), got \(Tensor.text(of: shape))")
    }
    samples = shape[0]
    channels = shape[1]
    positions = shape.dropFirst(2).reduce(1, *)
  }

  /// N·C, the number of rows of L entries.
  public var rows: Int { samples * channels }
}

/// The mean and biased variance that normalise each row (n, c) of a batch, at index n·C + c.
public struct NormalizationStatistics: Sendable, Equatable {
  /// The batch's layout.
  public var layout: ChannelLayout
  /// The mean used for the entries of each row.
  public var mean: [Double]
  /// The biased variance used for the entries of each row.
  public var variance: [Double]

  /// Statistics of `layout`, N·C values each.
  public init(layout: ChannelLayout, mean: [Double], variance: [Double]) {
    self.layout = layout
    self.mean = mean
    self.variance = variance
  }
}

/// The normalization layers' arithmetic; see the file's header for the groups.
public enum Normalization {
  /// PyTorch's default ε.
  public static let defaultEpsilon = 1e-5

  /// The number of groups `method` partitions `layout` into.
  /// - Throws: `invalidArgument` when G is below 1 or does not divide C.
  public static func groupCount(_ method: NormalizationMethod, _ layout: ChannelLayout)
    throws(MatrixError) -> Int
  {
    switch method {
    case .batch: return layout.channels
    case .layer: return layout.samples
    case .instance: return layout.rows
    case .group(let g):
      guard g >= 1, layout.channels % g == 0 else {
        throw .invalidArgument(
          "groups=\(g) does not divide the \(layout.channels) channels into equal groups")
      }
      return layout.samples * g
    }
  }

  /// The group of row (n, c) under `method` (G valid for C, see `groupCount`). O(1).
  public static func group(
    ofSample n: Int, channel c: Int, _ method: NormalizationMethod, _ layout: ChannelLayout
  ) -> Int {
    switch method {
    case .batch: return c
    case .layer: return n
    case .instance: return n * layout.channels + c
    case .group(let g): return n * g + c / (layout.channels / g)
    }
  }

  /// The mean and biased variance of every group of `method` over `x` (two passes: the mean,
  /// then the mean squared deviation from it). O(count of x).
  /// - Throws: `invalidArgument` for rank 1, a bad group count, or BatchNorm over a batch with
  ///   one value per channel (PyTorch refuses it too: the variance would be 0).
  public static func groupStatistics(_ x: Tensor, _ method: NormalizationMethod)
    throws(MatrixError) -> (mean: [Double], variance: [Double], entries: Int)
  {
    let layout = try ChannelLayout(x.shape)
    let groups = try groupCount(method, layout)
    let entries = x.elements.count / groups
    if method == .batch, entries == 1 {
      throw .invalidArgument(
        "batchnorm needs more than one value per channel, got a \(x.shapeText) batch")
    }
    var mean = [Double](repeating: 0, count: groups)
    var variance = [Double](repeating: 0, count: groups)
    let l = layout.positions
    x.elements.withUnsafeBufferPointer { p in
      let base = p.baseAddress!
      for n in 0 ..< layout.samples {
        for c in 0 ..< layout.channels {
          let row = n * layout.channels + c
          mean[group(ofSample: n, channel: c, method, layout)] += Kernels.sum(base + row * l, count: l)
        }
      }
      for g in 0 ..< groups { mean[g] /= Double(entries) }
      for n in 0 ..< layout.samples {
        for c in 0 ..< layout.channels {
          let row = n * layout.channels + c, g = group(ofSample: n, channel: c, method, layout)
          variance[g] += squaredDeviations(base + row * l, count: l, from: mean[g])
        }
      }
      for g in 0 ..< groups { variance[g] /= Double(entries) }
    }
    return (mean, variance, entries)
  }

  /// The statistics of every row under `method` (each row takes its group's).
  /// - Throws: as `groupStatistics`.
  public static func statistics(_ x: Tensor, _ method: NormalizationMethod)
    throws(MatrixError) -> NormalizationStatistics
  {
    let layout = try ChannelLayout(x.shape)
    let (mean, variance, _) = try groupStatistics(x, method)
    var rowMean = [Double](repeating: 0, count: layout.rows)
    var rowVariance = rowMean
    for n in 0 ..< layout.samples {
      for c in 0 ..< layout.channels {
        let g = group(ofSample: n, channel: c, method, layout)
        rowMean[n * layout.channels + c] = mean[g]
        rowVariance[n * layout.channels + c] = variance[g]
      }
    }
    return NormalizationStatistics(layout: layout, mean: rowMean, variance: rowVariance)
  }

  /// Switchable Norm's statistics (Luo et al. 2018): for every row,
  /// μ = Σ_k softmax(λ)_k μ_k and σ² = Σ_k softmax(λ')_k σ²_k over k = instance, layer, batch,
  /// each σ²_k biased. `meanLogits` and `varianceLogits` hold three logits each, in that order.
  /// - Throws: `invalidArgument` when a logit vector does not have 3 entries; as `statistics`.
  public static func switchStatistics(
    _ x: Tensor, meanLogits: [Double], varianceLogits: [Double]
  ) throws(MatrixError) -> NormalizationStatistics {
    guard meanLogits.count == 3, varianceLogits.count == 3 else {
      throw .invalidArgument(
        "switchnorm takes 3 mean and 3 variance logits (instance, layer, batch), got \(meanLogits.count) and \(varianceLogits.count)")
    }
    let parts = try [NormalizationMethod.instance, .layer, .batch].map { m throws(MatrixError) in
      try statistics(x, m)
    }
    let wm = softmax(meanLogits), wv = softmax(varianceLogits)
    var result = parts[0]
    for row in result.mean.indices {
      result.mean[row] = (0 ..< 3).reduce(0) { $0 + wm[$1] * parts[$1].mean[row] }
      result.variance[row] = (0 ..< 3).reduce(0) { $0 + wv[$1] * parts[$1].variance[row] }
    }
    return result
  }

  /// softmax(z)_k = exp(z_k − max z)/Σ exp(z_j − max z).
  public static func softmax(_ z: [Double]) -> [Double] {
    let top = z.max() ?? 0
    let e = z.map { Double.exp($0 - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  /// y = γ_c (x − μ_row)/sqrt(σ²_row + ε) + β_c for every entry; `gamma` and `beta` hold one
  /// value per channel (nil: 1 and 0). O(count of x).
  /// - Throws: `invalidArgument` when γ or β does not have C entries, or the statistics are of
  ///   another layout; `tensorTooLarge` beyond `limit` (before allocating); `interrupted`.
  public static func normalized(
    _ x: Tensor, _ statistics: NormalizationStatistics, gamma: [Double]? = nil,
    beta: [Double]? = nil, epsilon: Double = defaultEpsilon, limit: Int = Matrix.defaultElementLimit
  ) throws -> Tensor {
    let layout = statistics.layout
    guard (try ChannelLayout(x.shape)) == layout else {
      throw MatrixError.invalidArgument("the statistics are of another batch than \(x.shapeText)")
    }
    let g = try channelValues(gamma, "gamma", default: 1, layout)
    let b = try channelValues(beta, "beta", default: 0, layout)
    let scale = statistics.variance.map { 1 / ($0 + epsilon).squareRoot() }
    let l = layout.positions, c = layout.channels
    let input = x.elements
    var result = try Tensor.generated(x.shape, limit: limit) { k in
      let row = k / l, channel = row % c
      return g[channel] * ((input[k] - statistics.mean[row]) * scale[row]) + b[channel]
    }
    result.precision = .double
    return result
  }

  /// γ or β as C values, `value` when nil.
  /// - Throws: `invalidArgument` when it does not have C entries.
  public static func channelValues(
    _ values: [Double]?, _ name: String, default value: Double, _ layout: ChannelLayout
  ) throws(MatrixError) -> [Double] {
    guard let values else { return [Double](repeating: value, count: layout.channels) }
    guard values.count == layout.channels else {
      throw .invalidArgument(
        "\(name) needs one value per channel: \(layout.channels), got \(values.count)")
    }
    return values
  }

  /// The mean and biased variance of `count` contiguous values (two passes), the statistic
  /// LayerNorm takes of one sample. O(count).
  public static func meanAndVariance(_ x: UnsafePointer<Double>, count: Int) -> (mean: Double, variance: Double) {
    let mean = Kernels.sum(x, count: count) / Double(count)
    return (mean, squaredDeviations(x, count: count, from: mean) / Double(count))
  }

  /// Σ (x_i − m)² over `count` contiguous values, in 8-wide lanes then a scalar tail (an order
  /// fixed by `count`). O(count).
  static func squaredDeviations(_ x: UnsafePointer<Double>, count: Int, from m: Double) -> Double {
    var a0 = V8(), a1 = V8()
    let mv = V8(repeating: m)
    var i = 0
    while i + 16 <= count {
      let d0 = x.v8(i) - mv, d1 = x.v8(i + 8) - mv
      a0 += d0 * d0
      a1 += d1 * d1
      i += 16
    }
    while i + 8 <= count {
      let d = x.v8(i) - mv
      a0 += d * d
      i += 8
    }
    var s = (a0 + a1).sum()
    while i < count {
      s += (x[i] - m) * (x[i] - m)
      i += 1
    }
    return s
  }
}
