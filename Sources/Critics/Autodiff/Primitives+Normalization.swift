// The primitives batch and layer normalization are built from: centring along an axis, the
// inverse root mean square 1/sqrt(mean c² + ε) along it, the mean along it and the product with a
// broadcast row or column. BatchNorm takes its statistics down each column (over the batch),
// LayerNorm along each row (over the features of one sample); each forward rule sits beside its
// backward rule, so the tangent of a normalized layer, and hence the gradient penalty through
// it, is an ordinary graph of these primitives.

import DenseMatrix

/// The direction statistics are taken in for an m×n batch (samples in rows, features in columns).
public enum StatisticsAxis: Sendable, Equatable {
  /// Down each column, over the m samples: one statistic per feature, a 1×n row (BatchNorm).
  case overSamples
  /// Along each row, over the n features: one statistic per sample, an m×1 column (LayerNorm).
  case overFeatures

  /// The shape of one statistic per line for an m×n input.
  func statisticShape(rows: Int, columns: Int) -> (rows: Int, columns: Int) {
    self == .overSamples ? (1, columns) : (rows, 1)
  }

  /// How many entries each statistic averages.
  func count(rows: Int, columns: Int) -> Int { self == .overSamples ? rows : columns }
}

/// The position of entry (i, j) of an m×n matrix in its statistic (j over samples, i over features).
@inline(__always)
private func line(_ axis: StatisticsAxis, _ i: Int, _ j: Int) -> Int {
  axis == .overSamples ? j : i
}

/// y = x − mean(x) along the axis (same shape). Its derivative is the same centring, a
/// symmetric projection: ∂L/∂x = g − mean(g) along the axis.
struct Center: Primitive {
  let axis: StatisticsAxis
  var name: String { "center" }
  func forward(_ x: Operands, _ y: Slot) {
    center(x.a.value, into: y.value, rows: y.rows, columns: y.columns, overwrite: true)
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    center(gy, into: ga, rows: y.rows, columns: y.columns, overwrite: x.a.overwrite)
  }
  private func center(
    _ a: UnsafeMutablePointer<Double>, into b: UnsafeMutablePointer<Double>, rows: Int,
    columns: Int, overwrite: Bool
  ) {
    let n = axis.count(rows: rows, columns: columns)
    for k in 0 ..< (axis == .overSamples ? columns : rows) {
      var s = 0.0
      for p in 0 ..< n { s += a[axis == .overSamples ? p * columns + k : k * columns + p] }
      let mean = s / Double(n)
      for p in 0 ..< n {
        let i = axis == .overSamples ? p * columns + k : k * columns + p
        if overwrite { b[i] = a[i] - mean } else { b[i] += a[i] - mean }
      }
    }
  }
}

/// y_line = mean of f(a_ij) over the entries of each line of `axis`.
@inline(__always)
private func lineMeans(_ axis: StatisticsAxis, _ a: Slot, into y: Slot, _ f: (Double) -> Double) {
  let (m, n) = (a.rows, a.columns)
  for k in 0 ..< y.count { y.value[k] = 0 }
  for i in 0 ..< m { for j in 0 ..< n { y.value[line(axis, i, j)] += f(a.value[i * n + j]) } }
  let count = Double(axis.count(rows: m, columns: n))
  for k in 0 ..< y.count { y.value[k] /= count }
}

/// Writes (or adds, as `a.overwrite` says) `body(i, j)` into every entry of a's gradient.
@inline(__always)
private func emitEntries(_ a: Slot, _ ga: UnsafeMutablePointer<Double>, _ body: (Int, Int) -> Double) {
  let n = a.columns
  for i in 0 ..< a.rows {
    for j in 0 ..< n {
      if a.overwrite { ga[i * n + j] = body(i, j) } else { ga[i * n + j] += body(i, j) }
    }
  }
}

