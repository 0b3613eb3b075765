// Comparing a replayed transcript with its recording, the way `liplab --check` and the golden
// test suite do: words and symbols must match exactly, numbers only within a relative tolerance,
// and a mismatch is shown as a unified diff with a few lines of context.

/// Compares transcripts line by line: text exactly, numbers with a relative tolerance.
///
/// A line is split into number tokens (unsigned decimals such as `4`, `0.125`, `1.5e-12`) and the
/// text between them; a sign belongs to the text, so `-1` and `1` differ. Two lines match when
/// they have the same texts in the same order and each pair of numbers `a`, `b` satisfies
/// `|a − b| ≤ max(tolerance · max(|a|, |b|), absoluteTolerance)`; runs of spaces in the text count
/// as one space, so a column that widens by a digit still matches, and trailing spaces are
/// ignored. A number too large for a
/// Double (`1e400`) is infinite and matches only another infinite one (`numbersMatch`).
///
/// NOTE: the defaults absorb a change in the last printed digit (numbers print with 6
/// significant digits) and differences at rounding level (residuals and errors near 1e-15
/// reached by converged iterations), which a faster kernel or another instruction set changes.
///
/// A statement whose output depends on the last bits of floating-point rounding (and so on the
/// machine and the build: fused multiply–add, vectorised sums) is marked in its script with the
/// trailing comment `# rounding-dependent`. Its echo is compared, its output is not: in both
/// transcripts the output lines are replaced by one placeholder line before diffing.
public struct TranscriptComparison: Sendable {
  /// The relative tolerance for numbers.
  public var tolerance: Double
  /// Differences up to this size always match (rounding-level quantities).
  public var absoluteTolerance: Double
  /// Lines of unchanged context around each change in a diff.
  public var context: Int

  /// A comparison with relative tolerance `tolerance`, absolute tolerance `absoluteTolerance`
  /// and `context` lines of context in diffs.
  public init(tolerance: Double = 2e-5, absoluteTolerance: Double = 1e-9, context: Int = 3) {
    self.tolerance = tolerance
    self.absoluteTolerance = absoluteTolerance
    self.context = context
  }

  /// A piece of a line: text, or a number with its spelling.
  enum Token: Equatable {
    case text(Substring)
    case number(Double, Substring)
  }

  /// `line` without trailing spaces: plots pad their lines to one width, and an editor may strip
  /// the padding from a recorded transcript.
  static func trimmingTrailingBlanks(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
  }

  /// `text` with every run of spaces replaced by one space.
  static func collapsingSpaces(_ text: Substring) -> String {
    var result = ""
    var previousWasSpace = false
    for c in text {
      if c == " " && previousWasSpace { continue }
      previousWasSpace = c == " "
      result.append(c)
    }
    return result
  }

  /// True when `expected` and `actual` match under the rules above. Cost: O(length).
  public func linesMatch(_ expected: String, _ actual: String) -> Bool {
    if expected == actual { return true }
    let lhs = Self.tokens(of: Self.trimmingTrailingBlanks(expected))
    let rhs = Self.tokens(of: Self.trimmingTrailingBlanks(actual))
    guard lhs.count == rhs.count else { return false }
    for pair in zip(lhs, rhs) {
      switch pair {
      case (.text(let a), .text(let b)):
        if a != b && Self.collapsingSpaces(a) != Self.collapsingSpaces(b) { return false }
      case (.number(let a, _), .number(let b, _)):
        if !numbersMatch(a, b) { return false }
      default:
        return false
      }
    }
    return true
  }

  /// True when two numbers of a line match: finite ones within the tolerances, a non-finite one
  /// only the same value (infinity only infinity, NaN only NaN). Cost: O(1).
  ///
  /// NOTE: without the exact rule, an infinity (a spelling beyond Double's range such as
  /// `1e400` parses as one) would match every number, its relative tolerance being infinite.
  public func numbersMatch(_ a: Double, _ b: Double) -> Bool {
    guard a.isFinite && b.isFinite else { return a == b || (a.isNaN && b.isNaN) }
    return abs(a - b) <= max(tolerance * max(abs(a), abs(b)), absoluteTolerance)
  }

