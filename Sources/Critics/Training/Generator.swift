// A 1-D generator trained against the critic, so that a run shows what the critic's slope does
// to the fake distribution: x_g = G(z) = a·z + b with z from the fake distribution given to
// `train`, a = e^s > 0 (so the pushed-forward distribution never degenerates), starting at the
// identity (a = 1, b = 0). One generator update follows every n_critic critic updates, with the
// method's generator loss (MATH.md §6) and the critic's optimiser settings.

import DenseMatrix
import RealModule

/// The generator's loss, as the papers pair it with each critic objective.
public enum GeneratorLoss: Sendable, Equatable {
  /// −E f(G(z)): WGAN and its constrained variants, LS-GAN (minimise E L(G(z)) with L = −f)
  /// and GAN-QP (minimise E[f(x_r) − f(G(z))]).
  case wasserstein
  /// E log(1 − D(G(z))), D = sigmoid(f): the vanilla GAN's minimax loss, whose gradient
  /// vanishes where D is confident the samples are fake.
  case minimax

  /// The loss of one sample whose critic value is `f`.
  func value(_ f: Double) -> Double {
    switch self {
    case .wasserstein: -f
    // NOTE: log(1 − sigmoid(f)) = −softplus(f), computed without overflow.
    case .minimax: -(Swift.max(f, 0) + Double.log(onePlus: Double.exp(-Swift.abs(f))))
    }
  }

  /// d value / d f at `f`.
  func derivative(_ f: Double) -> Double {
    switch self {
    case .wasserstein: -1
    case .minimax: -1 / (1 + Double.exp(-f))  // −sigmoid(f)
    }
  }
}

/// G(z) = a·z + b with a = e^s: the generator `train` learns when asked to.
public struct AffineGenerator: Sendable, Equatable {
  /// s = log a.
  public var logScale: Double
  /// b.
  public var shift: Double

  /// The identity map (a = 1, b = 0): the fake distribution as given.
  public static let identity = AffineGenerator(logScale: 0, shift: 0)

  /// A generator with scale e^`logScale` and shift `shift`.
  public init(logScale: Double, shift: Double) {
    self.logScale = logScale
    self.shift = shift
  }

  /// a = e^s.
  public var scale: Double { Double.exp(logScale) }

  /// The generated distribution: `noise` pushed forward by z ↦ a·z + b.
  public func generated(from noise: Distribution) -> Distribution {
    noise.affine(scale: scale, shift: shift)
  }

  /// The generator loss mean ℓ(f(G(zᵢ))) over the batch `z` and its gradient with respect to
  /// (s, b), by the chain rule through the critic's slope:
  /// ∂/∂b = mean ℓ′(f(xᵢ)) f′(xᵢ), ∂/∂s = mean ℓ′(f(xᵢ)) f′(xᵢ) · a·zᵢ, xᵢ = a·zᵢ + b.
  /// O(batch · Σ mn) (one forward pass carrying f′).
  public func lossAndGradient(
    critic: MLPCritic, noise z: [Double], loss: GeneratorLoss
  ) -> (loss: Double, logScale: Double, shift: Double) {
    let a = scale
    let x = z.map { a * $0 + shift }
    let samples = critic.evaluate(at: x)
    var (total, ds, db) = (0.0, 0.0, 0.0)
    for i in z.indices {
      let f = samples.value[i]
      let g = loss.derivative(f) * samples.slope[i]
      total += loss.value(f)
      db += g
      ds += g * a * z[i]
    }
    let n = Double(Swift.max(z.count, 1))
    return (total / n, ds / n, db / n)
  }
}

extension Method {
  /// The generator loss the method's paper pairs with its critic.
  public var generatorLoss: GeneratorLoss { self == .gan ? .minimax : .wasserstein }

  /// Critic updates per generator update: 5 for the WGAN family (n_critic of Arjovsky et al.
  /// and Gulrajani et al.; sn, wn, specreg and l2 train the same WGAN critic), 1 for the vanilla GAN
  /// (Goodfellow et al.'s k = 1), LS-GAN and GAN-QP.
  public var defaultCriticSteps: Int {
    switch self {
    case .gan, .lsgan, .ganQP: 1
    case .wganClip, .wganGP, .wganLP, .sn, .wn, .specreg, .l2, .wgan: 5
    }
  }
}

/// The generator's side of a training run: its parameters (s, b) in optimiser buffers, the
/// optimiser's state and a noise buffer, all allocated once.
final class GeneratorTraining {
  let noise: Distribution
  let parameters: UnsafeMutablePointer<Double>
  let gradient: UnsafeMutablePointer<Double>
  let optimizer: OptimizerState
  var z: [Double]
  private(set) var updates = 0
  private(set) var lastLoss: Double? = nil

  /// A generator at the identity on `noise`, with the critic's optimiser settings.
  init(configuration: TrainingConfiguration, noise: Distribution, batch: Int) {
    self.noise = noise
    parameters = .allocate(capacity: 2)
    parameters.initialize(repeating: 0, count: 2)
    gradient = .allocate(capacity: 2)
    gradient.initialize(repeating: 0, count: 2)
    optimizer = OptimizerState(configuration.optimizer, parameters: [(parameters, gradient, 2)])
    z = [Double](repeating: 0, count: batch)
  }

  deinit {
    parameters.deallocate()
    gradient.deallocate()
  }

  /// The generator now.
  var current: AffineGenerator { AffineGenerator(logScale: parameters[0], shift: parameters[1]) }

  /// One update against `critic` on a fresh noise batch drawn from `rng`. Returns false, and
  /// leaves the generator as it was, when the loss, the gradient or the new parameters are not
  /// finite or a = e^s leaves (0, ∞).
  func update(critic: MLPCritic, method: Method, using rng: inout RandomSource) -> Bool {
    z.withUnsafeMutableBufferPointer { noise.sample(into: $0.baseAddress!, count: $0.count, using: &rng) }
    let (loss, ds, db) = current.lossAndGradient(critic: critic, noise: z, loss: method.generatorLoss)
    guard loss.isFinite, ds.isFinite, db.isFinite else { return false }
    let before = (parameters[0], parameters[1])
    gradient[0] = ds
    gradient[1] = db
    optimizer.step()
    let a = Double.exp(parameters[0])
    guard parameters[1].isFinite, a.isFinite, a > 0 else {
      (parameters[0], parameters[1]) = before
      return false
    }
    updates += 1
    lastLoss = loss
    return true
  }
}
