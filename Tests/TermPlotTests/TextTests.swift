// Display width, the cell buffer, and hstack / vstack composition.
import Testing

@testable import TermPlot

@Test func displayWidthCountsBrailleBoxAndCombiningAsOneColumn() {
  #expect(TextWidth.of("⣿⠁┌─┐█▏") == 7)
  #expect(TextWidth.of("e\u{301}") == 1)  // é as e + combining acute
  #expect(TextWidth.of("‖W‖₂") == 4)
  #expect(TextWidth.of("幅x") == 3)
  #expect(TextWidth.of("") == 0)
}

@Test func paddingAndTruncationHitTheExactWidth() {
  #expect(TextWidth.padded("ab", to: 4) == "ab  ")
  #expect(TextWidth.padded("abcdef", to: 3) == "abc")
  #expect(TextWidth.rightAligned("7", to: 3) == "  7")
  #expect(TextWidth.padded("幅幅", to: 3) == "幅 ")  // the second wide char would straddle
  #expect(TextWidth.padded("x", to: -2) == "")
  #expect(TextWidth.sanitized("a\nb\tc\u{1B}[31m\u{2028}d") == "a b c [31m d")
}

@Test func textLineClipsWritesOutsideAndKeepsItsWidth() {
  var line = TextLine(width: 5)
  line.put("abc", at: -1)
  line.put("xyz", at: 4)
  line.put("幅", at: 2)
  #expect(line.string == "bc幅x")
  #expect(TextWidth.of(line.string) == 5)
}

@Test func hstackPadsBlocksToTheirWidthsAndHeights() {
  let a = ["ab", "a"]
  let b = ["xyz", "x", "xy"]
  #expect(hstack([a, b], gap: 1) == ["ab xyz", "a  x  ", "   xy "])
  #expect(hstack([], gap: 2) == [])
  #expect(hstack([a, b], gap: -3) == ["abxyz", "a x  ", "  xy "])
}

@Test func vstackPadsToTheWidestLineWithGaps() {
  #expect(vstack([["ab"], ["xyz", "x"]], gap: 1) == ["ab ", "   ", "xyz", "x  "])
  #expect(vstack([]) == [])
}
