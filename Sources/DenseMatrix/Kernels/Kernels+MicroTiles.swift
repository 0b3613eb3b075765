// The register tiles of the matrix product: each accumulates an mr×nr block of C in vector
// registers from a column-by-column sweep over op(A) (broadcast, any row and column stride) and
// a packed row-by-row sweep over op(B) (nr contiguous entries per step), then writes α·tile + β·C.
// Which tile runs is chosen from the register file (GemmBlocking): 14×16 fits the 32 512-bit
// registers of AVX-512 (28 accumulators), 6×8 the 16 256-bit registers of AVX2 (12) or the 32
// 128-bit registers of NEON (24); the others serve narrower machines and the tests.
//
// NOTE: every entry of the tile is its own accumulator lane, summed in order of p with one fused
// multiply-add per term, so the tile shape never changes a result: only the depth of the block
// does (see Kernels+MatrixProduct.swift). α·t + β·c is a separate multiply, multiply and add,
// the same in the vector store of a full tile and the scalar store of an edge tile.

/// A register tile of the packed matrix product.
protocol MicroTile {
  /// Rows of the tile (rows of op(A) broadcast per step).
  static var rows: Int { get }
  /// Columns of the tile (entries of packed op(B) per step), a multiple of 8.
  static var columns: Int { get }
  /// C[r, j] ← α·Σₚ a[r·rs + p·cs]·b[p·bs + j] + β·C[r, j] for r < mr, j < nr, p < kc
  /// (C is not read when β = 0). Reads `rows` rows of a (so a must hold them all, padded or
  /// not) and `columns` entries of b per step (bs = columns for a packed micro-panel, the row
  /// stride of op(B) in place); `scratch` holds rows·columns doubles.
  static func multiply(
    _ kc: Int, _ a: UnsafePointer<Double>, rs: Int, cs: Int, _ b: UnsafePointer<Double>, bs: Int,
    _ c: UnsafeMutablePointer<Double>, ldc: Int, mr: Int, nr: Int, alpha: Double, beta: Double,
    scratch: UnsafeMutablePointer<Double>)
}

extension Kernels {
  /// The tile heights available for `columns`-wide tiles, ascending.
  static func tileRows(_ columns: Int) -> [Int] { columns == 16 ? [8, 12, 14] : [4, 6] }
}

/// Two rows of a 16-column tile: four 8-wide accumulators.
struct TileRows16 {
  var a0 = V8(), a1 = V8(), b0 = V8(), b1 = V8()

  /// Adds s·(x, y) to the first row and t·(x, y) to the second.
  @inline(__always)
  mutating func add(_ s: Double, _ t: Double, _ x: V8, _ y: V8) {
    let u = V8(repeating: s), v = V8(repeating: t)
    a0 = a0.addingProduct(u, x)
    a1 = a1.addingProduct(u, y)
    b0 = b0.addingProduct(v, x)
    b1 = b1.addingProduct(v, y)
  }

  /// C rows 0 and 1 ← α·rows + β·C (C not read when β = 0).
  @inline(__always)
  func write(_ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ alpha: Double, _ beta: Double) {
    let va = V8(repeating: alpha), vb = V8(repeating: beta)
    let d = c + ldc
    if beta == 0 {
      c.store(0, va * a0); c.store(8, va * a1)
      d.store(0, va * b0); d.store(8, va * b1)
    } else {
      c.store(0, va * a0 + vb * c.v8(0)); c.store(8, va * a1 + vb * c.v8(8))
      d.store(0, va * b0 + vb * d.v8(0)); d.store(8, va * b1 + vb * d.v8(8))
    }
  }

  /// The two rows, unscaled, into t[0..<32].
  @inline(__always)
  func spill(_ t: UnsafeMutablePointer<Double>) {
    t.store(0, a0); t.store(8, a1); t.store(16, b0); t.store(24, b1)
  }
}

/// Two rows of an 8-column tile: two 8-wide accumulators.
struct TileRows8 {
  var a = V8(), b = V8()

  @inline(__always)
  mutating func add(_ s: Double, _ t: Double, _ x: V8) {
    a = a.addingProduct(V8(repeating: s), x)
    b = b.addingProduct(V8(repeating: t), x)
  }

  @inline(__always)
  func write(_ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ alpha: Double, _ beta: Double) {
    let va = V8(repeating: alpha), vb = V8(repeating: beta)
    let d = c + ldc
    if beta == 0 {
      c.store(0, va * a); d.store(0, va * b)
    } else {
      c.store(0, va * a + vb * c.v8(0)); d.store(0, va * b + vb * d.v8(0))
    }
  }

  @inline(__always)
  func spill(_ t: UnsafeMutablePointer<Double>) {
    t.store(0, a); t.store(8, b)
  }
}

