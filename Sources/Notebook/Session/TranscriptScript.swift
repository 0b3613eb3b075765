// A script cut into what a transcript shows: comment and blank lines, which are echoed verbatim,
// and statements, which are echoed after the prompt and then run. A statement continues onto the
// next line while a bracket is open (the completeness test is passed in, so this file knows
// nothing of the language's grammar).

/// One piece of a script, in order.
public enum TranscriptItem: Sendable, Equatable {
  /// A blank line or a comment line outside any statement, echoed as it is.
  case verbatim(String)
  /// A statement, possibly spanning several lines.
  case statement(StatementSource)
}

/// Splits scripts into transcript items and renders their echo.
public enum TranscriptScript {
  /// The prompt before the first line of a statement.
  public static let prompt = "liplab> "
  /// The prompt before each continuation line.
  public static let continuationPrompt = "   ...> "

  /// The items of `text`: statements start at a non-blank, non-comment line and take further
  /// lines while `isComplete` says the text so far is incomplete; a statement still incomplete at
  /// the end of the file is returned as it is (running it reports the open bracket).
  /// Lines end at "\n" (a "\r" before it is dropped). Cost: O(lines · statement length).
  public static func items(
    of text: String, origin: SourceOrigin, isComplete: (String) -> Bool
  ) -> [TranscriptItem] {
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      String(String.UnicodeScalarView($0.last == "\r" ? $0.dropLast() : $0))
    }
    if lines.last == "" { lines.removeLast() }
    var items: [TranscriptItem] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
      if trimmed.isEmpty || trimmed.first == "#" {
        items.append(.verbatim(line))
        index += 1
        continue
      }
      let firstLine = index + 1
      var statement = line
      index += 1
      while !isComplete(statement), index < lines.count {
        statement += "\n" + lines[index]
        index += 1
      }
      items.append(.statement(StatementSource(text: statement, origin: origin, firstLine: firstLine)))
    }
    return items
  }

  /// The echo of a statement: its first line after `liplab> `, the others after `   ...> `.
  public static func echo(_ statement: StatementSource) -> [String] {
    statement.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
      ($0.offset == 0 ? prompt : continuationPrompt) + $0.element
    }
  }
}
