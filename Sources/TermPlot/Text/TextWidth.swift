// Display width of text in a terminal: what every equal-width guarantee in TermPlot is measured in.

/// Measures, pads and truncates strings by the number of terminal columns they occupy.
///
/// A grapheme cluster (`Character`) occupies two columns when its first scalar is East Asian
/// wide or fullwidth (CJK, Hangul, fullwidth forms, most emoji), else one column. Braille
/// (U+2800 block), box drawing, block elements and combining sequences count one column each.
/// Control characters never reach the output: `sanitized(_:)` turns them into spaces.
public enum TextWidth {
  /// Number of terminal columns `s` occupies. O(length of `s`).
  public static func of(_ s: String) -> Int {
    var total = 0
    for character in s { total += width(of: character) }
    return total
  }

  /// Columns occupied by one grapheme cluster: 2 for East Asian wide/fullwidth, else 1.
  public static func width(of character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    return isWide(scalar.value) ? 2 : 1
  }

  /// Whether `character` can stand in one cell of a canvas: one column wide and not a control
  /// character.
  public static func isCellCharacter(_ character: Character) -> Bool {
    width(of: character) == 1 && sanitized(String(character)) == String(character)
  }

  /// `s` cut to at most `width` columns (a wide character that would straddle the edge is dropped).
  public static func truncated(_ s: String, to width: Int) -> String {
    var result = ""
    var used = 0
    for character in s {
      let w = self.width(of: character)
      if used + w > width { break }
      result.append(character)
      used += w
    }
    return result
  }

  /// `s` truncated to `width` columns, then padded with spaces on the right to exactly `width`.
  public static func padded(_ s: String, to width: Int) -> String {
    let cut = truncated(s, to: max(0, width))
    return cut + String(repeating: " ", count: max(0, width - of(cut)))
  }

  /// `s` truncated to `width` columns, then padded with spaces on the left to exactly `width`.
  public static func rightAligned(_ s: String, to width: Int) -> String {
    let cut = truncated(s, to: max(0, width))
    return String(repeating: " ", count: max(0, width - of(cut))) + cut
  }

  /// `s` with every control character (newline, tab, escape, C1, U+2028/9 …) replaced by a space, so that a
  /// label can never break a line or inject a terminal escape sequence.
  public static func sanitized(_ s: String) -> String {
    var result = ""
    for character in s {
      let isControl = character.unicodeScalars.contains {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028
          || $0.value == 0x2029
      }
      result.append(isControl ? " " : character)
    }
    return result
  }

  /// `tokens` packed greedily into lines of at most `width` columns, joined by `separator` within
  /// a line; a token wider than `width` gets a line of its own, truncated. Lines are not padded.
  /// O(total length).
  public static func wrapped(_ tokens: [String], separator: String = " ", width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for token in tokens.map({ truncated(sanitized($0), to: max(0, width)) }) {
      let candidate = current.isEmpty ? token : current + separator + token
      if of(candidate) <= width || current.isEmpty {
        current = candidate
      } else {
        lines.append(current)
        current = token
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  /// East Asian Wide (W) and Fullwidth (F) ranges, abridged to the blocks that occur in practice.
  private static func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return true
    default:
      return false
    }
  }
}
