// The script runner: echo format, bail, errors with their file:line:col, check and record.
//
// The expected transcript is assembled independently: each statement is run in a separate
// reference session, and its output is placed after the echo the format prescribes.

import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@testable import Notebook

/// The transcript of `script` built by hand: verbatim lines as they are, each statement's echo
/// followed by what a fresh session prints for it (statements run in order in that session),
/// ending after statement number `lastStatement`.
func referenceTranscript(_ script: String, path: String, through lastStatement: Int = .max) -> String {
  let console = BufferConsole()
  let session = Session(console: console)
  let items = StatementReader.items(of: script, origin: ScriptRunner.origin(ofScript: path)) {
    session.commands[$0] != nil
  }
  var lines: [String] = []
  var statements = 0
  for item in items {
    switch item {
    case .verbatim(let line): lines.append(line)
    case .statement(let statement):
      statements += 1
      lines.append(contentsOf: TranscriptScript.echo(statement))
      console.reset()
      _ = session.execute(statement)
      lines.append(contentsOf: console.lines)
    }
    if statements == lastStatement { break }
  }
  return lines.map { $0 + "\n" }.joined()
}

@Suite struct ScriptRunnerTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }
  let runner = ScriptRunner()

  static let script = """
    # A comment, echoed as it is
    A = [1 2
         3 4]

    B = A * 2   # a trailing comment stays on the statement
    A

    """

  static let failing = """
    x = [1 2]
    y = nosuchname + 1
    # after the error
    z = x * 2
    """

  @Test func echoesStatementsContinuationsAndComments() {
    let result = runner.transcript(ofScript: Self.script, path: "s.lip")
    #expect(result.report.failedLines.isEmpty)
    #expect(result.report.statements == 3)
    #expect(result.text == referenceTranscript(Self.script, path: "s.lip"))
    let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "# A comment, echoed as it is")
    #expect(lines.contains("liplab> A = [1 2"))
    #expect(lines.contains("   ...>      3 4]"))
    #expect(lines.contains("liplab> B = A * 2   # a trailing comment stays on the statement"))
  }

  @Test func anErrorIsInTheTranscriptWithTheScriptsOwnNameAndTheReplayGoesOn() {
    let result = runner.transcript(ofScript: Self.failing, path: "sessions/f.lip")
    #expect(result.report.failedLines == [2])
    #expect(result.text == referenceTranscript(Self.failing, path: "f.lip"))
    let lines = result.text.split(separator: "\n").map(String.init)
    let echo = lines.firstIndex(of: "liplab> y = nosuchname + 1")
    #expect(echo != nil)
    if let echo { #expect(lines[echo + 1].hasPrefix("f.lip:2:5: error: ")) }
    #expect(lines.contains("liplab> z = x * 2"))
  }

  @Test func theTranscriptDoesNotDependOnHowThePathWasTyped() {
    let a = runner.transcript(ofScript: Self.failing, path: "chk2/f.lip").text
    let b = runner.transcript(ofScript: Self.failing, path: "./chk2/f.lip").text
    let c = runner.transcript(ofScript: Self.failing, path: "/tmp/x/chk2/f.lip").text
    #expect(a == b && b == c)
    #expect(ScriptRunner.origin(ofScript: "-") == .file("<stdin>"))
  }

  @Test func bailStopsAtTheFirstError() throws {
    let path = directory + "/f.lip"
    writeFixture(Self.failing, to: path)
    let console = BufferConsole()
    var seen: [Int] = []
    var pipeline = StatementPipeline()
    pipeline.bail = true
    pipeline.beforeStatement = { statement in
      seen.append(statement.firstLine)
      return .run
    }
    let report = try runner.replay(path: path, console: console, pipeline: pipeline)
    #expect(report.ending == .bail)
    #expect(report.status == 1)
    #expect(seen == [1, 2])
    #expect(console.text == referenceTranscript(Self.failing, path: path, through: 2))
    #expect(!console.text.contains("z = x * 2"))
  }

  @Test func replayWithoutBailRunsEverything() throws {
    let path = directory + "/f.lip"
    writeFixture(Self.failing, to: path)
    let console = BufferConsole()
    let report = try runner.replay(path: path, console: console)
    #expect(report.failedLines == [2])
    #expect(report.ending == .endOfInput)
    #expect(console.text == referenceTranscript(Self.failing, path: path))
  }

  @Test func aMissingScriptIsADiagnostic() {
    let path = directory + "/missing.lip"
    let error = diagnostic { () throws(Diagnostic) in
      _ = try runner.replay(path: path, console: BufferConsole())
    }
    #expect(error?.message == "cannot read '\(path)': no such file")
  }

  @Test func anInterruptionDuringTheWaitStopsBeforeTheStatementRuns() throws {
    let path = directory + "/p.lip"
    writeFixture("x = 1\ny = 2\n", to: path)
    let console = BufferConsole()
    var pipeline = StatementPipeline()
    pipeline.beforeStatement = { $0.firstLine == 2 ? .interrupted : .run }
    let report = try runner.replay(path: path, console: console, pipeline: pipeline)
    #expect(report.ending == .interrupted)
    #expect(report.status == 130)
    #expect(console.text == "liplab> x = 1\nx = 1\np.lip:2: error: interrupted\n")
  }

  @Test func predictThenRevealWaitsBeforeTheEchoAndAgainBeforeTheOutput() throws {
    let path = directory + "/r.lip"
    writeFixture("# two statements\nx = 1\ny = 2\n", to: path)
    let console = BufferConsole()
    var pipeline = StatementPipeline()
    pipeline.beforeStatement = { console.print("<next \($0.firstLine)>"); return .run }
    pipeline.beforeRunning = { console.print("<reveal \($0.firstLine)>"); return .run }
    let report = try runner.replay(path: path, console: console, pipeline: pipeline)
    #expect(report.ending == .endOfInput)
    #expect(
      console.lines == [
        "# two statements", "<next 2>", "liplab> x = 1", "<reveal 2>", "x = 1", "<next 3>", "liplab> y = 2",
        "<reveal 3>", "y = 2",
      ])
  }

  @Test func ctrlDOrCtrlCBeforeTheRevealEndsTheReplayWithTheStatementShownButNotRun() throws {
    let path = directory + "/s.lip"
    writeFixture("x = 1\ny = 2\n", to: path)
    for (decision, ending) in [(PaceDecision.stop, PipelineReport.Ending.stopped), (.interrupted, .interrupted)] {
      let console = BufferConsole()
      var pipeline = StatementPipeline()
      pipeline.beforeRunning = { $0.firstLine == 2 ? decision : .run }
      let report = try runner.replay(path: path, console: console, pipeline: pipeline)
      #expect(report.ending == ending)
      #expect(report.statements == 1)
      let interrupted = decision == .interrupted ? ["s.lip:2: error: interrupted"] : []
      #expect(console.lines == ["liplab> x = 1", "x = 1", "liplab> y = 2"] + interrupted)
    }
  }

  @Test func decliningAStatementEndsTheReplayQuietly() throws {
    let path = directory + "/q.lip"
    writeFixture("x = 1\n# before y\ny = 2\nz = 3\n", to: path)
    let console = BufferConsole()
    var pipeline = StatementPipeline()
    pipeline.beforeStatement = { $0.firstLine < 3 ? .run : .stop }
    let report = try runner.replay(path: path, console: console, pipeline: pipeline)
    #expect(report.status == 0)
    #expect(report.ending == .stopped)
    #expect(console.text == referenceTranscript("x = 1\n# before y\n", path: path))
  }

  @Test func recordThenCheckPassesAndAChangeShowsADiff() throws {
    let scripts = directory + "/scripts"
    #expect(mkdir(scripts, 0o755) == 0)
    writeFixture(Self.script, to: scripts + "/a.lip")
    writeFixture(Self.failing, to: scripts + "/b.lip")
    writeFixture("not a script", to: scripts + "/notes.txt")

    let written = try runner.record(paths: [scripts])
    #expect(written.map(\.transcript) == [scripts + "/a.out", scripts + "/b.out"])
    #expect(written.map(\.summary) == [
      "recorded \(scripts)/a.out (3 statements)",
      "recorded \(scripts)/b.out (3 statements, 1 failed: line 2)",
    ])
    #expect(try MatrixFile.readText(path: scripts + "/a.out") == referenceTranscript(Self.script, path: scripts + "/a.lip"))

    let passing = try runner.check(paths: [scripts + "/"])
    #expect(passing.map(\.script) == [scripts + "/a.lip", scripts + "/b.lip"])
    #expect(passing.allSatisfy { $0.passed && $0.diff.isEmpty })

    writeFixture(Self.script.replacing("B = A * 2", with: "B = A * 3"), to: scripts + "/a.lip")
    let failing = try runner.check(paths: [scripts + "/a.lip"])
    #expect(failing.count == 1)
    #expect(failing[0].passed == false)
    #expect(failing[0].diff.prefix(2) == ["--- \(scripts)/a.out", "+++ replay of \(scripts)/a.lip"])
    #expect(failing[0].diff.contains("-liplab> B = A * 2   # a trailing comment stays on the statement"))
    #expect(failing[0].diff.contains("+liplab> B = A * 3   # a trailing comment stays on the statement"))
  }

  @Test func checkWithoutATranscriptFails() throws {
    let path = directory + "/lonely.lip"
    writeFixture("x = 1\n", to: path)
    let results = try runner.check(paths: [path])
    #expect(results.count == 1)
    #expect(!results[0].passed)
    #expect(results[0].diff == ["no transcript '\(directory)/lonely.out' to compare with (record it with --record)"])
  }

  @Test func transcriptPaths() {
    #expect(ScriptRunner.transcriptPath(of: "sessions/01-norms.lip") == "sessions/01-norms.out")
    #expect(ScriptRunner.transcriptPath(of: "notes") == "notes.out")
  }
}


