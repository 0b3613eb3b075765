// The batch modes over many scripts, as the command line runs them: replay each path in turn,
// check or record every script under the paths. Each prints to a console and returns the exit
// status, so what `liplab FILE…`, `--check` and `--record` print is unit-tested here.

extension ScriptRunner {
  /// Replays `paths` in order, each in a fresh session, through `pipeline`. A path that cannot
  /// be read is reported and skipped (with bail, the rest too); an ending other than the end of
  /// input — `quit`, bail, Ctrl-C, Ctrl-D at a paced wait — skips the scripts after it. Returns
  /// the largest status of the runs (`PipelineReport.status`; 1 for an unreadable path).
  public func replay(paths: [String], console: Console, pipeline: StatementPipeline) -> Int32 {
    var status: Int32 = 0
    for path in paths {
      do throws(Diagnostic) {
        let report = try replay(path: path, console: console, pipeline: pipeline)
        status = max(status, report.status)
        if report.ending != .endOfInput { break }
      } catch {
        console.printDiagnostic(Self.render(error))
        status = max(status, 1)
        if pipeline.bail { break }
      }
    }
    return status
  }

  /// `--check`: prints `checkReport` of every script under `paths` (stopping at the first
  /// failure when `bail`); 0 when all passed, else 1.
  public func check(paths: [String], bail: Bool, colour: Bool, console: Console) -> Int32 {
    do throws(Diagnostic) {
      let results = try check(paths: paths, bail: bail)
      console.print(Self.checkReport(results, colour: colour).joined(separator: "\n"))
      return results.allSatisfy(\.passed) ? 0 : 1
    } catch {
      console.printDiagnostic(Self.render(error))
      return 1
    }
  }

  /// `--record`: rewrites every transcript under `paths`, printing each `RecordResult.summary`;
  /// 0 unless a path or a transcript could not be read or written.
  public func record(paths: [String], console: Console) -> Int32 {
    do throws(Diagnostic) {
      for written in try record(paths: paths) { console.print(written.summary) }
      return 0
    } catch {
      console.printDiagnostic(Self.render(error))
      return 1
    }
  }

  /// The lines of a diagnostic raised outside any statement (a missing file, a bad path).
  static func render(_ diagnostic: Diagnostic) -> [String] {
    DiagnosticRenderer.render(diagnostic, in: StatementSource(text: "", origin: .commandLine))
  }
}
