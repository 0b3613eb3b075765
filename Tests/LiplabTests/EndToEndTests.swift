// End-to-end tests of the liplab executable: statements through a pipe, `-e`, script replay,
// `--check`, `--bail`, usage errors and exit statuses, all through the built binary.

import Foundation
import Testing

@Suite("liplab end to end")
struct EndToEndTests {
  /// The first number on the output line that starts with `label`.
  private func value(labelled label: String, in run: LiplabRun) -> Double? {
    run.outputLines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
      .flatMap { numbers(in: $0).first }
  }

  @Test("echo 'norms [3 0; 0 4]' | liplab prints ‖W‖₂ = 4 and ‖W‖F = 5")
  func normsThroughAPipe() throws {
    let run = try Liplab.run([], input: "norms [3 0; 0 4]\n")
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    // Independent values for diag(3, 4): σ₁ = max|dᵢ|, ‖W‖F = sqrt(Σ dᵢ²).
    let spectral = Swift.max(3.0, 4.0)
    let frobenius = (3.0 * 3.0 + 4.0 * 4.0).squareRoot()
    let printedSpectral = try #require(value(labelled: "‖W‖₂", in: run), "no ‖W‖₂ line in:\n\(run.stdout)")
    let printedFrobenius = try #require(value(labelled: "‖W‖F", in: run), "no ‖W‖F line in:\n\(run.stdout)")
    #expect(isClose(printedSpectral, spectral))
    #expect(isClose(printedFrobenius, frobenius))
  }

  @Test("a statement continued over lines while a bracket is open")
  func continuationLinesFromAPipe() throws {
    let run = try Liplab.run([], input: "A = [3 0;\n     0 4]\nnorm2(A)\n")
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    let last = try #require(run.outputLines.last.flatMap { numbers(in: $0).last })
    #expect(isClose(last, 4))
  }

  @Test("an error in piped input: exit 1, file:line:col and a caret, the next statement still runs")
  func pipedErrorKeepsGoing() throws {
    let run = try Liplab.run([], input: "y = nosuchname\nnorm2([3 0; 0 4])\n")
    #expect(run.status == 1)
    let errorLine = try #require(run.stderr.split(separator: "\n").first.map(String.init))
    #expect(errorLine.hasPrefix("<stdin>:1:5: error:"))
    #expect(run.stderr.contains("y = nosuchname"))
    #expect(run.stderr.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("^") })
    #expect(!run.stderr.contains("\u{1B}["), "no colour codes when stderr is not a terminal")
    let last = try #require(run.outputLines.last.flatMap { numbers(in: $0).last })
    #expect(isClose(last, 4))
  }

  @Test("--bail stops piped input at the first error")
  func bailStopsPipedInput() throws {
    let run = try Liplab.run(["--bail"], input: "y = nosuchname\nnorm2([3 0; 0 4])\n")
    #expect(run.status == 1)
    #expect(run.stderr.contains("error:"))
    #expect(run.stdout.isEmpty)
  }

  @Test("-e twice runs both statements, in order, in one session")
  func repeatedStatements() throws {
    let run = try Liplab.run(["-e", "A = [1 0; 0 2]", "-e", "norm2(A)", "-e", "norm2(5 * A)"])
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    let values = run.outputLines.compactMap { numbers(in: $0).last }
    #expect(values.count == 2)
    #expect(values.count == 2 && isClose(values[0], 2) && isClose(values[1], 10))
  }

