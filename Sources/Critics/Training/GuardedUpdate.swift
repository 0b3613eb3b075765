// One optimiser update of a recorded loss with the checks every training loop needs: forward,
// a finite loss, backward, finite gradients, the optimiser step (and clipping), finite
// parameters — restoring the parameters when the update overflows. The critic trainer and the
// regression fit both step through it.

import DenseMatrix

/// The optimiser state and divergence checks of one training loop over a tape's parameters.
final class GuardedUpdate {
  /// How one update ended.
  enum Outcome: Equatable {
    /// The parameters moved; `loss` is the loss before the move.
    case updated(loss: Double)
    /// Nothing moved: the loss or a gradient was not finite, or the step overflowed and was
    /// undone. The string says which (`loss is NaN`, `a parameter overflowed`).
    case diverged(String)
  }

  let tape: Tape
  let loss: Variable
  let buffers: [ParameterBuffer]
  let clip: Double?
  private let optimizer: OptimizerState
  private var saved: [[Double]]

  /// The update of `loss` over `buffers` (leaves of `tape`) by `optimizer`, every parameter
  /// clamped to [−clip, clip] after each step when `clip` is set. Allocates its buffers once.
  init(tape: Tape, loss: Variable, buffers: [ParameterBuffer], optimizer: Optimizer, clip: Double?) {
    self.tape = tape
    self.loss = loss
    self.buffers = buffers
    self.clip = clip
    self.optimizer = OptimizerState(optimizer, parameters: buffers)
    saved = buffers.map { [Double](repeating: 0, count: $0.count) }
  }

  /// Forward pass (then `afterForward`), backward pass, optimiser step. O(one forward and one
  /// backward pass + the parameters); no allocation.
  func run(afterForward: () -> Void = {}) throws -> Outcome {
    tape.forward()
    afterForward()
    let value = tape.valuePointer(loss)[0]
    guard value.isFinite else { return .diverged(value.isNaN ? "loss is NaN" : "loss is \(value)") }
    try tape.backward(from: loss)
    guard buffers.allSatisfy({ allFinite($0.gradient, $0.count) }) else {
      return .diverged("a gradient is not finite")
    }
    for k in buffers.indices {  // kept to restore if the update overflows
      saved[k].withUnsafeMutableBufferPointer { copy in
        copy.baseAddress!.update(from: buffers[k].value, count: buffers[k].count)
      }
    }
    optimizer.step()
    if let c = clip {
      for p in buffers { for i in 0 ..< p.count { p.value[i] = min(max(p.value[i], -c), c) } }
    }
    guard buffers.allSatisfy({ allFinite($0.value, $0.count) }) else {
      for k in buffers.indices {
        saved[k].withUnsafeBufferPointer { copy in
          buffers[k].value.update(from: copy.baseAddress!, count: buffers[k].count)
        }
      }
      return .diverged("a parameter overflowed")
    }
    return .updated(loss: value)
  }
}
