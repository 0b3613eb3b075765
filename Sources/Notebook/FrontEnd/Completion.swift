// The text side of TAB completion: which word the candidates complete, their common prefix, and
// the listing in columns shown when several remain.

/// Helpers for TAB completion; pure functions of strings.
public enum Completion {
  /// The longest tail of `beforeCursor` that every candidate starts with: the partial word being
  /// completed ("" after a space). Works for any word shape (`tol=`, `wgan-gp`) without knowing
  /// the language's identifier rules.
  public static func word(endingAt beforeCursor: String, completedBy candidates: [String]) -> String {
    let shortest = candidates.map(\.count).min() ?? 0
    var length = min(shortest, beforeCursor.count)
    while length > 0 {
      let tail = String(beforeCursor.suffix(length))
      if candidates.allSatisfy({ $0.hasPrefix(tail) }) { return tail }
      length -= 1
    }
    return ""
  }

  /// The longest common prefix of `strings`, by characters.
  public static func commonPrefix(of strings: [String]) -> String {
    guard var prefix = strings.first.map({ Substring($0) }) else { return "" }
    for string in strings.dropFirst() {
      while !string.hasPrefix(prefix) { prefix = prefix.dropLast() }
    }
    return String(prefix)
  }

  /// `items` laid out row by row in as many equal columns as fit in `width`.
  public static func columns(_ items: [String], width: Int) -> [String] {
    let cell = (items.map(\.count).max() ?? 0) + 2
    let perRow = max(1, width / cell)
    return stride(from: 0, to: items.count, by: perRow).map { start in
      let row = items[start..<min(start + perRow, items.count)]
      let padded = row.map { $0 + String(repeating: " ", count: cell - $0.count) }.joined()
      return String(padded.reversed().drop(while: { $0 == " " }).reversed())
    }
  }
}
