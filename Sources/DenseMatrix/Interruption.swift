// Cooperative interruption of long dense computations (an SVD of a large matrix, a big product,
// a random orthogonal factor): a check a caller installs on its thread for the duration of a
// call, polled by the computation at points a few milliseconds apart. The notebook installs
// Ctrl-C's flag here, and a progress sink that draws a bar at a terminal.
//
// The contract, in one place:
// - A long computation calls `checkpoint()` (or `checkpoint(progress:)` where it knows how far it
//   is) every few milliseconds; it throws `MatrixError.interrupted` when the check asks to stop.
// - A computation that throws `interrupted` returns nothing partial: the caller's state is as
//   before the call (a tracker or critic that steps in place saves its state between steps).
// - Progress is advisory: a fraction in 0…1, reported at most as often as the checkpoints run,
//   never part of a result.

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
  /// `progress`, when given, receives the fractions that `checkpoint(progress:)` reports.
  public static func withCheck<T, E: Error>(
    _ check: @escaping @Sendable () -> Bool,
    progress: (@Sendable (Double) -> Void)? = nil,
    _ body: () throws(E) -> T
  ) throws(E) -> T {
    let previous = pthread_getspecific(slot)
    let installed = Unmanaged.passRetained(Check(check, progress: progress))
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
  @usableFromInline
  static func checkpoint() throws {
    if isRequested { throw MatrixError.interrupted }
  }

  /// Reports that the running computation is `fraction` (0…1) done to the installed progress
  /// sink, then throws `MatrixError.interrupted` when `isRequested`. O(1) plus the sink.
  public static func checkpoint(progress fraction: Double) throws {
    if let raw = pthread_getspecific(slot) {
      let check = Unmanaged<Check>.fromOpaque(raw).takeUnretainedValue()
      check.progress?(Swift.min(1, Swift.max(0, fraction)))
      if check.isRequested() { throw MatrixError.interrupted }
    }
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
    let progress: (@Sendable (Double) -> Void)?
    init(_ isRequested: @escaping @Sendable () -> Bool, progress: (@Sendable (Double) -> Void)?) {
      self.isRequested = isRequested
      self.progress = progress
    }
  }
}