  @Test("-e with a failing statement exits 1 without a file prefix")
  func failingStatement() throws {
    let run = try Liplab.run(["-e", "norm2(nosuchname)"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error:"))
  }

  @Test("a script replays with each statement echoed before its output")
  func scriptReplayEchoes() throws {
    let scratch = try Scratch()
    let script = try scratch.write("# diagonal: sigma_1 is the largest entry\nA = [3 0; 0 4]\nnorm2(A)\n", to: "demo.lip")
    let run = try Liplab.run([script.path])
    #expect(run.status == 0)
    let lines = run.outputLines
    let echoA = try #require(lines.firstIndex(of: "liplab> A = [3 0; 0 4]"), "no echo in:\n\(run.stdout)")
    let echoNorm = try #require(lines.firstIndex(of: "liplab> norm2(A)"))
    #expect(echoA < echoNorm)
    let value = try #require(lines[(echoNorm + 1)...].lazy.compactMap { numbers(in: $0).last }.first)
    #expect(isClose(value, 4))
  }

  @Test("several scripts replay in order, each in a fresh session")
  func severalScripts() throws {
    let scratch = try Scratch()
    let first = try scratch.write("A = [3 0; 0 4]\nnorm2(A)\n", to: "first.lip")
    let second = try scratch.write("norm2(A)\n", to: "second.lip")
    let run = try Liplab.run([first.path, second.path])
    #expect(run.status == 1, "A is not defined in the second script's session")
    let lines = run.outputLines
    let echoes = lines.indices.filter { lines[$0] == "liplab> norm2(A)" }
    #expect(echoes.count == 2)
    let defined = try #require(lines.firstIndex(of: "liplab> A = [3 0; 0 4]"))
    #expect(echoes.allSatisfy { defined < $0 })
    #expect(lines.contains { $0.contains("second.lip:1:") && $0.contains("error:") })
  }

  @Test("--bail stops a script at its first error")
  func bailStopsAScript() throws {
    let scratch = try Scratch()
    let script = try scratch.write("x = nosuchname\nnorm2([3 0; 0 4])\n", to: "bail.lip")
    let kept = try Liplab.run([script.path])
    #expect(kept.status == 1)
    #expect(kept.outputLines.contains("liplab> norm2([3 0; 0 4])"))
    let stopped = try Liplab.run(["--bail", script.path])
    #expect(stopped.status == 1)
    #expect(!stopped.outputLines.contains("liplab> norm2([3 0; 0 4])"))
  }

  @Test("--check passes a recorded transcript and fails an edited one, with a diff")
  func checkPassesAndFails() throws {
    let scratch = try Scratch()
    try scratch.write("A = [3 0; 0 4]\nnorm2(A)\n", to: "s/good.lip")
    try scratch.write("B = [1 0; 0 2]\nnorm2(B)\n", to: "s/bad.lip")
    let recorded = try Liplab.run(["--record", "s"], in: scratch.url)
    #expect(recorded.status == 0)
    let badOut = scratch.url.appendingPathComponent("s/bad.out")
    let transcript = try String(contentsOf: badOut, encoding: .utf8)
    #expect(transcript.contains("liplab> norm2(B)"))
    // Corrupt the recorded σ₁ = 2 of diag(1, 2) into 7.
    let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let index = try #require(lines.lastIndex { numbers(in: $0).last.map { isClose($0, 2) } ?? false })
    var edited = lines
    edited[index] = lines[index].replacingOccurrences(of: "2", with: "7")
    try edited.joined(separator: "\n").write(to: badOut, atomically: true, encoding: .utf8)

    let run = try Liplab.run(["--check", "s"], in: scratch.url)
    #expect(run.status == 1)
    let output = run.outputLines
    #expect(output.contains { $0.hasPrefix("PASS ") && $0.hasSuffix("good.lip") })
    #expect(output.contains { $0.hasPrefix("FAIL ") && $0.hasSuffix("bad.lip") })
    #expect(output.contains { $0.contains("7") && !$0.hasPrefix("FAIL") }, "the diff shows the edited line")
    #expect(output.last == "1 passed, 1 failed")
  }

  @Test("--check of transcripts that match exits 0")
  func checkAllPass() throws {
    let scratch = try Scratch()
    try scratch.write("norm2([3 0; 0 4])\n", to: "one.lip")
    #expect(try Liplab.run(["--record", "one.lip"], in: scratch.url).status == 0)
    let run = try Liplab.run(["--check", "one.lip"], in: scratch.url)
    #expect(run.status == 0)
    #expect(run.outputLines.last == "1 passed, 0 failed")
  }

  @Test("--check of a directory without scripts fails: exit 1, naming it")
  func checkWithoutScripts() throws {
    let scratch = try Scratch()
    try scratch.write("not a script\n", to: "empty/notes.txt")
    let run = try Liplab.run(["--check", "empty"], in: scratch.url)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "error: no .lip scripts in 'empty'\n")
  }

  @Test("--check shows a transcript's control characters escaped in the diff")
  func checkEscapesControlCharacters() throws {
    let scratch = try Scratch()
    try scratch.write("x = 1\n", to: "s.lip")
    #expect(try Liplab.run(["--record", "s.lip"], in: scratch.url).status == 0)
    try scratch.write("liplab> x = 1\n\u{1B}[2Jx = 1\n", to: "s.out")
    let run = try Liplab.run(["--check", "s.lip"], in: scratch.url)
    #expect(run.status == 1)
    #expect(run.outputLines.contains("-\\x1b[2Jx = 1"))
    #expect(!run.stdout.contains("\u{1B}"))
  }

  @Test("a byte-order mark before the first line is skipped, piped or in a script")
  func byteOrderMark() throws {
    let piped = try Liplab.run([], input: "\u{FEFF}x = norm2([3 0; 0 4])\n")
    #expect(piped.status == 0)
    #expect(piped.stderr.isEmpty)
    #expect(piped.stdout == "x = 4\n")
    let scratch = try Scratch()
    let script = try scratch.write("\u{FEFF}x = norm2([3 0; 0 4])\n", to: "bom.lip")
    let replay = try Liplab.run([script.path])
    #expect(replay.status == 0)
    #expect(replay.stdout == "liplab> x = norm2([3 0; 0 4])\nx = 4\n")
  }

  @Test("bad usage exits 64", arguments: [
    ["--no-such-flag"], ["--check", "--record"], ["-e", "1", "script.lip"], ["--pace"], ["-e"],
    ["--pace-together"], ["--pace", "--pace-together", "x.lip"], ["--export", "pdf", "x.lip"], ["--export", "md"],
    ["--export", "md", "--check", "x.lip"], ["-o", "out", "x.lip"], ["--export", "md", "--bail", "x.lip"],
    ["--curriculum", "--record"],
  ])
  func badUsage(arguments: [String]) throws {
    let run = try Liplab.run(arguments)
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(!run.stderr.isEmpty)
  }

  @Test("--version prints liplab 0.1.0")
  func version() throws {
    let run = try Liplab.run(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout == "liplab 0.1.0\n")
  }

  @Test("--help lists every flag")
  func help() throws {
    let run = try Liplab.run(["--help"])
    #expect(run.status == 0)
    for flag in [
      "-e <statement>", "--check", "--record", "--pace", "--pace-together", "--export <format>", "-o <path>",
      "--curriculum", "--bail", "--version",
    ] {
      #expect(run.stdout.contains(flag))
    }
  }

  @Test("--export writes Markdown and notebooks beside the scripts or to -o, and says what each holds")
  func export() throws {
    let scratch = try Scratch()
    let script = try scratch.write("# Notes\nx = 3\ny = nosuch\n", to: "notes.lip")
    let markdown = try Liplab.run(["--export", "md", script.path])
    #expect(markdown.status == 0)
    #expect(markdown.stdout == "exported \(scratch.url.path)/notes.md (2 statements, 1 failed: line 3)\n")
    let written = try String(contentsOfFile: scratch.url.path + "/notes.md", encoding: .utf8)
    #expect(written.hasPrefix("# Notes\n\n```liplab\nx = 3\n```\n\n```text\nx = 3\n```\n\n```liplab\ny = nosuch\n```\n\n```error\nnotes.lip:3:5: error: unknown variable 'nosuch'"))
    let notebook = try Liplab.run(["--export", "ipynb", script.path, "-o", scratch.url.path + "/handout.ipynb"])
    #expect(notebook.status == 0)
    let json = try String(contentsOfFile: scratch.url.path + "/handout.ipynb", encoding: .utf8)
    #expect(json.contains("\"nbformat_minor\": 5"))
    let unwritable = try Liplab.run(["--export", "md", script.path, "-o", "/nonexistent/dir/x.md"])
    #expect(unwritable.status == 1)
    #expect(unwritable.stderr == "error: cannot write '/nonexistent/dir/x.md': no such directory\n")
    // From a session, `save` writes the same Markdown as exporting the script it would save.
    let saved = try Liplab.run([], input: "x = 3\ny = nosuch\nsave \"session.md\"\nsave \"session.lip\"\n", in: scratch.url)
    #expect(saved.stdout == "x = 3\nsaved 1 statement to session.md\nsaved 1 statement to session.lip\n")
    let exported = try Liplab.run(["--export", "md", scratch.url.path + "/session.lip", "-o", scratch.url.path + "/again.md"])
    #expect(exported.status == 0)
    #expect(
      try String(contentsOfFile: scratch.url.path + "/session.md", encoding: .utf8)
        == String(contentsOfFile: scratch.url.path + "/again.md", encoding: .utf8))
  }

  @Test("a missing script gives a clear error naming it and exit 1")
  func missingScript() throws {
    let run = try Liplab.run(["/nonexistent/dir/missing.lip"])
    #expect(run.status == 1)
    let all = run.stdout + run.stderr
    #expect(all.contains("error:"))
    #expect(all.contains("/nonexistent/dir/missing.lip"))
  }

  @Test("closed or empty stdin exits 0 with no output", arguments: [nil, "", "\n\n", "# only a comment\n"])
  func emptyInput(input: String?) throws {
    let run = try Liplab.run([], input: input)
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.isEmpty)
  }

  @Test("quit ends piped input with status 0")
  func quitEndsInput() throws {
    let run = try Liplab.run([], input: "quit\nnorm2([3 0; 0 4])\n")
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
  }
}
