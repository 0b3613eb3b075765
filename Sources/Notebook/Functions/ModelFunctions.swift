// `mlp(hidden=[256 256], act=relu, seed=1)`: a 1-D regression model, the critics' network
// (MLPCritic) under the name of its supervised use; `fit` and `sweep` train it.

import Critics

extension FunctionTable {
  /// `mlp`.
  static var mlp: FunctionSpec {
    FunctionSpec(
      "mlp",
      summary: "a 1-D regression model f: ℝ → ℝ, a small MLP with fresh weights; fit it with 'fit'",
      help: [
        "The same network as critic(…): 1 → hidden → 1 with the activation after every hidden layer, every weight and bias of a layer with fan-in n uniform in (−1/√n, 1/√n) as PyTorch's nn.Linear initialises them, drawn from the seed. relu (the default) and leaky make f piecewise linear, so its Lipschitz constant is exact; tanh is estimated on a fine grid.",
        "m(x) is the model's value at every entry of x; weight(m, l) and bias(m, l) are its layers; 'fit m x y method=…' trains it on the points (x_i, y_i), 'plot m' draws the fit and its slope against the target's, 'sweep m x y' fits it for several λ.",
      ],
      signature: Signature(
        [],
        options: [
          OptionSpec("hidden", help: "hidden-layer widths, input side first (default [32 32])"),
          OptionSpec(
            "act", .word, help: "the activation: relu (default), leaky or tanh", values: Activation.names),
          OptionSpec("slope", help: "LeakyReLU's negative slope (default 0.2)"),
          OptionSpec("seed", help: "seed of the weights (default: the session's source)"),
        ])
    ) { a throws(Diagnostic) in
      let hidden = try a.hiddenWidths()
      let activation = try a.activation(default: "relu")
      let seed = try a.networkSeed()
      let network = try a.critics(at: a.range(option: "hidden")) {
        try MLPCritic(hidden: hidden, activation: activation, seed: seed)
      }
      return .object(ModelValue(network: network, seed: seed))
    }
  }
}
