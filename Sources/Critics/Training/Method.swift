// The ways of training a critic that liplab compares, each with its paper's defaults
// (MATH.md §4–6).

/// A critic objective together with its way of enforcing (or not) a Lipschitz constraint.
public enum Method: String, CaseIterable, Sendable {
  /// WGAN with weight clipping (Arjovsky et al. 2017): every parameter clamped to [−c, c] after
  /// each step; c = 0.01, RMSprop lr 5e-5.
  case wganClip = "wgan-clip"
  /// WGAN-GP (Gulrajani et al. 2017): + λ E(|f'(x̂)| − 1)² at random interpolates; λ = 10,
  /// Adam lr 1e-4 (the paper's Algorithm 1), β = (0.5, 0.9) (the released toy code,
  /// gan_toy.py; Algorithm 1 lists β = (0, 0.9)).
  case wganGP = "wgan-gp"
  /// WGAN-LP (Petzka et al. 2018): the one-sided λ E max(0, |f'(x̂)| − 1)²; WGAN-GP's defaults.
  case wganLP = "wgan-lp"
  /// Spectral normalization (Miyato et al. 2018): every layer W/σ, one power step per training
  /// step with a persistent u; WGAN loss, Adam lr 1e-4, β = (0.5, 0.9).
  case sn
  /// Weight normalization (Salimans & Kingma 2016) with g fixed at 1: every layer's rows
  /// v_i/‖v_i‖; WGAN loss, Adam lr 1e-4, β = (0.5, 0.9).
  ///
  // NOTE: with a trainable g, w = g·v/‖v‖ can be any matrix, a reparametrisation that
  // constrains nothing; with g = 1 every row is a unit vector, so 1 ≤ ‖W‖₂ ≤ sqrt(fan-out)
  // (max|g| ≤ ‖W‖₂ ≤ ‖g‖₂, MATH.md §8): a bound, unlike SN's ‖W‖₂ = 1, that allows the spectrum
  // anywhere between one direction and an orthonormal set of rows. A 1-D critic's first layer
  // has fan-in 1: each of its weights is then sign(v) = ±1 and receives no gradient.
  case wn
  /// Spectral norm regularization (Yoshida & Miyato 2017): + (λ/2) Σ σ(W_l)², σ by one power
  /// step per training step; λ = 0.01, WGAN loss, Adam lr 1e-4, β = (0.5, 0.9).
  case specreg
  /// Weight decay, the Frobenius route: + λ Σ ‖W_l‖F² on the weights (MATH.md §2; PyTorch's
  /// weight_decay = 2λ); λ = 0.01, WGAN loss, Adam lr 1e-4, β = (0.5, 0.9).
  case l2
  /// Qi's loss-sensitive objective with L = −f:
  /// γ E_r L + λ E max(0, |x_r − x_g| + L(x_r) − L(x_g)) over real/fake pairs matched one-to-one
  /// within a batch; λ = 1, Adam lr 1e-4, β = (0.5, 0.999) as in Qi's code.
  ///
  // NOTE: MATH.md §6 writes the objective with γ = 1. Qi's released code sets γ = 0 (his theorem
  // shows the term can be dropped), and we follow it: with γ > 0 the E_r L term keeps raising f
  // on the real samples once every margin is met, so without a separate Lipschitz regulariser the
  // critic grows without bound. `gamma=` restores the term, and `decay=` adds the weight decay
  // λ_w Σ ‖W_l‖F² that MATH.md names as one way to keep L Lipschitz (default 0, as in Qi's code).
  case lsgan
  /// GAN-QP (Su 2018), no Lipschitz constraint: the critic maximises
  /// E[d] − E[d² / (2λ|x_r − x_g|)], d = f(x_r) − f(x_g), over pairs matched within a batch;
  /// λ = 10, Adam lr 2e-4, β = (0.5, 0.999) as in Su's code. The quadratic term bounds the slope
  /// between pairs (the optimum has |d| = λ|x_r − x_g|), so the critic's scale is set by λ.
  case ganQP = "gan-qp"
  /// The unconstrained WGAN critic loss E_g f − E_r f (diverges: the baseline that shows why a
  /// constraint is needed); Adam lr 1e-4, β = (0.5, 0.9).
  case wgan
  /// The vanilla GAN discriminator, D = sigmoid(f): −E_r log D − E_g log(1 − D);
  /// Adam lr 2e-4, β = (0.5, 0.999) (DCGAN's settings).
  case gan

  /// The method's optimiser with its paper's settings.
  public var defaultOptimizer: Optimizer {
    switch self {
    case .wganClip: .rmsprop(learningRate: 5e-5, alpha: 0.99, epsilon: 1e-8)
    case .lsgan: .adam(learningRate: 1e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8)
    case .gan, .ganQP: .adam(learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8)
    default: .adam(learningRate: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8)
    }
  }

  /// The default weight λ of the method's penalty or margin term, nil when it has none.
  public var defaultLambda: Double? {
    switch self {
    case .wganGP, .wganLP: 10
    case .specreg, .l2: 0.01
    case .lsgan: 1
    case .ganQP: 10
    case .wganClip, .sn, .wn, .wgan, .gan: nil
    }
  }

  /// The default clipping bound c, nil for every method but `wgan-clip`.
  public var defaultClip: Double? { self == .wganClip ? 0.01 : nil }

  /// One line for help texts, e.g. "WGAN, weights clipped to [−c, c]".
  public var summary: String {
    switch self {
    case .wganClip: "WGAN critic, every parameter clipped to [−c, c] (c = 0.01, RMSprop 5e-5)"
    case .wganGP:
      "WGAN critic + λ E(|f'(x̂)| − 1)² at interpolates (λ = 10, Adam 1e-4; β = (0.5, 0.9) from the released toy code gan_toy.py, where the paper's Algorithm 1 has (0, 0.9)); a critic that starts decreasing can end at the penalty's second minimum, with a negative estimate"
    case .wganLP: "WGAN critic + one-sided λ E max(0, |f'(x̂)| − 1)² (λ = 10)"
    case .sn: "WGAN critic with every layer spectrally normalized, W/σ (one power step per step)"
    case .wn:
      "WGAN critic, weight-normalized rows v/‖v‖ with g fixed at 1"
    case .specreg: "WGAN critic + (λ/2) Σ σ(W)² (λ = 0.01)"
    case .l2: "WGAN critic + λ Σ ‖W‖F², weight decay (λ = 0.01)"
    case .lsgan:
      "loss-sensitive critic, hinge with margin |x − x'| on matched pairs (λ = 1, γ = 0; decay= adds weight decay)"
    case .ganQP: "GAN-QP critic, E[d] − E[d²/(2λ|x_r − x_g|)] on matched pairs (λ = 10)"
    case .wgan: "unconstrained WGAN critic E_g f − E_r f (no Lipschitz control)"
    case .gan: "vanilla GAN discriminator, sigmoid cross-entropy"
    }
  }

  /// Whether the method keeps power-iteration vectors (sn, specreg).
  var usesPowerIteration: Bool { self == .sn || self == .specreg }

  /// Whether the objective evaluates f' at interpolates (wgan-gp, wgan-lp).
  var usesGradientPenalty: Bool { self == .wganGP || self == .wganLP }
}