@Suite struct ScriptRunnerCheckTests {
  @Test func anUnreadableScriptFailsAloneWithItsReason() throws {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    writeFixture([0xFF, 0xFE, 0x0A], to: directory + "/a.lip")
    writeFixture("x = 1\n", to: directory + "/b.lip")
    let runner = ScriptRunner()
    _ = try runner.record(paths: [directory + "/b.lip"])
    let results = try runner.check(paths: [directory])
    #expect(results.map(\.passed) == [false, true])
    #expect(results[0].diff == ["'\(directory)/a.lip' is not UTF-8 text"])
  }

  @Test func bailStopsAtTheFirstFailingScriptAndTheReportCounts() throws {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    writeFixture("x = 1\n", to: directory + "/a.lip")
    writeFixture("x = 1\n", to: directory + "/b.lip")
    writeFixture("x = 1\n", to: directory + "/c.lip")
    let runner = ScriptRunner()
    _ = try runner.record(paths: [directory + "/a.lip", directory + "/c.lip"])
    #expect(try runner.check(paths: [directory]).map(\.passed) == [true, false, true])
    let bailed = try runner.check(paths: [directory], bail: true)
    #expect(bailed.map(\.passed) == [true, false])
    let report = ScriptRunner.checkReport(bailed, colour: false)
    #expect(report.first == "PASS \(directory)/a.lip")
    #expect(report[1] == "FAIL \(directory)/b.lip")
    #expect(report.last == "1 passed, 1 failed")
  }

