// How a transcript shows a statement: its first line after the prompt, continuation lines after
// the continuation prompt. Where statements begin and end is `StatementReader`'s to decide.

/// The echo of statements in transcripts.
public enum TranscriptScript {
  /// The prompt before the first line of a statement.
  public static let prompt = "liplab> "
  /// The prompt before each continuation line.
  public static let continuationPrompt = "   ...> "

  /// The echo of a statement: its first line after `liplab> `, the others after `   ...> `,
  /// each elided in the middle when long (`TextElision`).
  public static func echo(_ statement: StatementSource) -> [String] {
    statement.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      ($0.offset == 0 ? prompt : continuationPrompt) + TextElision.elided(String($0.element))
    }
  }
}
