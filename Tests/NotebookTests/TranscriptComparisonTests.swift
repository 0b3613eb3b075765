// The numeric-tolerant transcript comparison and its diff.

import Testing

@testable import Notebook

@Suite struct TranscriptComparisonTests {
  let comparison = TranscriptComparison(tolerance: 1e-6, absoluteTolerance: 0)

  @Test(arguments: [
    ("error  2.93898e-12  |σ − σ₁|/σ₁", "error  2.93909e-12  |σ − σ₁|/σ₁"),
    ("error  4.44089e-16", "error  6.66134e-16"),
    ("change 4.6976e-11   |σ_k", "change 4.69763e-11  |σ_k"),
    ("0", "1e-30"),
  ])
  func defaultsAbsorbTheLastDigitAndRoundingLevel(expected: String, actual: String) {
    #expect(TranscriptComparison().linesMatch(expected, actual))
  }

  @Test(arguments: [("σ 1.41421", "σ 1.41431"), ("x 1e-8", "x 3e-8"), ("k 12", "k 13")])
  func defaultsStillSeeRealChanges(expected: String, actual: String) {
    #expect(!TranscriptComparison().linesMatch(expected, actual))
  }

  @Test(arguments: [
    ("‖W‖₂  4", "‖W‖₂  4.000001"),
    ("σ = 1.5e-12 after 3 steps", "σ = 1.5000001e-12 after 3 steps"),
    ("x 0.1", "x .1"),
    ("2×3 matrix", "2×3 matrix"),
    ("1e5", "100000"),
  ])
  func numbersWithinTheToleranceMatch(expected: String, actual: String) {
    #expect(comparison.linesMatch(expected, actual))
  }

  @Test(arguments: [
    ("‖W‖₂  4", "‖W‖₂  4.0001"),
    ("‖W‖₂  4", "‖W‖F  4"),
    ("value -1", "value 1"),
    ("2×3", "2x3"),
    ("a 1 b", "a 1 b 2"),
    ("1 2", "1 ,2"),
    ("0", "1e-30"),
    ("NaN", "0"),
  ])
  func textOrNumbersOutsideTheToleranceDiffer(expected: String, actual: String) {
    #expect(!comparison.linesMatch(expected, actual))
  }

  @Test(arguments: [
    ("x 1e400", "x 5"), ("x 5", "x 1e400"), ("x 1e400", "x 1.79769e308"), ("x 1e400 y", "x 0 y"),
  ])
  func anInfiniteNumberMatchesNoFiniteOne(expected: String, actual: String) {
    #expect(!TranscriptComparison().linesMatch(expected, actual))
    #expect(!comparison.linesMatch(expected, actual))
  }

  // Plots pad their lines with blanks; an editor may strip them from a recorded transcript.
  @Test func trailingBlanksAreIgnored() {
    #expect(comparison.linesMatch("  |***   |  1   ", "  |***   |  1"))
    #expect(comparison.linesMatch("      ", ""))
    #expect(!comparison.linesMatch("  |***   |  1", "  |**    |  1"))
    #expect(!comparison.linesMatch("   x", "x"))
  }

