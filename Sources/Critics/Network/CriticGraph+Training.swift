// What every objective on a recorded network shares, critic or regression: its parameters as
// optimiser buffers, the weight penalties — weight decay's Σ‖W_l‖F² and spectral norm
// regularization's Σ σ(W_l)² (MATH.md §2, §5) — and the one power step per training step behind
// σ (MATH.md §4).

import DenseMatrix

extension CriticGraph {
  /// The trainable parameters (weights, biases, then γ and β) as optimiser buffers.
  func parameterBuffers(on tape: Tape) -> [ParameterBuffer] {
    (weights + biases + gammas + betas).map {
      (tape.valuePointer($0), tape.gradientPointer($0)!, tape.shape($0).count)
    }
  }

  /// Σ_l ‖W_l‖F² over the raw weights (biases excluded), a 1×1 node: weight decay's term.
  func frobeniusPenalty(on tape: Tape) throws -> Variable {
    var penalty = tape.sum(tape.square(weights[0]))
    for w in weights.dropFirst() { penalty = try tape.add(penalty, tape.sum(tape.square(w))) }
    return penalty
  }

  /// Σ_l σ_l² with σ_l = u_lᵀ W_l v_l, a 1×1 node: spectral norm regularization's term, whose
  /// gradient per layer is 2σ_l u_l v_lᵀ (u, v held constant). Needs the graph recorded with
  /// `spectral: true`.
  func spectralPenalty(on tape: Tape) throws -> Variable {
    var penalty = tape.square(sigmas[0])
    for s in sigmas.dropFirst() { penalty = try tape.add(penalty, tape.square(s)) }
    return penalty
  }

  /// One power step per layer on the raw weights, PyTorch's `spectral_norm` training update:
  /// v ← normalize(Wᵀu), u ← normalize(Wv), with normalize(x) = x / max(‖x‖, 1e-12).
  /// The σ = uᵀWv nodes pick the new u, v up on the next `forward()`. O(Σ mn), no allocation.
  func powerStep(on tape: Tape) {
    func normalize(_ x: UnsafeMutablePointer<Double>, _ n: Int) {
      let r = 1 / max(Kernels.dot(x, x, count: n).squareRoot(), 1e-12)
      for i in 0 ..< n { x[i] *= r }
    }
    for l in u.indices {
      let w = tape.valuePointer(weights[l])
      let shape = tape.shape(weights[l])
      let u = tape.valuePointer(self.u[l]), v = tape.valuePointer(self.v[l])
      Kernels.gemvTransposed(w, rows: shape.rows, columns: shape.columns, u, into: v)
      normalize(v, shape.columns)
      Kernels.gemv(w, rows: shape.rows, columns: shape.columns, v, into: u)
      normalize(u, shape.rows)
    }
  }
}

extension SpectralNormalization {
  /// Initial power-iteration vectors for every layer of `network`, as PyTorch draws them:
  /// u, v ~ N(0, I), normalised; every layer's u is drawn first, then every layer's v.
  static func random(for network: MLPCritic, using rng: inout RandomSource) -> SpectralNormalization {
    func unit(_ n: Int, _ rng: inout RandomSource) -> [Double] {
      let x = (0 ..< n).map { _ in rng.normal() }
      let norm = max(x.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
      return x.map { $0 / norm }
    }
    return SpectralNormalization(
      u: network.layers.map { unit($0.weight.rows, &rng) },
      v: network.layers.map { unit($0.weight.columns, &rng) })
  }
}