  /// The unified diff turning `expected` into `actual` (both split at "\n"), empty when every
  /// line matches. Lines only in `expected` start with `-`, lines only in `actual` with `+`,
  /// context lines with a space; each hunk starts with `@@ -line,count +line,count @@`.
  /// Cost: O(n·m) in the lines that differ after the common beginning and end are removed.
  public func diff(expected: String, actual: String, expectedName: String, actualName: String)
    -> [String]
  {
    let old = Self.replacingUncheckedOutput(Self.lines(of: expected))
    let new = Self.replacingUncheckedOutput(Self.lines(of: actual))
    let edits = editScript(old, new)
    guard edits.contains(where: { $0.kind != .same }) else { return [] }
    var output = ["--- \(expectedName)", "+++ \(actualName)"]
    var index = 0
    while index < edits.count {
      guard let firstChange = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
      let start = max(index, firstChange - context)
      var end = firstChange
      // Extend the hunk while the next change is within 2·context lines.
      while true {
        var lastChange = end
        while lastChange + 1 < edits.count, edits[lastChange + 1].kind != .same { lastChange += 1 }
        end = lastChange
        let next = edits[(end + 1)...].firstIndex(where: { $0.kind != .same })
        if let next, next - end <= 2 * context { end = next } else { break }
      }
      let stop = min(edits.count, end + 1 + context)
      let hunk = edits[start ..< stop]
      let oldCount = hunk.filter { $0.kind != .added }.count
      let newCount = hunk.filter { $0.kind != .removed }.count
      let oldStart = (hunk.first?.oldIndex ?? 0) + (oldCount > 0 ? 1 : 0)
      let newStart = (hunk.first?.newIndex ?? 0) + (newCount > 0 ? 1 : 0)
      output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
      for edit in hunk {
        switch edit.kind {
        case .same: output.append(" " + new[edit.newIndex])
        case .removed: output.append("-" + old[edit.oldIndex])
        case .added: output.append("+" + new[edit.newIndex])
        }
      }
      index = stop
    }
    return output
  }

  /// One step of an edit script; `oldIndex` / `newIndex` are the positions reached in each side
  /// (for `.added`, `oldIndex` is where the line is inserted; for `.removed`, `newIndex`).
  struct Edit: Equatable {
    enum Kind { case same, removed, added }
    var kind: Kind
    var oldIndex: Int
    var newIndex: Int
  }

  /// The longest-common-subsequence edit script under `linesMatch`. The common beginning and end
  /// are matched directly; a middle larger than 4·10⁶ cell pairs is shown as removed and added.
  func editScript(_ old: [String], _ new: [String]) -> [Edit] {
    var prefix = 0
    while prefix < old.count, prefix < new.count, linesMatch(old[prefix], new[prefix]) { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix,
      linesMatch(old[old.count - 1 - suffix], new[new.count - 1 - suffix])
    {
      suffix += 1
    }
    var edits = (0 ..< prefix).map { Edit(kind: .same, oldIndex: $0, newIndex: $0) }
    let oldMiddle = Array(prefix ..< old.count - suffix)
    let newMiddle = Array(prefix ..< new.count - suffix)
    let n = oldMiddle.count
    let m = newMiddle.count
    if n * m <= 4_000_000 {
      // lcs[i][j]: length of the LCS of oldMiddle[i...] and newMiddle[j...].
      var lcs = [Int](repeating: 0, count: (n + 1) * (m + 1))
      for i in stride(from: n - 1, through: 0, by: -1) {
        for j in stride(from: m - 1, through: 0, by: -1) {
          lcs[i * (m + 1) + j] =
            linesMatch(old[oldMiddle[i]], new[newMiddle[j]])
            ? lcs[(i + 1) * (m + 1) + j + 1] + 1
            : max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
        }
      }
      var i = 0
      var j = 0
      while i < n || j < m {
        if i < n, j < m, linesMatch(old[oldMiddle[i]], new[newMiddle[j]]) {
          edits.append(Edit(kind: .same, oldIndex: oldMiddle[i], newIndex: newMiddle[j]))
          i += 1
          j += 1
        } else if i < n, j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1] {
          edits.append(Edit(kind: .removed, oldIndex: oldMiddle[i], newIndex: prefix + j))
          i += 1
        } else {
          edits.append(Edit(kind: .added, oldIndex: prefix + i, newIndex: newMiddle[j]))
          j += 1
        }
      }
    } else {
      edits += oldMiddle.map { Edit(kind: .removed, oldIndex: $0, newIndex: prefix) }
      edits += newMiddle.map { Edit(kind: .added, oldIndex: prefix + n, newIndex: $0) }
    }
    edits += (0 ..< suffix).map {
      Edit(kind: .same, oldIndex: old.count - suffix + $0, newIndex: new.count - suffix + $0)
    }
    return edits
  }

