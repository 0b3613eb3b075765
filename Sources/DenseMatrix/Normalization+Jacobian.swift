// The Jacobian of a normalization layer in training mode, where the statistics are functions of
// the input (MATH.md §8). Entries of different groups do not interact, so the Jacobian is block
// diagonal over the groups (after a permutation); the block of a group of m entries with
// x̂ = (x − μ)/sqrt(σ² + ε) is
//
//   J = diag(γ_c(i)) · (1/sqrt(σ² + ε)) · (I − 11ᵀ/m − x̂x̂ᵀ/m).
//
// For BatchNorm a group is a channel across the whole batch, so its block couples the samples:
// the output of one sample depends on every other one.

extension Normalization {
  /// The row-major offsets into the batch of the entries of each group, each list increasing.
  /// O(count).
  /// - Throws: as `groupCount`.
  public static func groupEntries(_ shape: [Int], _ method: NormalizationMethod)
    throws(MatrixError) -> [[Int]]
  {
    let layout = try ChannelLayout(shape)
    var entries = [[Int]](repeating: [], count: try groupCount(method, layout))
    for n in 0 ..< layout.samples {
      for c in 0 ..< layout.channels {
        let g = group(ofSample: n, channel: c, method, layout)
        let start = (n * layout.channels + c) * layout.positions
        entries[g].append(contentsOf: start ..< start + layout.positions)
      }
    }
    return entries
  }

  /// One block of the Jacobian per group: the group's entries (offsets into the batch) and the
  /// m×m block of ∂y/∂x over them, from the closed form in the file's header. O(Σ m²).
  /// - Throws: as `groupStatistics`; `invalidArgument` for γ without C entries or when the
  ///   blocks together exceed `limit` elements; `tooLarge` when one block does.
  public static func jacobianBlocks(
    _ x: Tensor, _ method: NormalizationMethod, gamma: [Double]? = nil,
    epsilon: Double = defaultEpsilon, limit: Int = Matrix.defaultElementLimit
  ) throws -> [(entries: [Int], block: Matrix)] {
    let layout = try ChannelLayout(x.shape)
    let g = try channelValues(gamma, "gamma", default: 1, layout)
    let (mean, variance, m) = try groupStatistics(x, method)
    _ = try Matrix.checkedShape(m, m, limit: limit)
    // NOTE: all blocks are held at once, so their total size is what the limit bounds.
    let (total, overflow) = (m * m).multipliedReportingOverflow(by: mean.count)
    guard !overflow, total <= limit else {
      throw MatrixError.invalidArgument(
        "the Jacobian's \(mean.count) blocks of \(m)×\(m) are too large (the limit is \(limit) elements)")
    }
    let entries = try groupEntries(x.shape, method)
    return try entries.indices.map { k in
      let r = 1 / (variance[k] + epsilon).squareRoot()
      let xhat = entries[k].map { (x.elements[$0] - mean[k]) * r }
      let scale = entries[k].map { g[($0 / layout.positions) % layout.channels] * r }
      let block = try Matrix.generated(m, m, limit: limit) { q in
        let (i, j) = q.quotientAndRemainder(dividingBy: m)
        return scale[i] * ((i == j ? 1 : 0) - 1 / Double(m) - xhat[i] * xhat[j] / Double(m))
      }
      return (entries[k], block)
    }
  }

  /// The whole Jacobian ∂y/∂x of the batch (count × count, entries in row-major order), the
  /// blocks of `jacobianBlocks` put in place. O(count²).
  /// - Throws: as `jacobianBlocks`; `tooLarge` when count² exceeds `limit`.
  public static func jacobian(
    _ x: Tensor, _ method: NormalizationMethod, gamma: [Double]? = nil,
    epsilon: Double = defaultEpsilon, limit: Int = Matrix.defaultElementLimit
  ) throws -> Matrix {
    let count = x.elements.count
    var result = try Matrix.zeros(count, count, limit: limit)
    for (entries, block) in try jacobianBlocks(x, method, gamma: gamma, epsilon: epsilon, limit: limit) {
      for (i, p) in entries.enumerated() {
        for (j, q) in entries.enumerated() { result[p, q] = block[i, j] }
      }
    }
    return result
  }

  /// ‖∂y/∂x‖₂, the largest singular value over the blocks (exact SVD of each). O(Σ m³).
  /// - Throws: as `jacobianBlocks`; `interrupted`.
  public static func jacobianNorm(
    _ x: Tensor, _ method: NormalizationMethod, gamma: [Double]? = nil,
    epsilon: Double = defaultEpsilon, limit: Int = Matrix.defaultElementLimit
  ) throws -> Double {
    try jacobianBlocks(x, method, gamma: gamma, epsilon: epsilon, limit: limit).reduce(0) {
      Swift.max($0, try $1.block.singularValues().first ?? 0)
    }
  }
}
