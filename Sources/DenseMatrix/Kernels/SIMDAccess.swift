// Unaligned 8-wide loads and stores on Double buffers: the only way the kernels touch SIMD
// registers, so that every kernel reads like the scalar loop it replaces.

/// Eight doubles: one AVX-512 register, two AVX registers or four SSE registers.
typealias V8 = SIMD8<Double>

extension UnsafePointer where Pointee == Double {
  /// The eight entries starting at `self[i]`, with no alignment requirement.
  @inline(__always)
  func v8(_ i: Int) -> V8 {
    UnsafeRawPointer(self + i).loadUnaligned(as: V8.self)
  }
}

extension UnsafeMutablePointer where Pointee == Double {
  /// The eight entries starting at `self[i]`, with no alignment requirement.
  @inline(__always)
  func v8(_ i: Int) -> V8 {
    UnsafeRawPointer(self + i).loadUnaligned(as: V8.self)
  }

  /// Writes `v` to the eight entries starting at `self[i]`, with no alignment requirement.
  @inline(__always)
  func store(_ i: Int, _ v: V8) {
    UnsafeMutableRawPointer(self + i).storeBytes(of: v, as: V8.self)
  }
}