extension Kernels {
  /// C[0..<mr, 0..<nr] ← α·tile + β·C for an edge tile spilled with row stride `columns`.
  @inline(__always)
  static func storeEdge(
    _ t: UnsafeMutablePointer<Double>, columns: Int, _ mr: Int, _ nr: Int, _ alpha: Double,
    _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    for r in 0 ..< mr {
      let tr = t + r * columns, cr = c + r * ldc
      if beta == 0 {
        for j in 0 ..< nr { cr[j] = alpha * tr[j] }
      } else {
        for j in 0 ..< nr { cr[j] = alpha * tr[j] + beta * cr[j] }
      }
    }
  }
}

/// 14×16: the AVX-512 tile (28 of the 32 registers accumulate).
enum Tile14x16: MicroTile {
  static var rows: Int { 14 }
  static var columns: Int { 16 }

  @inline(__always)
  static func multiply(
    _ kc: Int, _ a: UnsafePointer<Double>, rs: Int, cs: Int, _ b: UnsafePointer<Double>, bs: Int,
    _ c: UnsafeMutablePointer<Double>, ldc: Int, mr: Int, nr: Int, alpha: Double, beta: Double,
    scratch: UnsafeMutablePointer<Double>
  ) {
    var t0 = TileRows16(), t1 = TileRows16(), t2 = TileRows16(), t3 = TileRows16()
    var t4 = TileRows16(), t5 = TileRows16(), t6 = TileRows16()
    var pa = a, pb = b
    for _ in 0 ..< kc {
      let x = pb.v8(0), y = pb.v8(8)
      t0.add(pa[0], pa[rs], x, y)
      t1.add(pa[2 * rs], pa[3 * rs], x, y)
      t2.add(pa[4 * rs], pa[5 * rs], x, y)
      t3.add(pa[6 * rs], pa[7 * rs], x, y)
      t4.add(pa[8 * rs], pa[9 * rs], x, y)
      t5.add(pa[10 * rs], pa[11 * rs], x, y)
      t6.add(pa[12 * rs], pa[13 * rs], x, y)
      pa += cs
      pb += bs
    }
    if mr == 14 && nr == 16 {
      t0.write(c, ldc, alpha, beta); t1.write(c + 2 * ldc, ldc, alpha, beta)
      t2.write(c + 4 * ldc, ldc, alpha, beta); t3.write(c + 6 * ldc, ldc, alpha, beta)
      t4.write(c + 8 * ldc, ldc, alpha, beta); t5.write(c + 10 * ldc, ldc, alpha, beta)
      t6.write(c + 12 * ldc, ldc, alpha, beta)
    } else {
      t0.spill(scratch); t1.spill(scratch + 32); t2.spill(scratch + 64); t3.spill(scratch + 96)
      t4.spill(scratch + 128); t5.spill(scratch + 160); t6.spill(scratch + 192)
      Kernels.storeEdge(scratch, columns: 16, mr, nr, alpha, beta, c, ldc)
    }
  }
}

/// 12×16: AVX-512 with fewer accumulators (24 registers).
enum Tile12x16: MicroTile {
  static var rows: Int { 12 }
  static var columns: Int { 16 }

  @inline(__always)
  static func multiply(
    _ kc: Int, _ a: UnsafePointer<Double>, rs: Int, cs: Int, _ b: UnsafePointer<Double>, bs: Int,
    _ c: UnsafeMutablePointer<Double>, ldc: Int, mr: Int, nr: Int, alpha: Double, beta: Double,
    scratch: UnsafeMutablePointer<Double>
  ) {
    var t0 = TileRows16(), t1 = TileRows16(), t2 = TileRows16(), t3 = TileRows16()
    var t4 = TileRows16(), t5 = TileRows16()
    var pa = a, pb = b
    for _ in 0 ..< kc {
      let x = pb.v8(0), y = pb.v8(8)
      t0.add(pa[0], pa[rs], x, y)
      t1.add(pa[2 * rs], pa[3 * rs], x, y)
      t2.add(pa[4 * rs], pa[5 * rs], x, y)
      t3.add(pa[6 * rs], pa[7 * rs], x, y)
      t4.add(pa[8 * rs], pa[9 * rs], x, y)
      t5.add(pa[10 * rs], pa[11 * rs], x, y)
      pa += cs
      pb += bs
    }
    if mr == 12 && nr == 16 {
      t0.write(c, ldc, alpha, beta); t1.write(c + 2 * ldc, ldc, alpha, beta)
      t2.write(c + 4 * ldc, ldc, alpha, beta); t3.write(c + 6 * ldc, ldc, alpha, beta)
      t4.write(c + 8 * ldc, ldc, alpha, beta); t5.write(c + 10 * ldc, ldc, alpha, beta)
    } else {
      t0.spill(scratch); t1.spill(scratch + 32); t2.spill(scratch + 64); t3.spill(scratch + 96)
      t4.spill(scratch + 128); t5.spill(scratch + 160)
      Kernels.storeEdge(scratch, columns: 16, mr, nr, alpha, beta, c, ldc)
    }
  }
}

