// Canvases: the braille dot layout, Bresenham lines, dash patterns, writes off the grid.
import Testing

@testable import TermPlot

@Test func brailleDotsFollowTheUnicodeLayout() {
  // Dots 1,2,3,7 run down the left pixel column, 4,5,6,8 down the right (U+2800 + bits).
  let expected: [(x: Int, y: Int, scalar: UInt32)] = [
    (0, 0, 0x2801), (0, 1, 0x2802), (0, 2, 0x2804), (0, 3, 0x2840),
    (1, 0, 0x2808), (1, 1, 0x2810), (1, 2, 0x2820), (1, 3, 0x2880),
  ]
  for dot in expected {
    var canvas = BrailleCanvas(columns: 1, rows: 1)
    canvas.setPixel(x: dot.x, y: dot.y, marker: "*")
    #expect(canvas.cell(column: 0, row: 0) == Character(Unicode.Scalar(dot.scalar)!))
  }
  var full = BrailleCanvas(columns: 2, rows: 2)
  for x in 0..<2 { for y in 0..<4 { full.setPixel(x: x + 2, y: y + 4, marker: " ") } }
  #expect(full.rowString(0) == "  " && full.rowString(1) == " ⣿")
}

@Test func writesOffTheGridAreIgnored() {
  var ascii = AsciiCanvas(columns: 3, rows: 2)
  var braille = BrailleCanvas(columns: 3, rows: 2)
  for (x, y) in [(-1, 0), (0, -1), (3, 0), (0, 2), (Int.max, Int.min)] {
    ascii.setPixel(x: x, y: y, marker: "*")
    braille.setPixel(x: x == 3 ? 6 : x, y: y == 2 ? 8 : y, marker: "*")
  }
  #expect(ascii.rowString(0) == "   " && ascii.rowString(1) == "   ")
  #expect(braille.rowString(0) == "   " && braille.cell(column: 5, row: 0) == nil)
  #expect(AsciiCanvas(columns: -4, rows: 3).columns == 0)
}

@Test func bresenhamLinesIncludeBothEndsAndOnePixelPerStep() {
  var canvas = AsciiCanvas(columns: 7, rows: 3)
  var phase = 0
  canvas.drawLine(from: (0, 0), to: (6, 2), marker: "*", phase: &phase)
  #expect(canvas.rowString(0) == "**     ")
  #expect(canvas.rowString(1) == "  ***  ")
  #expect(canvas.rowString(2) == "     **")
  #expect(phase == 6)  // max(|Δx|, |Δy|) steps
  // Reversed endpoints light the same number of pixels, one per column.
  var back = AsciiCanvas(columns: 7, rows: 3)
  var p2 = 0
  back.drawLine(from: (6, 2), to: (0, 0), marker: "*", phase: &p2)
  for c in 0..<7 {
    #expect((0..<3).filter { back.cell(column: c, row: $0) != nil }.count == 1)
  }
}

@Test func dashPatternsSkipPixelsAndContinueAcrossSegments() {
  var canvas = AsciiCanvas(columns: 12, rows: 1)
  var phase = 0
  let dashed = DashPattern(on: 2, off: 1)
  canvas.drawLine(from: (0, 0), to: (4, 0), marker: "-", pattern: dashed, phase: &phase)
  canvas.drawLine(from: (4, 0), to: (11, 0), marker: "-", pattern: dashed, phase: &phase)
  #expect(canvas.rowString(0) == "-- -- -- -- ")
  #expect(DashPattern(on: 0, off: -1) == .solid)
}
