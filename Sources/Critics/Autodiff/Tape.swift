// A reverse-mode autodiff tape over matrices, in micrograd's shape: nodes are recorded in
// creation order (which is a topological order, so it is reproducible), `forward()` re-runs them
// in that order and `backward(from:)` walks them in reverse.
//
// Every node owns a value buffer and, when a gradient can reach it, a gradient buffer, both
// allocated once when the node is created. A training loop builds its graph once, then each
// step writes new data into the input leaves, calls `forward()` and `backward(from:)` and reads
// the parameter gradients: no allocation per step.

import DenseMatrix

/// A handle to one node of a `Tape` (its position in creation order).
public struct Variable: Hashable, Sendable {
  /// The node's index on its tape.
  public let index: Int
}

/// A recorded computation graph with preallocated buffers, re-runnable step after step.
///
/// Leaves are `constant`s (data; no gradient) or `parameter`s (gradient wanted). Operations are
/// the primitives in `Tape+Operations.swift`; they check shapes when the graph is built and
/// throw `MatrixError.shapeMismatch`. Memory: one value buffer per node, plus one gradient
/// buffer per node a gradient can reach.
public final class Tape {
  struct Node {
    let primitive: (any Primitive)?  // nil for leaves
    let inputs: [Int]
    let slot: Slot
    let operands: Operands?
    let isParameter: Bool
  }

  /// A cached backward schedule for one loss node.
  struct Plan {
    var steps: [(node: Int, operands: Operands)]
    var unreached: [Int]  // gradient-carrying leaves the loss does not depend on
  }

  private(set) var nodes: [Node] = []
  private var plans: [Int: Plan] = [:]

  /// An empty tape.
  public init() {}

  deinit {
    for node in nodes {
      node.slot.value.deallocate()
      node.slot.gradient?.deallocate()
    }
  }

  /// Number of nodes recorded so far.
  public var count: Int { nodes.count }

  // MARK: Leaves

  /// Records a leaf holding data: no gradient is computed for it.
  @discardableResult
  public func constant(_ m: Matrix) -> Variable {
    leaf(m, isParameter: false)
  }

  /// Records a leaf whose gradient `backward(from:)` computes.
  @discardableResult
  public func parameter(_ m: Matrix) -> Variable {
    leaf(m, isParameter: true)
  }

  private func leaf(_ m: Matrix, isParameter: Bool) -> Variable {
    let slot = allocate(rows: m.rows, columns: m.columns, gradient: isParameter)
    m.elements.withUnsafeBufferPointer { src in
      for i in 0 ..< src.count { slot.value[i] = src[i] }
    }
    nodes.append(
      Node(primitive: nil, inputs: [], slot: slot, operands: nil, isParameter: isParameter))
    plans.removeAll()
    return Variable(index: nodes.count - 1)
  }

  private func allocate(rows: Int, columns: Int, gradient: Bool) -> Slot {
    let n = max(rows * columns, 1)
    let value = UnsafeMutablePointer<Double>.allocate(capacity: n)
    value.initialize(repeating: 0, count: n)
    var g: UnsafeMutablePointer<Double>? = nil
    if gradient {
      g = UnsafeMutablePointer<Double>.allocate(capacity: n)
      g!.initialize(repeating: 0, count: n)
    }
    return Slot(value: value, gradient: g, rows: rows, columns: columns, overwrite: false)
  }

  /// Records `primitive` applied to `inputs`, computes its value once, and returns the node.
  /// `differentiable: false` marks an output whose derivative is zero almost everywhere (step
  /// functions): no gradient flows through it.
  func record(
    _ primitive: any Primitive, _ inputs: [Variable], rows: Int, columns: Int,
    differentiable: Bool = true
  ) -> Variable {
    let slots = inputs.map { nodes[$0.index].slot }
    let needsGradient = differentiable && slots.contains { $0.gradient != nil }
    let slot = allocate(rows: rows, columns: columns, gradient: needsGradient)
    let operands = Operands(
      a: slots[0], b: slots.count > 1 ? slots[1] : slots[0],
      c: slots.count > 2 ? slots[2] : slots[0])
    nodes.append(
      Node(
        primitive: primitive, inputs: inputs.map(\.index), slot: slot, operands: operands,
        isParameter: false))
    plans.removeAll()
    primitive.forward(operands, slot)
    return Variable(index: nodes.count - 1)
  }

  // MARK: Values and gradients

  /// The shape of a node.
  public func shape(_ v: Variable) -> Shape {
    let s = nodes[v.index].slot
    return Shape(s.rows, s.columns)
  }

  /// The current value of a node, as a matrix (a copy).
  public func value(_ v: Variable) -> Matrix {
    let s = nodes[v.index].slot
    var m = Matrix(rows: s.rows, columns: s.columns)
    for i in 0 ..< s.count { m.elements[i] = s.value[i] }
    return m
  }

