// The console an export replays into: it keeps what each statement printed, output and
// diagnostics apart and in order, until the pipeline says the statement ended.

/// A console that gathers lines into `OutputRun`s; `take()` hands them over and starts afresh.
final class OutputRecorder: Console {
  private var runs: [OutputRun] = []

  func print(_ text: String) {
    append(.output, text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
  }

  func printDiagnostic(_ lines: [String]) { append(.diagnostic, lines) }

  /// The runs printed since the last call, in order (consecutive lines of one kind together).
  func take() -> [OutputRun] {
    defer { runs = [] }
    return runs
  }

  private func append(_ kind: OutputRun.Kind, _ lines: [String]) {
    if runs.last?.kind == kind {
      runs[runs.count - 1].lines += lines
    } else {
      runs.append(OutputRun(kind, lines))
    }
  }
}
