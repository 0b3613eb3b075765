// Splitting kernel work into parts and running the parts on a few threads. The parts are a
// function of the shape (and of the requested thread count only where every part computes
// independent outputs), so splitting never changes a result.

import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A pointer the kernels hand to their worker threads; each thread touches a disjoint range.
struct SendablePointer: @unchecked Sendable {
  let base: UnsafePointer<Double>
  init(_ base: UnsafePointer<Double>) { self.base = base }
}

/// A mutable pointer the kernels hand to their worker threads; each thread writes a disjoint range.
struct SendableMutablePointer: @unchecked Sendable {
  let base: UnsafeMutablePointer<Double>
  init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}

extension Kernels {
  /// The threads the iterative methods (power iteration, Lanczos) hand to the kernels: the
  /// machine's online cores, at most 2. Results do not depend on it: the kernels split work by
  /// shape, never by thread count, and small products stay on one thread (`parallelThreshold`).
  public static let iterationThreads: Int = {
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    return Swift.max(1, Swift.min(2, cores))
  }()

  /// How many parts to cut independent work into: `threads` (at least 1, at most `maxParts`)
  /// when the work is large enough to pay for waking threads, else 1.
  static func partCount(threads: Int, work: Int, maxParts: Int) -> Int {
    guard threads > 1, work >= parallelThreshold else { return 1 }
    return Swift.max(1, Swift.min(threads, maxParts))
  }

  /// The half-open range of part `part` when 0..<count is cut into `parts` nearly equal pieces
  /// whose inner boundaries are multiples of `multipleOf`.
  static func split(_ count: Int, into parts: Int, part: Int, multipleOf q: Int) -> (Int, Int) {
    func boundary(_ k: Int) -> Int {
      if k >= parts { return count }
      return Swift.min(count, (count * k / parts) / q * q)
    }
    return (boundary(part), boundary(part + 1))
  }

  /// Calls `body(p)` for every part p in 0..<parts, on up to `threads` threads (thread t takes
  /// parts t, t + threads, …). Returns when all parts are done.
  static func forEachPart(_ parts: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    let workers = Swift.min(Swift.max(threads, 1), parts)
    if workers <= 1 {
      for p in 0 ..< parts { body(p) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { t in
      var p = t
      while p < parts {
        body(p)
        p += workers
      }
    }
  }
}