  @Test func anInfiniteNumberMatchesAnInfiniteOne() {
    #expect(TranscriptComparison().linesMatch("x 1e400  y", "x 1e999 y"))
    #expect(
      TranscriptComparison().diff(expected: "a\nx 1e400\n", actual: "a\nx 3\n", expectedName: "e", actualName: "r")
        == ["--- e", "+++ r", "@@ -1,2 +1,2 @@", " a", "-x 1e400", "+x 3"])
  }

  @Test func nonFiniteNumbersMatchOnlyThemselves() {
    let defaults = TranscriptComparison()
    #expect(defaults.numbersMatch(.infinity, .infinity))
    #expect(defaults.numbersMatch(-.infinity, -.infinity))
    #expect(defaults.numbersMatch(.nan, .nan))
    #expect(!defaults.numbersMatch(.infinity, -.infinity))
    #expect(!defaults.numbersMatch(.infinity, .greatestFiniteMagnitude))
    #expect(!defaults.numbersMatch(.nan, 0))
    #expect(!defaults.numbersMatch(1, .nan))
    #expect(!defaults.numbersMatch(.nan, .infinity))
    #expect(defaults.numbersMatch(1, 1 + 1e-6))
  }

  @Test func tokensSplitNumbersFromText() {
    #expect(
      TranscriptComparison.tokens(of: "k=12 σ_k 3.5e-4x, -.25") == [
        .text("k="), .number(12, "12"), .text(" σ_k "), .number(3.5e-4, "3.5e-4"), .text("x, -"),
        .number(0.25, ".25"),
      ])
    #expect(TranscriptComparison.tokens(of: "1e") == [.number(1, "1"), .text("e")])
  }

  @Test func identicalTranscriptsHaveNoDiff() {
    let text = "a 1\nb 2\nc 3\n"
    #expect(comparison.diff(expected: text, actual: "a 1.0000000001\nb 2\nc 3\n", expectedName: "e", actualName: "a") == [])
  }

  @Test func aChangedLineShowsContext() {
    let expected = (1 ... 10).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let actual = expected.replacing("line 5\n", with: "line 5.5\n")
    #expect(
      comparison.diff(expected: expected, actual: actual, expectedName: "x.out", actualName: "replay of x.lip") == [
        "--- x.out", "+++ replay of x.lip", "@@ -2,7 +2,7 @@", " line 2", " line 3", " line 4",
        "-line 5", "+line 5.5", " line 6", " line 7", " line 8",
      ])
  }

  @Test func missingAndExtraLines() {
    let expected = "a\nb\nc\nd\n"
    #expect(
      comparison.diff(expected: expected, actual: "a\nb\nd\n", expectedName: "e", actualName: "a") == [
        "--- e", "+++ a", "@@ -1,4 +1,3 @@", " a", " b", "-c", " d",
      ])
    #expect(
      comparison.diff(expected: expected, actual: "a\nb\nc\nd\ne\nf\n", expectedName: "e", actualName: "a") == [
        "--- e", "+++ a", "@@ -2,3 +2,5 @@", " b", " c", " d", "+e", "+f",
      ])
    #expect(
      comparison.diff(expected: "", actual: "x\n", expectedName: "e", actualName: "a") == [
        "--- e", "+++ a", "@@ -0,0 +1,1 @@", "+x",
      ])
  }

  @Test func distantChangesMakeSeparateHunks() {
    let expected = (1 ... 20).map { "l\($0)x" }.joined(separator: "\n")
    let actual = expected.replacing("l2x", with: "l2y").replacing("l18x", with: "l18y")
    let diff = comparison.diff(expected: expected, actual: actual, expectedName: "e", actualName: "a")
    #expect(diff.filter { $0.hasPrefix("@@") } == ["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"])
    #expect(diff.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") } == ["-l2x", "-l18x"])
  }

  @Test func theOutputOfARoundingDependentStatementIsNotCompared() {
    let expected = """
      liplab> x = 1
      x = 1
      liplab> step f 3   # rounding-dependent
        k  σ
        1  1.5
        2  1.7
      # a comment ends the output
      liplab> y = 2
      y = 2

      """
    let actual = expected.replacing("1.5", with: "1.9").replacing("  2  1.7\n", with: "  2  1.7\n  (note)\n")
    #expect(comparison.diff(expected: expected, actual: actual, expectedName: "e", actualName: "a") == [])
    let changedElsewhere = actual.replacing("y = 2\n", with: "y = 3\n")
    #expect(comparison.diff(expected: expected, actual: changedElsewhere, expectedName: "e", actualName: "a").contains("+y = 3"))
    let unmarked = expected.replacing("   # rounding-dependent", with: "")
    #expect(!comparison.diff(expected: unmarked, actual: unmarked.replacing("1.5", with: "1.9"), expectedName: "e", actualName: "a").isEmpty)
  }
}
