// Test support: a tiny seeded generator, an independent display-width count, and golden text.
import Testing

@testable import TermPlot

/// SplitMix64: a tiny deterministic generator so property tests need nothing outside TermPlot.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Display width counted independently of `TextWidth`: one column per grapheme cluster, two for
/// the only wide character the tests use (幅). Plots contain ASCII, braille, box drawing, block
/// elements and these labels only.
func displayColumns(_ s: String) -> Int {
  s.reduce(0) { $0 + ($1 == "幅" ? 2 : 1) }
}

/// The lines of a golden text written in the test source: every line ends in `$` (so trailing
/// spaces survive editors), which is removed; the first and last newline of the literal are not
/// part of the plot.
func golden(_ text: String) -> [String] {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
    line.hasSuffix("$") ? String(line.dropLast()) : String(line) + "<missing $>"
  }
}

/// Checks rendered lines against a golden text; on a mismatch the failure shows the actual
/// rendering in golden form, ready to paste after checking it by eye (the record mode).
func expectGolden(
  _ lines: [String], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let want = golden(expected)
  if lines != want {
    let actual = lines.map { $0 + "$" }.joined(separator: "\n")
    Issue.record("golden mismatch; actual rendering:\n\(actual)", sourceLocation: sourceLocation)
  }
}

/// Every line has the same display width.
func expectEqualWidths(
  _ lines: [String], atMost limit: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  let widths = Set(lines.map(displayColumns))
  #expect(widths.count <= 1, "line widths differ: \(widths.sorted())", sourceLocation: sourceLocation)
  if let limit, let w = widths.first {
    #expect(w <= limit, "width \(w) exceeds \(limit)", sourceLocation: sourceLocation)
  }
  for line in lines {
    #expect(!line.contains("\n") && !line.contains("\u{1B}"), sourceLocation: sourceLocation)
  }
}

/// The character shown at display column `column` of `line` (all test plots at these positions
/// are one column per character).
func character(_ line: String, at column: Int) -> Character? {
  let chars = Array(line)
  return column >= 0 && column < chars.count ? chars[column] : nil
}

/// The words of `lines`, joined by single spaces (for checking wrapped notes).
func words(_ lines: some Sequence<String>) -> String {
  lines.flatMap { $0.split(separator: " ") }.joined(separator: " ")
}
