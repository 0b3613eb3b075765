// Cooperative interruption of long dense computations (an SVD of a large matrix, a big product,
// a random orthogonal factor): a check a caller installs for the duration of a call, polled by
// the computation at points a few milliseconds apart. The notebook installs Ctrl-C's flag here.

/// The interruption check of the current task (or thread, outside any task).
public enum Interruption {
  /// Returns true when the computation in progress should stop. Installed with
  /// `Interruption.$isRequested.withValue(check) { … }`; by default never.
  @TaskLocal public static var isRequested: @Sendable () -> Bool = { false }

  /// Throws `MatrixError.interrupted` when `isRequested` returns true. O(1) plus the check.
  static func checkpoint() throws {
    if isRequested() { throw MatrixError.interrupted }
  }
}