/// 8×16: the smallest 16-column tile (16 accumulators).
enum Tile8x16: MicroTile {
  static var rows: Int { 8 }
  static var columns: Int { 16 }

  @inline(__always)
  static func multiply(
    _ kc: Int, _ a: UnsafePointer<Double>, rs: Int, cs: Int, _ b: UnsafePointer<Double>, bs: Int,
    _ c: UnsafeMutablePointer<Double>, ldc: Int, mr: Int, nr: Int, alpha: Double, beta: Double,
    scratch: UnsafeMutablePointer<Double>
  ) {
    var t0 = TileRows16(), t1 = TileRows16(), t2 = TileRows16(), t3 = TileRows16()
    var pa = a, pb = b
    for _ in 0 ..< kc {
      let x = pb.v8(0), y = pb.v8(8)
      t0.add(pa[0], pa[rs], x, y)
      t1.add(pa[2 * rs], pa[3 * rs], x, y)
      t2.add(pa[4 * rs], pa[5 * rs], x, y)
      t3.add(pa[6 * rs], pa[7 * rs], x, y)
      pa += cs
      pb += bs
    }
    if mr == 8 && nr == 16 {
      t0.write(c, ldc, alpha, beta); t1.write(c + 2 * ldc, ldc, alpha, beta)
      t2.write(c + 4 * ldc, ldc, alpha, beta); t3.write(c + 6 * ldc, ldc, alpha, beta)
    } else {
      t0.spill(scratch); t1.spill(scratch + 32); t2.spill(scratch + 64); t3.spill(scratch + 96)
      Kernels.storeEdge(scratch, columns: 16, mr, nr, alpha, beta, c, ldc)
    }
  }
}

/// 6×8: the AVX2 and NEON tile (12 accumulators of two or four registers' width).
enum Tile6x8: MicroTile {
  static var rows: Int { 6 }
  static var columns: Int { 8 }

  @inline(__always)
  static func multiply(
    _ kc: Int, _ a: UnsafePointer<Double>, rs: Int, cs: Int, _ b: UnsafePointer<Double>, bs: Int,
    _ c: UnsafeMutablePointer<Double>, ldc: Int, mr: Int, nr: Int, alpha: Double, beta: Double,
    scratch: UnsafeMutablePointer<Double>
  ) {
    var t0 = TileRows8(), t1 = TileRows8(), t2 = TileRows8()
    var pa = a, pb = b
    for _ in 0 ..< kc {
      let x = pb.v8(0)
      t0.add(pa[0], pa[rs], x)
      t1.add(pa[2 * rs], pa[3 * rs], x)
      t2.add(pa[4 * rs], pa[5 * rs], x)
      pa += cs
      pb += bs
    }
    if mr == 6 && nr == 8 {
      t0.write(c, ldc, alpha, beta); t1.write(c + 2 * ldc, ldc, alpha, beta)
      t2.write(c + 4 * ldc, ldc, alpha, beta)
    } else {
      t0.spill(scratch); t1.spill(scratch + 16); t2.spill(scratch + 32)
      Kernels.storeEdge(scratch, columns: 8, mr, nr, alpha, beta, c, ldc)
    }
  }
}

/// 4×8: SSE2 (16 registers of two doubles).
enum Tile4x8: MicroTile {
  static var rows: Int { 4 }
  static var columns: Int { 8 }

  @inline(__always)
  static func multiply(
    _ kc: Int, _ a: UnsafePointer<Double>, rs: Int, cs: Int, _ b: UnsafePointer<Double>, bs: Int,
    _ c: UnsafeMutablePointer<Double>, ldc: Int, mr: Int, nr: Int, alpha: Double, beta: Double,
    scratch: UnsafeMutablePointer<Double>
  ) {
    var t0 = TileRows8(), t1 = TileRows8()
    var pa = a, pb = b
    for _ in 0 ..< kc {
      let x = pb.v8(0)
      t0.add(pa[0], pa[rs], x)
      t1.add(pa[2 * rs], pa[3 * rs], x)
      pa += cs
      pb += bs
    }
    if mr == 4 && nr == 8 {
      t0.write(c, ldc, alpha, beta); t1.write(c + 2 * ldc, ldc, alpha, beta)
    } else {
      t0.spill(scratch); t1.spill(scratch + 16)
      Kernels.storeEdge(scratch, columns: 8, mr, nr, alpha, beta, c, ldc)
    }
  }
}
