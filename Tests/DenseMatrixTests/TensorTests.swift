// The tensor value: shapes checked before allocation, row-major offsets, reshape, and the
// matrix it is at rank 1 and 2.

import DenseMatrix
import Testing

@Suite struct TensorTests {
  @Test func offsetsAreRowMajor() throws {
    let shape = [2, 3, 4, 5]
    let t = try Tensor(shape: shape, elements: (0 ..< 120).map(Double.init))
    #expect(t.strides == [60, 20, 5, 1])
    for i in 0 ..< 2 {
      for j in 0 ..< 3 {
        for k in 0 ..< 4 {
          for l in 0 ..< 5 { #expect(t[[i, j, k, l]] == Double(60 * i + 20 * j + 5 * k + l)) }
        }
      }
    }
  }

  @Test func shapesAreCheckedBeforeAllocating() {
    #expect(throws: MatrixError.invalidArgument("a tensor has 1 to 4 dimensions, not 5")) {
      try Tensor.checkedCount([1, 1, 1, 1, 1], limit: 10)
    }
    #expect(throws: MatrixError.invalidArgument("dimension 2 of a tensor must be at least 1, got 0")) {
      try Tensor.checkedCount([3, 0, 2], limit: 10)
    }
    #expect(throws: MatrixError.tensorTooLarge(shape: [4, 4, 4], limit: 63)) {
      try Tensor.checkedCount([4, 4, 4], limit: 63)
    }
    #expect(throws: MatrixError.tensorTooLarge(shape: [1 << 40, 1 << 40], limit: .max)) {
      try Tensor.checkedCount([1 << 40, 1 << 40], limit: .max)
    }
    #expect((try? Tensor.checkedCount([4, 4, 4], limit: 64)) == 64)
    #expect(throws: MatrixError.invalidArgument("a 2×3 tensor needs 6 entries, got 5")) {
      try Tensor(shape: [2, 3], elements: [1, 2, 3, 4, 5])
    }
  }

  @Test func reshapeKeepsTheOrderAndThePrecision() throws {
    var t = try Tensor(shape: [2, 6], elements: (0 ..< 12).map(Double.init))
    t.precision = .single
    let r = try t.reshaped([3, 2, 2])
    #expect(r.shape == [3, 2, 2])
    #expect(r.elements == t.elements)
    #expect(r.precision == .single)
    #expect(r[[2, 1, 0]] == 10)
    #expect(throws: MatrixError.invalidArgument("cannot reshape a 2×6 tensor (12 entries) to 5×2 (10 entries)")) {
      try t.reshaped([5, 2])
    }
  }

  @Test func rankOneAndTwoAreMatrices() throws {
    var m = try Matrix([[1, 2, 3], [4, 5, 6]])
    m.precision = .single
    let t = Tensor(m)
    #expect(t.shape == [2, 3])
    #expect(t.matrix == m)
    #expect(t.matrix?.precision == .single)
    let column = try Tensor(shape: [3], elements: [7, 8, 9]).matrix
    #expect(column == (try Matrix([[7], [8], [9]])))
    #expect(try Tensor(shape: [1, 2, 3], elements: Array(repeating: 0, count: 6)).matrix == nil)
  }
}
