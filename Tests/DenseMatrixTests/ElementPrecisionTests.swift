// `Matrix.precision`: the ε of single-precision entries sets rank's default tolerance and the
// rounding level; operations that keep the entries keep it, arithmetic gives double, and == does
// not look at it.

import DenseMatrix
import Testing

/// u vᵀ with every entry rounded to Float, marked (or not) as single precision.
private func float32RankOne(_ precision: ElementPrecision) -> Matrix {
  var rng = RandomSource(seed: 11)
  let u = (0 ..< 10).map { _ in rng.normal() }, v = (0 ..< 10).map { _ in rng.normal() }
  var w = Matrix(rows: 10, columns: 10)
  for i in 0 ..< 10 { for j in 0 ..< 10 { w[i, j] = Double(Float(u[i] * v[j])) } }
  w.precision = precision
  return w
}

@Test func singlePrecisionRankUsesFloat32Epsilon() throws {
  let single = float32RankOne(.single), double = float32RankOne(.double)
  // Independent check: the tolerance written out with float32's ε, as in
  // float32RoundingNeedsFloat32Epsilon, and the double default of the same entries.
  let sigma1 = try single.singularValues(method: .jacobi)[0]
  #expect(try single.rank() == 1)
  #expect(try single.rank(tolerance: 10 * 0x1p-23 * sigma1) == 1)
  #expect(try double.rank() == 10)
  #expect(ElementPrecision.single.epsilon == 0x1p-23 && ElementPrecision.double.epsilon == 0x1p-52)
  #expect(try single.condition().isNumericallySingular)
  // An explicit tolerance is used as given, whatever the precision.
  #expect(try single.rank(tolerance: 0) == 10)
}

@Test func operationsThatKeepEntriesKeepThePrecision() throws {
  let w = float32RankOne(.single)
  #expect(w.transposed().precision == .single)
  #expect(try w.selecting(rows: [0, 2], columns: [1, 3, 5]).precision == .single)
  let copy = w
  #expect(copy.precision == .single)
  #expect(try (w + w).precision == .double)
  #expect(try (w * w).precision == .double)
  #expect((w * 2).precision == .double)
  #expect(w.map { $0 }.precision == .double)
  #expect(try w.elementwise(w, op: ".*", *).precision == .double)
  #expect(try w.raised(to: 1).precision == .double)
  #expect(Matrix(rows: 2, columns: 2).precision == .double)
}

@Test func precisionTakesNoPartInEquality() {
  let single = float32RankOne(.single), double = float32RankOne(.double)
  #expect(single == double)
  var other = double
  other[0, 0] += 1
  #expect(other != single)
}
