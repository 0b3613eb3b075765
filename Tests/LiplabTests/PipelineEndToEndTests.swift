// The statement pipeline through the built binary: an unclosed bracket does not swallow the
// file, `-` and `--echo`, transcripts that check from any directory, and what `--record` says.

import Foundation
import Testing

@Suite("the statement pipeline end to end")
struct PipelineEndToEndTests {
  @Test("an unclosed '[' in a pipe ends at the next assignment, with a note at the bracket; the rest runs")
  func unclosedBracketDoesNotSwallowTheRest() throws {
    let run = try Liplab.run([], input: "W = [1 2\nx = 3\ny = 4\nx + y\n")
    #expect(run.status == 1)
    let errors = run.stderr.split(separator: "\n").map(String.init)
    #expect(errors.first == "<stdin>:1:9: error: expected ']' at end of input")
    #expect(errors.contains("  note: to close '[' at 1:5"))
    #expect(run.outputLines == ["x = 3", "y = 4", "7"])
  }

  @Test("liplab - replays stdin like a script, echoed; --echo does the same for a pipe and -e")
  func stdinAsAScriptAndEcho() throws {
    let input = "# note\nx = 3\nx * 2\n"
    let dash = try Liplab.run(["-"], input: input)
    #expect(dash.status == 0)
    #expect(dash.outputLines == ["# note", "liplab> x = 3", "x = 3", "liplab> x * 2", "6"])
    let echoed = try Liplab.run(["--echo"], input: input)
    #expect(echoed.stdout == dash.stdout)
    let failing = try Liplab.run(["--echo"], input: "y = nosuchname\n")
    #expect(failing.status == 1)
    #expect(failing.outputLines.first == "liplab> y = nosuchname")
    #expect(failing.outputLines.dropFirst().first?.hasPrefix("<stdin>:1:5: error:") == true, "diagnostics inline")
    let e = try Liplab.run(["--echo", "-e", "x = 2", "-e", "x + 1"])
    #expect(e.outputLines == ["liplab> x = 2", "x = 2", "liplab> x + 1", "3"])
  }

  @Test("a transcript recorded from one directory checks from another, however the path is typed")
  func transcriptsIndependentOfThePath() throws {
    let scratch = try Scratch()
    try scratch.write("x = 1\ny = nosuchname\n", to: "chk2/a.lip")
    let record = try Liplab.run(["--record", "chk2/"], in: scratch.url)
    #expect(record.status == 0)
    #expect(record.outputLines == ["recorded chk2/a.out (2 statements, 1 failed: line 2)"])
    let recorded = try String(contentsOf: scratch.url.appendingPathComponent("chk2/a.out"), encoding: .utf8)
    #expect(recorded.contains("a.lip:2:5: error: unknown variable 'nosuchname'"))
    for path in ["./chk2", "chk2/a.lip", scratch.url.appendingPathComponent("chk2").path] {
      let check = try Liplab.run(["--check", path], in: scratch.url)
      #expect(check.status == 0, "--check \(path):\n\(check.stdout)")
    }
    let inside = try Liplab.run(["--check", "a.lip"], in: scratch.url.appendingPathComponent("chk2"))
    #expect(inside.status == 0)
  }

  @Test("--check --bail stops at the first failing script")
  func checkBail() throws {
    let scratch = try Scratch()
    try scratch.write("x = 1\n", to: "s/a.lip")
    try scratch.write("x = 2\n", to: "s/b.lip")
    #expect(try Liplab.run(["--record", "s/a.lip"], in: scratch.url).status == 0)
    let all = try Liplab.run(["--check", "s"], in: scratch.url)
    #expect(all.status == 1)
    #expect(all.outputLines.last == "1 passed, 1 failed")
    try scratch.write("x = 1\n", to: "s/0.lip")
    let bail = try Liplab.run(["--check", "--bail", "s"], in: scratch.url)
    #expect(bail.status == 1)
    #expect(bail.outputLines.first == "FAIL s/0.lip")
    #expect(bail.outputLines.last == "0 passed, 1 failed")
  }

  @Test("bad combinations with --echo and '-' are usage errors", arguments: [
    ["--echo", "x.lip"], ["--check", "-"], ["--record", "-"],
  ])
  func usage(arguments: [String]) throws {
    #expect(try Liplab.run(arguments).status == 64)
  }
}
