// The statement pipeline at scale: work that grows with the input must grow linearly. Each
// check either compares the cost of the last stretch of a long run with its first (equal when
// linear, several times larger when every step redoes the work before it), or runs at a size a
// quadratic pass could not finish within a generous bound.

import Foundation
import Testing

@testable import Notebook

@Suite(.serialized) struct PipelineScaleTests {
  /// Seconds taken by `work`.
  private func seconds(_ work: () -> Void) -> Double {
    let clock = ContinuousClock()
    let elapsed = clock.measure(work)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  @Test func assigningManyNamesCostsTheSamePerName() {
    let nb = TestNotebook(languageOnly: true)
    let batch = 3000
    func assign(_ range: Range<Int>) {
      for i in range { _ = nb.session.execute(StatementSource(text: "x\(i) = \(i)", origin: .interactive)) }
    }
    let first = seconds { assign(0..<batch) }
    assign(batch..<3 * batch)
    let last = seconds { assign(3 * batch..<4 * batch) }
    #expect(nb.session.variableNames.count == 4 * batch)
    #expect(nb.session.value(of: "x11999")?.scalar == 11999)
    // Copying the variables at each assignment made the last batch ~5× the first.
    #expect(last < 2.5 * first + 0.05, "first \(first) s, last \(last) s")
  }

  @Test func aLongMultiLineLiteralIsGatheredInLinearTime() {
    let rows = 20_000
    var reader = StatementReader(origin: .commandLine, isCommand: { _ in false })
    var items: [TranscriptItem] = []
    let elapsed = seconds {
      items += reader.add("A = [")
      for i in 0..<rows { items += reader.add("\(i) \(i + 1) \(i + 2)") }
      items += reader.add("]")
    }
    guard case .statement(let statement)? = items.first else {
      Issue.record("no statement")
      return
    }
    #expect(items.count == 1)
    #expect(statement.text.split(separator: "\n").count == rows + 2)
    #expect(elapsed < 2, "\(elapsed) s")
  }

  @Test func aLongLiteralRunsWithOneRowPerLine() {
    let nb = TestNotebook(languageOnly: true)
    let rows = 4000
    let text = "A = [\n" + (0..<rows).map { "\($0) \(2 * $0)" }.joined(separator: "\n") + "\n]\n"
    let report = StatementPipeline().run(
      TextLineSource(text), in: nb.session, console: nb.console, origin: .commandLine)
    #expect(report.failedLines.isEmpty)
    guard case .matrix(let a)? = nb.session.value(of: "A") else {
      Issue.record("A is not a matrix")
      return
    }
    #expect(a.rows == rows && a.columns == 2)
    #expect(a[rows - 1, 1] == Double(2 * (rows - 1)))
  }

  @Test func aLongLineFromADescriptorIsSearchedOnce() throws {
    // 16 MB in one line arrive in 256 reads of 64 KiB; searching the whole line again after
    // each read scanned ~2 GB.
    let length = 16 << 20
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("liplab-long-line-\(getpid()).lip").path
    defer { unlink(path) }
    var bytes = [UInt8](repeating: UInt8(ascii: "1"), count: length)
    bytes += Array("\nx = 2\n".utf8)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let fd = open(path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    let source = FileLineSource(fd: fd)
    var lines: [SourceLine] = []
    let elapsed = seconds {
      for _ in 0..<3 { lines.append(source.nextLine(continuing: false)) }
    }
    guard case .line(let long) = lines[0] else {
      Issue.record("no first line")
      return
    }
    #expect(long.utf8.count == length)
    #expect(lines[1] == .line("x = 2"))
    #expect(lines[2] == .end)
    #expect(elapsed < 2, "\(elapsed) s")
  }
}
