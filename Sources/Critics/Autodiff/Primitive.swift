// The contract every autodiff primitive fulfils: a forward rule and, beside it, a backward rule,
// both working on preallocated buffers so a graph can be re-run every training step without
// allocating.

/// One node's storage as a primitive sees it: its value, its gradient (nil when no gradient flows
/// to it) and its shape. The pointers are owned by the `Tape`.
@usableFromInline
struct Slot {
  @usableFromInline let value: UnsafeMutablePointer<Double>
  @usableFromInline let gradient: UnsafeMutablePointer<Double>?
  @usableFromInline let rows: Int
  @usableFromInline let columns: Int
  /// True when the backward rule must overwrite the gradient instead of adding to it (this is
  /// the first contribution of the current backward pass).
  @usableFromInline var overwrite: Bool

  @usableFromInline var count: Int { rows * columns }
}

/// The (up to three) inputs of a node. Unused positions repeat the first input and are ignored.
@usableFromInline
struct Operands {
  @usableFromInline var a: Slot
  @usableFromInline var b: Slot
  @usableFromInline var c: Slot
}

/// A differentiable operation on matrices.
///
/// `forward` writes the output value from the inputs' values. `backward` reads ∂L/∂y from
/// `y.gradient` and writes (or adds, see `Slot.overwrite`) ∂L/∂x into every input whose
/// `gradient` is non-nil. Neither may allocate.
protocol Primitive {
  /// The name shown in diagnostics and gradient-check reports, e.g. `"matmul"`.
  var name: String { get }
  func forward(_ x: Operands, _ y: Slot)
  func backward(_ x: Operands, _ y: Slot)
}

/// Writes `body(i)` into `g[0..<count]`, or adds it, as `overwrite` says. The closure is inlined,
/// so each caller's loop is a plain vectorisable loop.
@inline(__always)
func emit(
  _ g: UnsafeMutablePointer<Double>, count: Int, overwrite: Bool, _ body: (Int) -> Double
) {
  if overwrite {
    for i in 0 ..< count { g[i] = body(i) }
  } else {
    for i in 0 ..< count { g[i] += body(i) }
  }
}
