// The value behind `p = power(W, …)`: a power iteration a user drives one step at a time
// (`step p`, `run p`, `plot p`). It wraps the core's `PowerIteration` (exact mode) or its
// `SpectralNormEstimator` (SN mode: one PyTorch-style update per step, u kept between steps) and
// records every step in one form for tables and plots.

import DenseMatrix

/// A power-iteration tracker held in a notebook variable.
///
/// It is a value: `step`/`run` mutate a copy that the command stores back, so an interrupted or
/// failing command never leaves it half-updated. When the matrix is small enough
/// (`exactElementLimit`), its singular values are computed once at creation so that each record
/// carries the true error and the predicted rate.
public struct PowerTracker: NotebookObject {
  /// Which iteration runs.
  public enum Mode: String, Sendable {
    /// Power iteration in the u–v form (v ← normalize(Wᵀu), u ← normalize(Wv)), with residuals
    /// and the predicted rate (σ₂/σ₁)^{4k} of the relative error of σ.
    case exact
    /// Spectral normalization's update: v = normalize(Wᵀu), u = normalize(Wv), σ = uᵀWv, with u
    /// persisted between steps, as in PyTorch's `spectral_norm` during training.
    case sn
  }

  /// The start vector.
  public enum Start: Sendable {
    /// All ones (fails when it is orthogonal to the top singular vector).
    case ones
    /// Standard normal entries from a seeded source.
    case random(seed: UInt64)
    /// A given vector: length n (exact mode, the v side) or m (SN mode, the u side).
    case vector([Double])
  }

  /// One step as shown to users; fields that a mode cannot supply are nil.
  public struct Record: Sendable, Equatable {
    /// Step number, from 1.
    public var k: Int
    /// The estimate σ_k.
    public var sigma: Double
    /// |σ_k − σ₁|/σ₁ when σ₁ is known.
    public var error: Double?
    /// The error the rate (σ₂/σ₁) predicts at step k (exact mode, when σ₁ and σ₂ are known).
    public var predicted: Double?
    /// ‖W v − σ u‖.
    public var residualLeft: Double
    /// ‖Wᵀ u − σ v‖.
    public var residualRight: Double
    /// |σ_k − σ_{k−1}|/σ_k, nil at k = 1.
    public var relativeChange: Double?

    /// A record with every field given (for tests and reports).
    public init(
      k: Int, sigma: Double, error: Double?, predicted: Double?, residualLeft: Double,
      residualRight: Double, relativeChange: Double?
    ) {
      self.k = k
      self.sigma = sigma
      self.error = error
      self.predicted = predicted
      self.residualLeft = residualLeft
      self.residualRight = residualRight
      self.relativeChange = relativeChange
    }
  }

  /// Matrices with at most this many elements get exact singular values at creation.
  public static let exactElementLimit = 1 << 16

  /// The mode.
  public let mode: Mode
  /// The matrix iterated on.
  public let matrix: Matrix
  /// All singular values, largest first, when the matrix is small enough.
  public let exactSingularValues: [Double]?
  /// Every step taken so far.
  public private(set) var records: [Record] = []
  private var iteration: PowerIteration?
  private var estimator: SpectralNormEstimator?

  /// σ₁ when known.
  public var exactSigma: Double? { exactSingularValues?.first }
  /// σ₂/σ₁ when known.
  public var rate: Double? {
    guard let s = exactSingularValues, s.count > 1, s[0] > 0 else { return nil }
    return s[1] / s[0]
  }
  /// The latest record.
  public var last: Record? { records.last }
  /// The current left and right vectors (after the last step).
  public var vectors: (u: [Double], v: [Double])? {
    if let estimator { return (estimator.u, estimator.v) }
    if let step = iteration?.last { return (step.u, step.v) }
    return nil
  }

  /// A tracker on `matrix`. Cost: an SVD when the matrix is small, else O(m + n).
  /// - Throws: a diagnostic for NaN/Inf entries, an empty matrix, a start vector of the wrong
  ///   length or a zero start vector.
  public init(matrix: Matrix, start: Start, mode: Mode) throws(Diagnostic) {
    guard matrix.isFinite else {
      throw Diagnostic("the matrix has NaN or Inf entries", notes: ["'power' needs finite entries"])
    }
    guard matrix.rows > 0, matrix.columns > 0 else {
      throw Diagnostic("power iteration needs a non-empty matrix, got \(matrix.shape)")
    }
    self.mode = mode
    self.matrix = matrix
    exactSingularValues =
      matrix.rows * matrix.columns <= PowerTracker.exactElementLimit
      ? try core(at: nil) { try matrix.singularValues() } : nil
    switch mode {
    case .exact:
      let coreStart: PowerStart
      switch start {
      case .ones: coreStart = .ones
      case .random(let seed): coreStart = .random(seed: seed)
      case .vector(let x): coreStart = .vector(x)
      }
      let singular = exactSingularValues
      iteration = try core(at: nil) {
        try PowerIteration(matrix: matrix, start: coreStart, exactSingularValues: singular)
      }
    case .sn:
      switch start {
      case .ones:
        estimator = SpectralNormEstimator(u: [Double](repeating: 1, count: matrix.rows))
      case .random(let seed):
        var rng = RandomSource(seed: seed)
        estimator = SpectralNormEstimator(rows: matrix.rows, columns: matrix.columns, using: &rng)
      case .vector(let u):
        guard u.count == matrix.rows else {
          throw Diagnostic(
            "the start vector has \(u.count) entries; SN mode needs u with \(matrix.rows) (the rows of W)")
        }
        guard u.contains(where: { $0 != 0 }) else { throw Diagnostic("the start vector is zero") }
        estimator = SpectralNormEstimator(u: u)
      }
    }
  }

