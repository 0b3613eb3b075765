// Finding the scripts of --check and --record: each real file once, link loops walked once, and
// a directory without scripts is an error rather than a silent pass.

import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct ScriptDiscoveryTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  func scripts(_ paths: [String]) throws(Diagnostic) -> [String] {
    try ScriptRunner.scripts(under: paths)
  }

  @Test func anEmptyDirectoryIsAnError() {
    #expect(mkdir(directory + "/empty", 0o755) == 0)
    writeFixture("notes", to: directory + "/empty/notes.txt")
    let empty = directory + "/empty"
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try ScriptRunner().check(paths: [empty]) }?.message
        == "no .lip scripts in '\(empty)'")
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try ScriptRunner().record(paths: [empty]) }?.message
        == "no .lip scripts in '\(empty)'")
    #expect(directoryEntries(directory + "/empty") == ["notes.txt"])
  }

  @Test func aLinkLoopIsWalkedOnce() throws {
    #expect(mkdir(directory + "/s", 0o755) == 0)
    #expect(mkdir(directory + "/s/sub", 0o755) == 0)
    writeFixture("x = 1\n", to: directory + "/s/a.lip")
    writeFixture("y = 2\n", to: directory + "/s/sub/b.lip")
    makeLink(directory + "/s/loop", to: ".")
    makeLink(directory + "/s/sub/up", to: "..")
    #expect(try scripts([directory + "/s"]) == [directory + "/s/a.lip", directory + "/s/sub/b.lip"])
    _ = try ScriptRunner().record(paths: [directory + "/s"])
    let results = try ScriptRunner().check(paths: [directory + "/s"])
    #expect(results.map(\.script) == [directory + "/s/a.lip", directory + "/s/sub/b.lip"])
    #expect(results.allSatisfy { $0.passed })
  }

  @Test func eachRealFileIsListedOnceUnderTheFirstPathFound() throws {
    writeFixture("x = 1\n", to: directory + "/a.lip")
    makeLink(directory + "/b.lip", to: "a.lip")
    #expect(try scripts([directory]) == [directory + "/a.lip"])
    #expect(try scripts([directory + "/a.lip", directory + "/b.lip", directory]) == [directory + "/a.lip"])
    #expect(try scripts([directory, directory + "/"]) == [directory + "/a.lip"])
  }

  @Test(.timeLimit(.minutes(1)))
  func aScriptThatIsAFIFOFailsAloneWithWhatItIs() throws {
    writeFixture("x = 1\n", to: directory + "/a.lip")
    makeFIFO(directory + "/b.lip")
    _ = try ScriptRunner().record(paths: [directory + "/a.lip"])
    let results = try ScriptRunner().check(paths: [directory])
    #expect(results.map(\.script) == [directory + "/a.lip", directory + "/b.lip"])
    #expect(results.map(\.passed) == [true, false])
    #expect(results[1].diff == ["cannot read '\(directory)/b.lip': it is a FIFO, not a regular file"])
  }
}

@Suite struct ScriptRunnerTranscriptTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  /// The diff of checking `a.lip` (x = 1) when `prepare` has put something at `a.out`.
  func diff(_ prepare: (String) -> Void) throws -> [String] {
    writeFixture("x = 1\n", to: directory + "/a.lip")
    prepare(directory + "/a.out")
    let results = try ScriptRunner().check(paths: [directory + "/a.lip"])
    #expect(results.count == 1 && !results[0].passed)
    return results.first?.diff ?? []
  }

  @Test func aDirectoryWhereTheTranscriptShouldBeIsSaidToBeOne() throws {
    #expect(try diff { _ = mkdir($0, 0o755) } == ["cannot read '\(directory)/a.out': it is a directory"])
  }

  @Test func aTranscriptThatIsNotUTF8IsSaidToBeSo() throws {
    #expect(try diff { writeFixture([0x6C, 0xFF, 0x0A], to: $0) } == ["'\(directory)/a.out' is not UTF-8 text"])
  }

  @Test(.timeLimit(.minutes(1)))
  func aFIFOWhereTheTranscriptShouldBeIsRefusedWithoutWaiting() throws {
    #expect(try diff { makeFIFO($0) } == ["cannot read '\(directory)/a.out': it is a FIFO, not a regular file"])
  }

  @Test func aDanglingLinkIsNoTranscript() throws {
    #expect(
      try diff { makeLink($0, to: "nowhere.out") }
        == ["no transcript '\(directory)/a.out' to compare with (record it with --record)"])
    // Recording refuses to write through a link that leads nowhere, as save does.
    #expect(
      diagnostic { () throws(Diagnostic) in _ = try ScriptRunner().record(paths: [directory + "/a.lip"]) }?.message
        == "cannot write '\(directory)/a.out': it links to '\(directory)/nowhere.out', which does not exist")
    #expect(fileType(directory + "/a.out") == "link")
    #expect(fileType(directory + "/nowhere.out") == nil)
  }

  @Test func aByteOrderMarkIsSkippedInScriptsAndTranscripts() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    writeFixture(bom + Array("x = [1 2]\ny = x * 2\n".utf8), to: directory + "/a.lip")
    let console = BufferConsole()
    #expect(try ScriptRunner().replay(path: directory + "/a.lip", console: console).status == 0)
    #expect(console.lines.first == "liplab> x = [1 2]")
    #expect(console.diagnosticLines.isEmpty)
    let transcript = ScriptRunner().transcript(ofScript: "x = [1 2]\ny = x * 2\n", path: directory + "/a.lip").text
    writeFixture(bom + Array(transcript.utf8), to: directory + "/a.out")
    #expect(try ScriptRunner().check(paths: [directory + "/a.lip"]).map(\.passed) == [true])
    #expect(try MatrixFile.readText(path: directory + "/a.lip") == "x = [1 2]\ny = x * 2\n")
    writeFixture(Array("a\u{FEFF}b".utf8), to: directory + "/inner.txt")
    #expect(try MatrixFile.readText(path: directory + "/inner.txt") == "a\u{FEFF}b", "only a leading mark is dropped")
  }

  @Test(.timeLimit(.minutes(1)))
  func aScriptReplayedFromAPipeIsRead() throws {
    let fifo = directory + "/script.lip"
    makeFIFO(fifo)
    let writer = FIFOWriter(path: fifo, text: "x = [1 2]\n")
    writer.start()
    let console = BufferConsole()
    #expect(try ScriptRunner().replay(path: fifo, console: console).status == 0)
    #expect(console.lines.first == "liplab> x = [1 2]")
    writer.wait()
  }
}

/// Writes `text` into a FIFO from another thread (opening a FIFO for writing waits for a reader).
final class FIFOWriter: @unchecked Sendable {
  let path: String
  let text: String
  private var thread = pthread_t()

  init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  func start() {
    let box = Unmanaged.passRetained(self).toOpaque()
    let created = pthread_create(&thread, nil, { argument in
      let writer = Unmanaged<FIFOWriter>.fromOpaque(argument!).takeRetainedValue()
      let fd = open(writer.path, O_WRONLY)
      if fd >= 0 {
        let bytes = Array(writer.text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
      }
      return nil
    }, box)
    precondition(created == 0, "pthread_create failed")
  }

  func wait() { pthread_join(thread, nil) }
}
