// The front end's pure parts, without a terminal: how `--pace` reads the keys it is sent, and
// how progress lines are fitted to the terminal.

import Testing

@testable import Notebook

@Suite struct PaceKeyTests {
  private let ctrlD: UInt8 = 4

  /// The keys that the bytes of `typed` make, in order (nil results, open sequences, left out).
  private func keys(_ typed: String, eof: UInt8 = 4) -> [PaceKey] {
    var keys = PaceKeys(eof: eof)
    return typed.utf8.compactMap { keys.key($0) }
  }

  @Test("Enter, Space, →, ↓ and Page Down run the next statement", arguments: [
    "\r", "\n", " ", "\u{1B}[C", "\u{1B}OC", "\u{1B}[B", "\u{1B}OB", "\u{1B}[6~",
  ])
  func advancingKeys(key: String) {
    #expect(keys(key) == [.next])
  }

  @Test func theTerminalsEndOfFileCharacterEndsTheReplay() {
    #expect(keys("\u{4}") == [.endOfFile])
    #expect(keys("\u{4}", eof: 26) == [.other])  // `stty eof ^Z`: Ctrl-D is just a key
    #expect(keys("\u{1A}", eof: 26) == [.endOfFile])
    #expect(keys("\u{0}", eof: 0) == [.other])  // VEOF disabled
  }

  @Test("every other key is dropped whole, escape sequences included", arguments: [
    "x", "\u{1B}[A", "\u{1B}[D", "\u{1B}OA", "\u{1B}[1;5C", "\u{1B}[5~", "\u{1B}[15~", "\u{7F}",
    "\t", "é",
  ])
  func otherKeysAreDropped(key: String) {
    #expect(keys(key).allSatisfy { $0 == .other })
    #expect(!keys(key).isEmpty)
  }

  @Test func aLoneEscapeIsDroppedAndTheNextKeyCounts() {
    #expect(keys("\u{1B}\r") == [.next])
    #expect(keys("\u{1B}x ") == [.other, .next])
    #expect(keys("\u{1B}\u{1B}[C") == [.next])
    // A sequence broken off by a control byte is dropped; the keys after it count.
    #expect(keys("\u{1B}[1\u{1}\r") == [.other, .next])
    // Ctrl-Right, then Right: only the second advances.
    #expect(keys("\u{1B}[1;5C\u{1B}[C") == [.other, .next])
  }
}

@Suite struct ProgressFittingTests {
  @Test func aProgressLineIsCutBelowTheTerminalsWidth() {
    let line = "train c wgan-gp [############............] 1200/2400  loss -0.123456"
    #expect(TerminalText.fitted(line, columns: 60).count == 59)
    #expect(TerminalText.fitted(line, columns: 200) == line)
    #expect(TerminalText.fitted(line, columns: 0) == "")
  }
}