  /// Takes one step and records it. Cost: O(mn).
  @discardableResult
  public mutating func step() throws(Diagnostic) -> Record {
    let k = records.count + 1
    let previous = records.last?.sigma
    var record: Record
    if var iteration {
      let s = iteration.step()
      self.iteration = iteration
      record = Record(
        k: k, sigma: s.sigma, error: s.error, predicted: s.predicted,
        residualLeft: s.residualLeft, residualRight: s.residualRight, relativeChange: s.relativeChange)
    } else if var estimator {
      let w = matrix
      let sigma = try core(at: nil) { try estimator.update(w) }
      self.estimator = estimator
      let (u, v) = (estimator.u, estimator.v)
      let wv = try core(at: nil) { try w.times(v) }
      let wtu = try core(at: nil) { try w.transposeTimes(u) }
      record = Record(
        k: k, sigma: sigma,
        error: exactSigma.flatMap { $0 > 0 ? abs(sigma - $0) / $0 : nil }, predicted: nil,
        residualLeft: Vector.norm(zip(wv, u).map { $0 - sigma * $1 }),
        residualRight: Vector.norm(zip(wtu, v).map { $0 - sigma * $1 }),
        relativeChange: previous.map { abs(sigma - $0) / abs(sigma) })
    } else {
      throw Diagnostic("the power tracker is not initialised")
    }
    records.append(record)
    return record
  }

  /// Takes up to `count` steps, stopping early when `isInterrupted` returns true.
  public mutating func step(_ count: Int, isInterrupted: () -> Bool = { false }) throws(Diagnostic)
    -> [Record]
  {
    var taken: [Record] = []
    for _ in 0..<count {
      if isInterrupted() { break }
      taken.append(try step())
    }
    return taken
  }

  /// Steps until `isConverged(_:tolerance:)` holds, `maxSteps` steps were taken, or
  /// `isInterrupted` returns true (checked before each step). Returns the steps taken.
  public mutating func run(tolerance: Double, maxSteps: Int, isInterrupted: () -> Bool = { false })
    throws(Diagnostic) -> [Record]
  {
    var taken: [Record] = []
    for _ in 0..<maxSteps {
      if isInterrupted() { break }
      let record = try step()
      taken.append(record)
      if PowerTracker.isConverged(record, tolerance: tolerance) { break }
    }
    return taken
  }

  /// The stopping rule of `run`, the core's `PowerIteration.run` rule, in both modes: after a
  /// step with k ≥ 2, relativeChange ≤ tolerance and max(residualLeft, residualRight) ≤
  /// sqrt(tolerance)·σ_k (σ's relative error is about the square of the angle to the singular
  /// vector, the residual over σ about the angle itself). Converging is not being right: a start
  /// orthogonal to v₁ converges to σ₂, a true singular pair, until rounding lets it escape.
  public static func isConverged(_ record: Record, tolerance: Double) -> Bool {
    record.k >= 2
      && PowerIteration.meetsStoppingRule(
      relativeChange: record.relativeChange,
      residual: max(record.residualLeft, record.residualRight), sigma: record.sigma,
      tolerance: tolerance)
  }

  /// SN mode's evaluation-time σ = uᵀWv with the stored u and v and no update (what a network
  /// in eval mode uses); nil in exact mode or before the first step.
  public func evaluationSigma() throws(Diagnostic) -> Double? {
    guard let estimator, !records.isEmpty else { return nil }
    let w = matrix
    return try core(at: nil) { try estimator.sigma(w) }
  }

  /// `power`.
  public var typeName: String { "power" }

  /// The matrix's entries (its vectors and records are small beside it).
  public var elementCount: Int { matrix.elements.count }

  /// `p.sigma`, `p.u`, `p.v` (the current estimate and singular vectors, as columns) and `p.k`
  /// (the steps taken).
  public var memberNames: [String] { ["sigma", "u", "v", "k"] }

  /// The member `name`; σ, u and v exist once a step was taken.
  public func member(_ name: String) throws(Diagnostic) -> Value {
    if name == "k" { return .number(Double(records.count)) }
    guard let last = records.last, let (u, v) = vectors else {
      throw Diagnostic(
        "the power tracker has taken no steps yet, so it has no \(name == "sigma" ? "σ" : name)",
        notes: ["'step p' takes one"])
    }
    switch name {
    case "sigma": return .number(last.sigma)
    case "u": return .matrix(Matrix(column: u))
    default: return .matrix(Matrix(column: v))
    }
  }

  /// `power iteration on 2×2, 3 steps, σ = 4, error 1e-09` (or `sn mode on …`, `no steps yet`).
  public func summary(_ format: NumberFormat) -> String {
    var text = "\(mode == .sn ? "sn mode" : "power iteration") on \(matrix.shape)"
    guard let last = records.last else { return text + ", no steps yet" }
    text += ", \(last.k) step\(last.k == 1 ? "" : "s"), σ = \(format.string(last.sigma))"
    if let error = last.error { text += ", error \(format.string(error))" }
    return text
  }
}
