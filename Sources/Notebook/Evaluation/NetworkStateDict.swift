// A critic or regression model as PyTorch names its parameters: the network is the
// `torch.nn.Sequential` of its layers in order — Linear, then for a hidden layer its BatchNorm1d
// or LayerNorm and its activation — and each tensor is keyed by the module's index in that
// sequence (`0.weight`, `0.bias`, `2.weight`, …), so `load_state_dict` takes the file that
// `save c "c.safetensors"` writes. The metadata names the modules, so the file says how to build
// the network it belongs to.

import Critics
import DenseMatrix

extension NetworkValue {
  /// The network's parameters as a state dict of its `nn.Sequential`, with metadata
  /// `liplab.modules` (`Linear(1, 32); ReLU(); Linear(32, 1)`) and `liplab.architecture`.
  ///
  /// A spectrally normalized network's linear weights are written as applied, W/σ with σ =
  /// uᵀWv from its kept u and v (a plain `nn.Linear` then computes the same function); a
  /// BatchNorm layer's γ, β, running mean and variance are written as they are, with
  /// `num_batches_tracked` 0 (PyTorch reads it only when momentum is None). Cost: O(parameters).
  var stateDict: TensorArchive {
    let network = self.network.withoutNormalization
    var tensors: [NamedTensor] = []
    var modules: [String] = []
    func add(_ name: String, _ values: [Double]) {
      var vector = Tensor(shape: [values.count])
      vector.elements = values
      tensors.append(NamedTensor(name: "\(modules.count).\(name)", dtype: "F64", tensor: vector))
    }
    for (l, layer) in network.layers.enumerated() {
      let w = layer.weight
      tensors.append(NamedTensor(name: "\(modules.count).weight", dtype: "F64", tensor: Tensor(w)))
      add("bias", layer.bias)
      modules.append("Linear(\(w.columns), \(w.rows))")
      guard l < network.layers.count - 1 else { break }
      switch network.featureNormalization {
      case .none: break
      case .batch:
        let norm = network.normalizationLayers[l]
        add("weight", norm.gamma)
        add("bias", norm.beta)
        add("running_mean", norm.runningMean)
        add("running_var", norm.runningVariance)
        tensors.append(
          NamedTensor(name: "\(modules.count).num_batches_tracked", dtype: "I64", tensor: Tensor(shape: [1]), storedShape: []))
        modules.append("BatchNorm1d(\(w.rows))")
      case .layer:
        let norm = network.normalizationLayers[l]
        add("weight", norm.gamma)
        add("bias", norm.beta)
        modules.append("LayerNorm(\(w.rows))")
      }
      modules.append(network.activation.torchModule)
    }
    return TensorArchive(
      tensors: tensors,
      metadata: [("format", "pt"), ("liplab.architecture", architecture), ("liplab.modules", modules.joined(separator: "; "))])
  }
}

extension Activation {
  /// The PyTorch module: `ReLU()`, `LeakyReLU(0.2)`, `Tanh()`.
  var torchModule: String {
    switch self {
    case .relu: "ReLU()"
    case .leaky(let slope): "LeakyReLU(\(slope))"
    case .tanh: "Tanh()"
    }
  }
}