  /// The gradient of the last `backward(from:)` with respect to a node (zeros when none flows).
  public func gradient(_ v: Variable) -> Matrix {
    let s = nodes[v.index].slot
    var m = Matrix(rows: s.rows, columns: s.columns)
    if let g = s.gradient { for i in 0 ..< s.count { m.elements[i] = g[i] } }
    return m
  }

  /// Overwrites a leaf's value; call `forward()` afterwards to bring the graph up to date.
  /// - Throws: `MatrixError.shapeMismatch` when the shapes differ.
  public func setValue(_ v: Variable, _ m: Matrix) throws {
    let s = nodes[v.index].slot
    guard m.rows == s.rows, m.columns == s.columns else {
      throw MatrixError.shapeMismatch(op: "set", lhs: Shape(s.rows, s.columns), rhs: m.shape)
    }
    for i in 0 ..< s.count { s.value[i] = m.elements[i] }
  }

  /// Direct access to a node's value buffer (for training loops; no copy).
  func valuePointer(_ v: Variable) -> UnsafeMutablePointer<Double> { nodes[v.index].slot.value }

  /// Direct access to a node's gradient buffer, nil when no gradient flows to it.
  func gradientPointer(_ v: Variable) -> UnsafeMutablePointer<Double>? {
    nodes[v.index].slot.gradient
  }

  // MARK: Passes

  /// Recomputes every non-leaf node in creation order. O(total cost of the primitives).
  public func forward() {
    for node in nodes {
      if let p = node.primitive, let x = node.operands { p.forward(x, node.slot) }
    }
  }

  /// Computes ∂loss/∂(every node the loss depends on), in reverse creation order.
  ///
  /// `loss` must be 1×1. Gradients of parameters the loss does not depend on are set to zero.
  /// Each node's gradient is written by its first consumer in reverse order and accumulated by
  /// the others, so nothing is zeroed in bulk. The schedule is computed once per loss node.
  /// - Throws: `MatrixError.invalidArgument` when `loss` is not 1×1 or carries no gradient.
  public func backward(from loss: Variable) throws {
    let root = nodes[loss.index].slot
    guard root.rows == 1, root.columns == 1, let g = root.gradient else {
      throw MatrixError.invalidArgument(
        "the loss of a backward pass must be a 1×1 node with parameters upstream")
    }
    if plans[loss.index] == nil { plans[loss.index] = makePlan(loss.index) }
    let plan = plans[loss.index]!
    g[0] = 1
    for step in plan.steps {
      nodes[step.node].primitive!.backward(step.operands, nodes[step.node].slot)
    }
    for leaf in plan.unreached {
      let s = nodes[leaf].slot
      s.gradient!.update(repeating: 0, count: s.count)
    }
  }

  /// Multiply–adds of the matrix products one `forward()` and one `backward(from: loss)` perform
  /// (m·n·k per product, one product per input gradient in the backward pass); element-wise work
  /// is not counted. Twice this is the usual FLOP count.
  public func productMultiplyAdds(loss: Variable) -> Int {
    if plans[loss.index] == nil { plans[loss.index] = makePlan(loss.index) }
    func size(_ node: Node) -> Int? {
      guard let p = node.primitive, p is MatrixProduct || p is Affine, let x = node.operands
      else { return nil }
      return node.slot.rows * node.slot.columns * x.a.columns
    }
    var total = nodes.compactMap(size).reduce(0, +)
    for step in plans[loss.index]!.steps {
      guard let mnk = size(nodes[step.node]) else { continue }
      let x = step.operands
      total += mnk * ((x.a.gradient != nil ? 1 : 0) + (x.b.gradient != nil ? 1 : 0))
    }
    return total
  }

  private func makePlan(_ loss: Int) -> Plan {
    var reached = [Bool](repeating: false, count: nodes.count)
    var written = [Bool](repeating: false, count: nodes.count)
    reached[loss] = true
    written[loss] = true
    var steps: [(node: Int, operands: Operands)] = []
    for i in stride(from: loss, through: 0, by: -1) where reached[i] {
      let node = nodes[i]
      guard var x = node.operands, node.slot.gradient != nil else { continue }
      var slots = [x.a, x.b, x.c]
      for (k, input) in node.inputs.enumerated() where nodes[input].slot.gradient != nil {
        reached[input] = true
        slots[k].overwrite = !written[input]
        written[input] = true
      }
      x.a = slots[0]
      x.b = slots[1]
      x.c = slots[2]
      steps.append((i, x))
    }
    let unreached = nodes.indices.filter { nodes[$0].isParameter && !written[$0] }
    return Plan(steps: steps, unreached: unreached)
  }
}
