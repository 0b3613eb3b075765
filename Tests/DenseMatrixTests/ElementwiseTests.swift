// Broadcasting, reductions, matrix powers, selection and element-wise functions against plain
// loops and closed forms; every user-sized fill answers an interruption between chunks.

import Foundation
import Testing

@testable import DenseMatrix

@Suite struct ElementwiseTests {
  @Test func broadcastShapesFollowNumPysRule() {
    #expect(Broadcast.shape([2, 3], [2, 3]) == [2, 3])
    #expect(Broadcast.shape([2, 3], [1, 3]) == [2, 3])
    #expect(Broadcast.shape([2, 1], [1, 3]) == [2, 3])
    #expect(Broadcast.shape([1, 1], [4, 5]) == [4, 5])
    #expect(Broadcast.shape([8, 4, 5, 5], [4, 1, 1]) == [8, 4, 5, 5])
    #expect(Broadcast.shape([2, 3], [3, 2]) == nil)
    #expect(Broadcast.shape([2, 3], [2]) == nil)
    #expect(Broadcast.strides(of: [1, 3], in: [2, 3]) == [0, 1])
    #expect(Broadcast.strides(of: [2, 1], in: [2, 3]) == [1, 0])
    #expect(Broadcast.strides(of: [4, 1, 1], in: [8, 4, 5, 5]) == [0, 1, 0, 0])
  }