/// r = 1/sqrt(mean(c²) + ε) along the axis: 1/sqrt(σ² + ε) for a centred c, with the biased
/// variance σ² (PyTorch's normalisation). ∂L/∂c_p = −g · r³ · c_p / n for each line of n entries.
struct InverseRootMeanSquare: Primitive {
  let axis: StatisticsAxis
  let epsilon: Double
  var name: String { "inverse-rms" }
  func forward(_ x: Operands, _ y: Slot) {
    lineMeans(axis, x.a, into: y) { $0 * $0 }
    for k in 0 ..< y.count { y.value[k] = 1 / (y.value[k] + epsilon).squareRoot() }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    let (m, n) = (x.a.rows, x.a.columns)
    let count = Double(axis.count(rows: m, columns: n))
    emitEntries(x.a, ga) { i, j in
      let k = line(axis, i, j)
      let r = y.value[k]
      return -gy[k] * r * r * r * x.a.value[i * n + j] / count
    }
  }
}

/// The mean along the axis: a 1×n row (over samples) or an m×1 column (over features).
/// ∂L/∂x_ij = g_line / count.
struct AxisMean: Primitive {
  let axis: StatisticsAxis
  var name: String { "axis-mean" }
  func forward(_ x: Operands, _ y: Slot) { lineMeans(axis, x.a, into: y) { $0 } }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    let count = Double(axis.count(rows: x.a.rows, columns: x.a.columns))
    emitEntries(x.a, ga) { i, j in gy[line(axis, i, j)] / count }
  }
}

/// y_ij = a_ij · b_line: b a 1×n row (`.overSamples`, one factor per feature) or an m×1 column
/// (`.overFeatures`, one factor per sample). ∂L/∂a = g ⊙ b, ∂L/∂b_line = Σ g ⊙ a along the line.
struct BroadcastMultiply: Primitive {
  let axis: StatisticsAxis
  var name: String { "broadcast-multiply" }
  func forward(_ x: Operands, _ y: Slot) {
    let n = y.columns
    for i in 0 ..< y.rows {
      for j in 0 ..< n { y.value[i * n + j] = x.a.value[i * n + j] * x.b.value[line(axis, i, j)] }
    }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient else { return }
    let n = y.columns
    if let ga = x.a.gradient {
      emitEntries(x.a, ga) { i, j in gy[i * n + j] * x.b.value[line(axis, i, j)] }
    }
    if let gb = x.b.gradient {
      if x.b.overwrite { for k in 0 ..< x.b.count { gb[k] = 0 } }
      for i in 0 ..< y.rows {
        for j in 0 ..< n { gb[line(axis, i, j)] += gy[i * n + j] * x.a.value[i * n + j] }
      }
    }
  }
}

/// Weight normalization with g = 1: each row of v divided by its norm, y_i = v_i/‖v_i‖.
/// ∂L/∂v_i = (g_i − y_i ⟨g_i, y_i⟩)/‖v_i‖, the gradient projected off the row (Salimans &
/// Kingma 2016, eq. 4). NOTE: a zero row is divided by max(‖v_i‖, 1e-12).
struct RowNormalize: Primitive {
  var name: String { "row-normalize" }
  func forward(_ x: Operands, _ y: Slot) {
    let n = y.columns
    for i in 0 ..< y.rows {
      var s = 0.0
      for j in 0 ..< n { s += x.a.value[i * n + j] * x.a.value[i * n + j] }
      let r = 1 / max(s.squareRoot(), 1e-12)
      for j in 0 ..< n { y.value[i * n + j] = x.a.value[i * n + j] * r }
    }
  }
  func backward(_ x: Operands, _ y: Slot) {
    guard let gy = y.gradient, let ga = x.a.gradient else { return }
    let n = y.columns
    for i in 0 ..< y.rows {
      var s = 0.0, inner = 0.0
      for j in 0 ..< n {
        s += x.a.value[i * n + j] * x.a.value[i * n + j]
        inner += gy[i * n + j] * y.value[i * n + j]
      }
      let r = 1 / max(s.squareRoot(), 1e-12)
      for j in 0 ..< n {
        let d = (gy[i * n + j] - y.value[i * n + j] * inner) * r
        if x.a.overwrite { ga[i * n + j] = d } else { ga[i * n + j] += d }
      }
    }
  }
}
