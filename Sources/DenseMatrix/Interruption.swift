// Cooperative interruption of long dense computations (an SVD of a large matrix, a big product,
// a random orthogonal factor): a check a caller installs on its thread for the duration of a
// call, polled by the computation at points a few milliseconds apart. The notebook installs
// Ctrl-C's flag here.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The interruption check of the current thread.
///
/// NOTE: a thread-specific slot rather than a `@TaskLocal`: liplab runs synchronously, and the
/// task-local fallback outside any task crashes in statically linked release builds.
public enum Interruption {
  /// Runs `body` with `check` as the current thread's interruption check (restoring the
  /// previous one afterwards). Long computations inside poll it and throw
  /// `MatrixError.interrupted` when it returns true.
  public static func withCheck<T, E: Error>(
    _ check: @escaping @Sendable () -> Bool, _ body: () throws(E) -> T
  ) throws(E) -> T {
    let previous = pthread_getspecific(slot)
    let installed = Unmanaged.passRetained(Check(check))
    pthread_setspecific(slot, installed.toOpaque())
    defer {
      pthread_setspecific(slot, previous)
      installed.release()
    }
    return try body()
  }

  /// Whether the current thread's check asks to stop (false when none is installed).
  public static var isRequested: Bool {
    guard let raw = pthread_getspecific(slot) else { return false }
    return Unmanaged<Check>.fromOpaque(raw).takeUnretainedValue().isRequested()
  }

  /// Throws `MatrixError.interrupted` when `isRequested`. O(1) plus the check.
  static func checkpoint() throws {
    if isRequested { throw MatrixError.interrupted }
  }

  /// The slot's key, created once per process (immutable afterwards).
  private static let slot: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
  }()

  /// A check held in the slot.
  private final class Check {
    let isRequested: @Sendable () -> Bool
    init(_ isRequested: @escaping @Sendable () -> Bool) { self.isRequested = isRequested }
  }
}
