// Where the prompt keeps its history across runs, by the XDG base-directory rules.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The history file's place.
public enum HistoryLocation {
  /// `$XDG_STATE_HOME/liplab/history` when that is an absolute path, else
  /// `$HOME/.local/state/liplab/history`; nil without a home. `environment` reads a variable.
  public static func path(environment: (String) -> String?) -> String? {
    if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
      return state + "/liplab/history"
    }
    guard let home = environment("HOME"), !home.isEmpty else { return nil }
    return home + "/.local/state/liplab/history"
  }

  /// Creates the directory holding `path` and its parents (mode 0700). Failures are ignored:
  /// the caller's write then fails, and losing history never stops a session.
  public static func createParentDirectories(of path: String) {
    var prefix = ""
    for component in path.split(separator: "/", omittingEmptySubsequences: true).dropLast() {
      prefix += "/" + component
      _ = mkdir(prefix, 0o700)
    }
  }
}
