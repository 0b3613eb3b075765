// The prompt's history file: libedit's format read and written, damaged lines skipped, the cap,
// and sessions saving at once (threads, each with its own descriptor on the lock, as two
// processes have) keeping every entry while readers only ever see whole files.

import Foundation
import Testing

@testable import Notebook

@Suite struct HistoryFileTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  var path: String { directory + "/state/liplab/history" }

  @Test func entriesSurviveTheRoundTrip() throws {
    let entries = [
      "A = [1 2; 3 4]", "x = [1 2;\n     3 4]", "s = \"tab\there\"", "back\\slash \\040 literal", "σ = 日本 ✓",
      "trailing space ", "\u{1B}[A escape",
    ]
    let file = HistoryFile(path: path)
    for entry in entries { try file.append(entry) }
    #expect(file.entries() == entries)
    // One entry a line, nothing that would split one.
    let text = try MatrixFile.readText(path: path)
    #expect(text.split(separator: "\n").count == entries.count + 1)
    #expect(text.hasPrefix("_HiStOrY_V2_\nA\\040=\\040[1\\0402;\\0403\\0404]\nx\\040=\\040[1\\0402;\\012"))
  }

  @Test func readsWhatLibeditWrote() {
    // libedit's H_SAVE: the cookie, then strvis(VIS_WHITE) lines, oldest first.
    writeFixture("_HiStOrY_V2_\nA\\040=\\040ones(2,\\0402)\nnorms\\040A\nx\\040=\\040[1\\0402;\\012\\0403\\0404]\n\\^A\\M-b\n", to: directory + "/h")
    #expect(HistoryFile(path: directory + "/h").entries() == ["A = ones(2, 2)", "norms A", "x = [1 2;\n 3 4]"])
  }

  @Test func damagedLinesAreSkipped() {
    var bytes = Array("_HiStOrY_V2_\ngood\\0401\n".utf8)
    bytes += Array("nul".utf8) + [0] + Array("here\n".utf8)
    bytes += [0x62, 0xFF, 0x0A]  // not UTF-8
    bytes += Array("bad\\qescape\ntrailing\\\n\\000\n\\0401\\777\n   \n".utf8)
    bytes += Array(String(repeating: "x", count: HistoryFile.longestEntry + 1).utf8) + [0x0A]
    bytes += Array("good\\0402".utf8)  // the last line, without its newline (a file cut short)
    writeFixture(bytes, to: directory + "/h")
    #expect(HistoryFile(path: directory + "/h").entries() == ["good 1", "good 2"])
    // A file without the cookie is read too; a missing file or a directory has no entries.
    writeFixture("one\ntwo\n", to: directory + "/plain")
    #expect(HistoryFile(path: directory + "/plain").entries() == ["one", "two"])
    #expect(HistoryFile(path: directory + "/missing").entries() == [])
    #expect(HistoryFile(path: directory).entries() == [])
  }

  @Test func theCapDropsTheOldestAndARepeatIsNotKept() throws {
    let file = HistoryFile(path: path, capacity: 5)
    for i in 1 ... 8 { try file.append("x = \(i)") }
    try file.append("x = 8")
    #expect(file.entries() == (4 ... 8).map { "x = \($0)" })
    try file.append("x = 4")
    #expect(file.entries() == ["x = 5", "x = 6", "x = 7", "x = 8", "x = 4"])
    // Entries too long or holding a NUL are not saved.
    try file.append(String(repeating: "y", count: HistoryFile.longestEntry + 1))
    try file.append("a\0b")
    #expect(file.entries().count == 5)
  }

  @Test func aNewFileIsPrivateAndItsDirectoryIsMade() throws {
    try HistoryFile(path: path).append("1 + 1")
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & 0o077 == 0)
    #expect(stat(directory + "/state/liplab", &info) == 0 && info.st_mode & 0o777 == 0o700)
    #expect(directoryEntries(directory + "/state/liplab") == ["history", "history.lock"])
  }

  @Test(.timeLimit(.minutes(1)))
  func sessionsSavingAtOnceLoseNothingAndReadersSeeWholeFiles() throws {
    let sessions = 4
    let lines = 10
    let path = self.path
    try HistoryFile(path: path).append("start")
    let done = DispatchGroup()
    let failures = Failures()
    for session in 0 ..< sessions {
      let thread = Thread {
        let file = HistoryFile(path: path)
        for line in 0 ..< lines {
          do throws(Diagnostic) { try file.append("s\(session) = \(line)") } catch { failures.add(error.message) }
          usleep(UInt32.random(in: 0 ..< 3000))
        }
        done.leave()
      }
      done.enter()
      thread.start()
    }
    // A reader meanwhile: every read is a whole file, and entries only ever grow.
    var reads = 0
    var last = 1
    while done.wait(timeout: .now()) == .timedOut {
      let bytes = (try? MatrixFile.readBytes(path: path)) ?? []
      let whole = bytes.starts(with: Array("_HiStOrY_V2_\n".utf8)) && bytes.last == 0x0A && !bytes.contains(0)
      if !whole { failures.add("a partial file of \(bytes.count) bytes") }
      let count = HistoryFile(path: path).entries().count
      if count < last { failures.add("entries went from \(last) to \(count)") }
      last = count
      reads += 1
    }
    #expect(failures.all == [])
    #expect(reads > 0)
    let entries = HistoryFile(path: path).entries()
    #expect(entries.count == 1 + sessions * lines)
    for session in 0 ..< sessions {
      #expect(entries.filter { $0.hasPrefix("s\(session) ") } == (0 ..< lines).map { "s\(session) = \($0)" })
    }
  }
}

/// Problems found on other threads, collected under a lock.
private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func add(_ failure: String) { lock.withLock { list.append(failure) } }
  var all: [String] { lock.withLock { list } }
}
