// The golden suite: every script in sessions/ is replayed and compared with its recorded .out
// transcript (numbers with a relative tolerance, text exactly). A mismatch fails with the diff.
//
// To re-record on purpose after a deliberate change, run
//     LIPLAB_RECORD=1 swift test --filter SessionsTests
// and review the transcripts' diff before committing it.

import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The scripts in sessions/, as paths relative to the package root (`sessions/01-norms.lip`).
let sessionScripts: [String] = directoryEntries(packageRoot + "/sessions")
  .filter { $0.hasSuffix(".lip") }.map { "sessions/" + $0 }

@Suite struct SessionsTests {
  @Test func theCurriculumIsThere() {
    #expect(
      sessionScripts.prefix(3) == [
        "sessions/00-lipschitz-and-generalization.lip", "sessions/01-norms.lip",
        "sessions/02-power-iteration.lip",
      ])
  }

  @Test(arguments: sessionScripts)
  func replayMatchesTheTranscript(script: String) throws {
    let text = try MatrixFile.readText(path: packageRoot + "/" + script)
    // The path in diagnostics is the relative one, as `liplab --check sessions/` run from the
    // package root prints it, so the transcript does not depend on where the clone lives.
    let replay = ScriptRunner().transcript(ofScript: text, path: script)
    let outPath = packageRoot + "/" + ScriptRunner.transcriptPath(of: script)
    if getenv("LIPLAB_RECORD") != nil {
      try AtomicFile.write(replay.text, to: outPath)
      return
    }
    let recorded = try MatrixFile.readText(path: outPath)
    let diff = TranscriptComparison().diff(
      expected: recorded, actual: replay.text, expectedName: ScriptRunner.transcriptPath(of: script),
      actualName: "replay of \(script)")
    if !diff.isEmpty {
      let message = "\(script) does not match its transcript (LIPLAB_RECORD=1 re-records):\n"
      Issue.record(Comment(rawValue: message + diff.joined(separator: "\n")))
    }
    // The teaching sessions run without errors, and their transcripts hold no absolute paths or
    // escape codes.
    #expect(replay.report.failedLines.isEmpty, "a statement in \(script) failed")
    #expect(!replay.text.contains(packageRoot))
    #expect(!replay.text.contains("\u{1B}"))
  }
}