  @Test func theBatchModesPrintWhatTheCommandLineShows() throws {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    writeFixture("x = 1\n", to: directory + "/a.lip")
    writeFixture("y = nosuchname\n", to: directory + "/b.lip")
    let runner = ScriptRunner()
    let console = BufferConsole()
    // A missing script is reported and the next one still runs; the status is the worst.
    let status = runner.replay(
      paths: [directory + "/missing.lip", directory + "/a.lip"], console: console, pipeline: StatementPipeline())
    #expect(status == 1)
    #expect(console.lines == ["error: cannot read '\(directory)/missing.lip': no such file", "liplab> x = 1", "x = 1"])
    console.reset()
    #expect(runner.record(paths: [directory], console: console) == 0)
    #expect(console.lines == ["recorded \(directory)/a.out (1 statement)", "recorded \(directory)/b.out (1 statement, 1 failed: line 1)"])
    console.reset()
    #expect(runner.check(paths: [directory], bail: false, colour: false, console: console) == 0)
    #expect(console.lines == ["PASS \(directory)/a.lip", "PASS \(directory)/b.lip", "2 passed, 0 failed"])
  }

  @Test func aMissingPathIsADiagnostic() {
    let error = diagnostic { () throws(Diagnostic) in _ = try ScriptRunner().check(paths: ["/no/such/sessions"]) }
    #expect(error?.message == "cannot read '/no/such/sessions': no such file")
  }
}
