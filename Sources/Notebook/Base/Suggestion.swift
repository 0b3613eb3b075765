// Did-you-mean: the nearest known name to a misspelt one, by edit distance.

/// Finds near-miss names for "did you mean" notes.
enum Suggestion {
  /// The candidate closest to `name` (edit distance ≤ max(1, len/3) and less than len, so that
  /// at least one character is shared; ties broken alphabetically), or nil. Case-insensitive.
  /// The distance is `distance(_:_:)`, so swapped neighbours (`nrom2`, `widht`) cost one edit.
  /// Cost: O(|name|·|candidate|) per candidate.
  static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
    // NOTE: names longer than 64 characters are typos of nothing; skipping them keeps a pasted
    // wall of text from costing O(length²).
    guard name.count <= 64 else { return nil }
    let target = Array(name.lowercased())
    let limit = max(1, target.count / 3)
    var best: (distance: Int, name: String)?
    for candidate in candidates where candidate != name {
      let d = distance(target, Array(candidate.lowercased()))
      guard d <= limit, d < target.count else { continue }
      if let current = best, (current.distance, current.name) <= (d, candidate) { continue }
      best = (d, candidate)
    }
    return best?.name
  }

  /// A `did you mean 'x'?` note for `name`, or nil.
  static func note(for name: String, in candidates: some Sequence<String>) -> String? {
    nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
  }

  /// The optimal-string-alignment distance (restricted Damerau–Levenshtein): the fewest
  /// insertions, deletions, substitutions and transpositions of two adjacent characters that
  /// turn `a` into `b`, no substring being edited twice. `distance("nrom2", "norm2") == 1`.
  /// Cost: O(|a|·|b|) time, O(|b|) space.
  ///
  /// NOTE: the restricted form, not full Damerau–Levenshtein: `ca` → `abc` costs 3 rather than
  /// 2, which only matters for typos far beyond the suggestion threshold, and it needs three
  /// rows instead of an alphabet-sized table.
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        var d = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d = min(d, beforePrevious[j - 2] + 1)
        }
        current[j] = d
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
  }
}
