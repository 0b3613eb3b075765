// The Lipschitz methods of a supervised 1-D regression (MATH.md §9): the same network as a
// critic, trained on the mean squared error plus the method's term.

/// How a regression fit constrains (or not) the model's Lipschitz constant.
public enum FitMethod: String, CaseIterable, Sendable {
  /// The mean squared error alone.
  case none
  /// Weight decay: + λ Σ_l ‖W_l‖F² on the weights (MATH.md §2, §9); shrinks an upper bound.
  case l2
  /// Spectral norm regularization (Yoshida & Miyato 2017): + (λ/2) Σ_l σ(W_l)², σ by one power
  /// step per training step with a persistent u (MATH.md §5).
  case specreg
  /// Spectral normalization (Miyato et al. 2018): every layer W/σ, no term; ‖f‖_L ≤ 1 up to
  /// the lag of σ behind the weights.
  case sn
  /// An input-gradient penalty: + λ E (|f′(x)| − k)₊² with k = 1 unless set, at fresh points
  /// drawn uniformly over the span of the training inputs every step.
  case gp

  /// The default λ: the critic methods' (l2 and specreg 0.01, gp as WGAN-GP's 10); nil when the
  /// method has no term.
  public var defaultLambda: Double? {
    switch self {
    case .l2: Method.l2.defaultLambda
    case .specreg: Method.specreg.defaultLambda
    case .gp: Method.wganGP.defaultLambda
    case .none, .sn: nil
    }
  }

  /// The loss, for reports: `MSE + (λ/2)·Σσ(W)²`.
  public var loss: String {
    switch self {
    case .none, .sn: "MSE"
    case .l2: "MSE + λ·Σ‖W‖F²"
    case .specreg: "MSE + (λ/2)·Σσ(W)²"
    case .gp: "MSE + λ·E(|f′(x)| − k)₊²"
    }
  }

  /// One line for help texts.
  public var summary: String {
    switch self {
    case .none: "the mean squared error alone, no Lipschitz control"
    case .l2: "+ λ Σ‖W_l‖F², weight decay: shrinks Π‖W_l‖F, a loose upper bound of ‖f‖_L (λ = 0.01)"
    case .specreg:
      "+ (λ/2) Σ σ(W_l)², spectral norm regularization (Yoshida & Miyato 2017): shrinks the tight layer-wise quantities σ(W_l), one power step per step (λ = 0.01)"
    case .sn:
      "every layer W/σ, spectral normalization: ‖f‖_L ≤ Π‖W_l/σ_l‖₂ ≈ 1 (σ from one power step per step, a little behind the weights)"
    case .gp:
      "+ λ E(|f′(x)| − k)₊², a one-sided penalty on the input slope at 64 fresh uniform points of the data's span per step (k = 1, λ = 10)"
    }
  }

  /// Whether the method keeps power-iteration vectors (sn, specreg).
  var usesPowerIteration: Bool { self == .sn || self == .specreg }
}