  @Test func broadcastArithmeticMatchesPlainLoops() throws {
    let w = try gaussian(5, 4, seed: 1)
    let row = try gaussian(1, 4, seed: 2)
    let column = try gaussian(5, 1, seed: 3)
    let sum = try w + row
    let difference = try w - column
    let outer = try column.hadamard(row)
    for i in 0 ..< 5 {
      for j in 0 ..< 4 {
        #expect(sum[i, j] == w[i, j] + row[0, j])
        #expect(difference[i, j] == w[i, j] - column[i, 0])
        #expect(outer[i, j] == column[i, 0] * row[0, j])
      }
    }
    #expect(throws: MatrixError.shapeMismatch(op: "+", lhs: Shape(5, 4), rhs: Shape(4, 5))) {
      try w + w.transposed()
    }
    // The broadcast result is checked against the limit before it is allocated.
    #expect(throws: MatrixError.tooLarge(rows: 5, columns: 4, limit: 10)) {
      try column.elementwise(row, op: "+", limit: 10, +)
    }
  }

  @Test func reductionsMatchHandComputedValues() throws {
    let w = try Matrix([[1, -2, 3], [4, 5, -6]])
    #expect(try w.reduced(.sum).elements == [5])
    #expect(try w.reduced(.mean).elements == [5.0 / 6])
    #expect(try w.reduced(.max).elements == [5])
    #expect(try w.reduced(.min).elements == [-6])
    #expect(try w.reduced(.sum, along: 1) == Matrix([[5, 3, -3]]))
    #expect(try w.reduced(.sum, along: 2) == Matrix(column: [2, 3]))
    #expect(try w.reduced(.mean, along: 2) == Matrix(column: [2.0 / 3, 1]))
    #expect(try w.reduced(.max, along: 1) == Matrix([[4, 5, 3]]))
    #expect(try w.reduced(.min, along: 2) == Matrix(column: [-2, -6]))
    // The mean does not overflow where the sum does; NaN propagates through max and min.
    #expect(try Matrix([[1e308, 1e308]]).reduced(.mean).elements == [1e308])
    #expect(try Matrix([[1, .nan, 3]]).reduced(.max).elements[0].isNaN)
    #expect(try Matrix([[.nan, 1]]).reduced(.min).elements[0].isNaN)
    #expect(try Matrix(rows: 0, columns: 3).reduced(.sum).elements == [0])
    #expect(throws: MatrixError.self) { try Matrix(rows: 0, columns: 3).reduced(.max) }
    #expect(throws: MatrixError.self) { try w.reduced(.sum, along: 3) }
  }

  @Test func matrixPowersEqualRepeatedProducts() throws {
    let w = try gaussian(6, 6, seed: 4)
    var product = try Matrix.eye(6)
    for k in 0 ... 9 {
      #expect(try w.raised(to: k).isApproximatelyEqual(to: product, relative: 1e-12, absolute: 1e-12))
      product = try product * w
    }
    // [[1, 1], [1, 0]]^n holds Fibonacci numbers: F(31) = 1346269.
    #expect(try Matrix([[1, 1], [1, 0]]).raised(to: 30)[0, 0] == 1_346_269)
    #expect(throws: MatrixError.self) { try Matrix(rows: 2, columns: 3).raised(to: 2) }
    #expect(throws: MatrixError.self) { try w.raised(to: -1) }
  }

  @Test func selectionPicksRowsAndColumnsInOrder() throws {
    let w = try Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    #expect(try w.selecting(rows: [2, 0], columns: [1]) == Matrix(column: [8, 2]))
    #expect(try w.selecting(rows: [1], columns: [0, 1, 2, 2]) == Matrix([[4, 5, 6, 6]]))
    #expect(throws: MatrixError.self) { try w.selecting(rows: [3], columns: [0]) }
  }

  @Test(arguments: ElementwiseFunction.allCases)
  func elementwiseFunctionsMatchTheCLibrary(f: ElementwiseFunction) throws {
    let x = try Matrix([[0.1, 0.5, 1, 2.5, 30]])
    let reference: (Double) -> Double
    switch f {
    case .abs: reference = { Foundation.fabs($0) }
    case .sqrt: reference = { Foundation.sqrt($0) }
    case .exp: reference = { Foundation.exp($0) }
    case .log: reference = { Foundation.log($0) }
    case .sin: reference = { Foundation.sin($0) }
    case .cos: reference = { Foundation.cos($0) }
    case .tanh: reference = { t in (Foundation.exp(2 * t) - 1) / (Foundation.exp(2 * t) + 1) }
    }
    let y = try x.applying(f)
    for (a, b) in zip(y.elements, x.elements.map(reference)) {
      #expect(Swift.abs(a - b) <= 4e-16 * Swift.max(1, Swift.abs(b)), "\(f)")
    }
    #expect(ElementwiseFunction.sqrt(-1).isNaN && ElementwiseFunction.log(0) == -.infinity)
  }

  @Test func largeConstructorsPollInterruptionEveryChunk() throws {
    let n = 700  // 490000 entries: 8 chunks of 2¹⁶
    let polls = Polls()
    let h = try Interruption.withCheck({ polls.count() }) { try Matrix.hilbert(n) }
    #expect(polls.value == (n * n + Matrix.checkpointInterval - 1) / Matrix.checkpointInterval)
    #expect(h[3, 4] == 1.0 / 8)
    var rng = RandomSource(seed: 1)
    let builders: [(inout RandomSource) throws -> Matrix] = [
      { _ in try Matrix.hilbert(n) }, { _ in try Matrix.zeros(n, n) }, { _ in try Matrix.ones(n, n) },
      { _ in try Matrix.eye(n) }, { _ in try Matrix.diag([Double](repeating: 2, count: n), limit: 1 << 28) },
      { _ in try Matrix.linspace(0, 1, count: n * n) }, { try Matrix.rand(n, n, using: &$0) },
      { try Matrix.randn(n, n, using: &$0) },
    ]
    for build in builders {
      let stop = Polls(stopAfter: 3)
      #expect(throws: MatrixError.interrupted) {
        try Interruption.withCheck({ stop.count() }) { try build(&rng) }
      }
      #expect(stop.value == 4)
    }
  }

  @Test func constructorsKeepTheirValues() throws {
    #expect(try Matrix.eye(3) == Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    #expect(try Matrix.diag([2, 3], limit: 10) == Matrix([[2, 0], [0, 3]]))
    #expect(try Matrix.hilbert(2) == Matrix([[1, 0.5], [0.5, 1.0 / 3]]))
    #expect(try Matrix.linspace(0, 1, count: 5).elements == [0, 0.25, 0.5, 0.75, 1])
    var a = RandomSource(seed: 9), b = RandomSource(seed: 9)
    #expect(try Matrix.randn(3, 2, using: &a).elements == (0 ..< 6).map { _ in b.normal() })
  }
}

/// Counts the polls of an interruption check, asking to stop after `stopAfter` of them.
private final class Polls: @unchecked Sendable {
  private(set) var value = 0
  private let limit: Int
  init(stopAfter limit: Int = .max) { self.limit = limit }
  func count() -> Bool {
    value += 1
    return value > limit
  }
}