  /// The trailing comment that marks a statement whose output is not compared.
  public static let uncheckedMarker = "# rounding-dependent"
  /// What the output of such a statement becomes before diffing.
  static let uncheckedPlaceholder = "  … (output not compared: rounding-dependent)"

  /// `lines` with the output of each statement marked `uncheckedMarker` replaced by one
  /// placeholder line. The output runs from after the echo (and its continuation lines) to the
  /// next echoed statement or the next comment line of the script.
  static func replacingUncheckedOutput(_ lines: [String]) -> [String] {
    var result: [String] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      result.append(line)
      index += 1
      guard line.hasPrefix(TranscriptScript.prompt), line.contains(uncheckedMarker) else { continue }
      while index < lines.count, lines[index].hasPrefix(TranscriptScript.continuationPrompt) {
        result.append(lines[index])
        index += 1
      }
      var skipped = false
      while index < lines.count, !lines[index].hasPrefix(TranscriptScript.prompt),
        !lines[index].hasPrefix("#")
      {
        skipped = true
        index += 1
      }
      if skipped { result.append(uncheckedPlaceholder) }
    }
    return result
  }

  /// The lines of `text`, without a final empty line after a trailing newline.
  static func lines(of text: String) -> [String] {
    var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
      .map { String(String.UnicodeScalarView($0)) }
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// Splits a line into text and number tokens.
  static func tokens(of line: String) -> [Token] {
    let scalars = line.unicodeScalars
    var tokens: [Token] = []
    var textStart = scalars.startIndex
    var index = scalars.startIndex
    func isDigit(_ i: String.UnicodeScalarView.Index) -> Bool {
      i < scalars.endIndex && ("0" ... "9").contains(scalars[i])
    }
    while index < scalars.endIndex {
      let startsNumber =
        isDigit(index) || (scalars[index] == "." && isDigit(scalars.index(after: index)))
      guard startsNumber else {
        index = scalars.index(after: index)
        continue
      }
      if textStart < index { tokens.append(.text(Substring(scalars[textStart ..< index]))) }
      let start = index
      while isDigit(index) { index = scalars.index(after: index) }
      if index < scalars.endIndex, scalars[index] == "." {
        index = scalars.index(after: index)
        while isDigit(index) { index = scalars.index(after: index) }
      }
      if index < scalars.endIndex, scalars[index] == "e" || scalars[index] == "E" {
        var exponent = scalars.index(after: index)
        if exponent < scalars.endIndex, scalars[exponent] == "+" || scalars[exponent] == "-" {
          exponent = scalars.index(after: exponent)
        }
        if isDigit(exponent) {
          index = exponent
          while isDigit(index) { index = scalars.index(after: index) }
        }
      }
      let spelling = Substring(scalars[start ..< index])
      tokens.append(.number(Double(spelling) ?? .nan, spelling))
      textStart = index
    }
    if textStart < scalars.endIndex { tokens.append(.text(Substring(scalars[textStart...]))) }
    return tokens
  }
}
