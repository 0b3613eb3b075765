// The activations a critic can use, with the facts the ground truth needs about each: its
// Lipschitz constant and whether the network stays piecewise linear.

/// A critic's hidden-layer activation.
public enum Activation: Sendable, Equatable, CustomStringConvertible {
  /// max(0, x).
  case relu
  /// x for x > 0, slope·x otherwise (PyTorch's LeakyReLU; 0.2 is the GAN literature's default).
  case leaky(slope: Double)
  /// tanh x.
  case tanh

  /// LeakyReLU(0.2), the default of the WGAN-GP and SN-GAN critics.
  public static let leakyDefault = Activation.leaky(slope: 0.2)

  /// The names `init(name:slope:)` accepts.
  public static let names = ["relu", "leaky", "tanh"]

  /// The activation called `name` (`relu`, `leaky`, `tanh`); `slope` sets leaky's negative slope
  /// (default 0.2) and is ignored otherwise. Nil for an unknown name or a non-finite slope.
  public init?(name: String, slope: Double? = nil) {
    switch name {
    case "relu": self = .relu
    case "leaky":
      let s = slope ?? 0.2
      guard s.isFinite else { return nil }
      self = .leaky(slope: s)
    case "tanh": self = .tanh
    default: return nil
    }
  }

  /// The activation's own Lipschitz constant: 1 for relu and tanh, max(1, |slope|) for leaky.
  public var lipschitzConstant: Double {
    switch self {
    case .relu, .tanh: 1
    case .leaky(let s): max(1, Swift.abs(s))
    }
  }

  /// True when a network using it is piecewise linear in its input (relu, leaky), so its exact
  /// Lipschitz constant can be found from breakpoints.
  public var isPiecewiseLinear: Bool {
    if case .tanh = self { return false }
    return true
  }

  /// `relu`, `leaky(0.2)`, `tanh`.
  public var description: String {
    switch self {
    case .relu: "relu"
    case .leaky(let s): "leaky(\(s))"
    case .tanh: "tanh"
    }
  }
}
