// Helpers shared by the Critics tests: seeded random matrices and a gradient check of one tape.

import DenseMatrix
import Testing

@testable import Critics

/// A seeded m×n matrix with entries in ±[away, 1) (kept away from 0 so kinks are not hit).
func randomMatrix(_ m: Int, _ n: Int, seed: UInt64, away: Double = 0) -> Matrix {
  var rng = RandomSource(seed: seed)
  var w = Matrix(rows: m, columns: n)
  for i in w.elements.indices {
    let magnitude = away + (1 - away) * rng.uniform()
    w.elements[i] = rng.uniform() < 0.5 ? -magnitude : magnitude
  }
  return w
}

/// Records `build(tape, parameters)`, projects its output on a fixed random matrix R
/// (L = Σ R ⊙ y) and returns the worst relative error of the reverse-mode gradient against
/// central differences, over every entry of every parameter.
func worstGradientError(
  _ inputs: [Matrix], seed: UInt64 = 1, _ build: (Tape, [Variable]) throws -> Variable
) throws -> Double {
  let tape = Tape()
  let params = inputs.map { tape.parameter($0) }
  let y = try build(tape, params)
  let shape = tape.shape(y)
  let r = tape.constant(randomMatrix(shape.rows, shape.columns, seed: seed &+ 99, away: 0.1))
  let loss = tape.sum(try tape.multiply(y, r))
  let checks = try GradientCheck.check(
    tape, loss: loss, parameters: params, names: params.map { "x\($0.index)" },
    entriesPerParameter: 10_000, step: 1e-5, seed: seed)
  return checks.map(\.relativeError).max() ?? 0
}
