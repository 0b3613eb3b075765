// `save`: the successful statements of a session written atomically as a script that replays to
// the same variables.

import DenseMatrix
import Foundation
import Testing

@testable import Notebook

/// A session with the standard tables, as liplab runs it.
final class SavingNotebook {
  let console = BufferConsole()
  let session: Session

  init() {
    session = Session(console: console)
  }

  @discardableResult
  func run(_ statements: String...) -> [StatementOutcome] {
    statements.map { session.execute(StatementSource(text: $0, origin: .interactive)) }
  }
}

@Suite struct MatrixSaveCommandTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  @Test func savesTheSuccessfulStatementsAndTheyReplayToTheSameState() throws {
    let notebook = SavingNotebook()
    let path = directory + "/s.lip"
    let outcomes = notebook.run(
      "A = [1 2\n3 4]", "B = nosuch * 2", "p = power(A, init=ones)", "step p 3", "vars", "norms A",
      "save \"\(path)\"")
    #expect(outcomes == [.ok, .failed, .ok, .ok, .ok, .ok, .ok])
    #expect(notebook.console.lines.last == "saved 4 statements to \(path)")
    let saved = try MatrixFile.readText(path: path)
    #expect(
      saved == """
        # liplab session: the statements that succeeded, in order
        A = [1 2
        3 4]
        p = power(A, init=ones)
        step p 3
        norms A

        """)
    // Replaying the saved script rebuilds the same variables.
    let replay = Session(console: BufferConsole())
    let runner = ScriptRunner()
    #expect(runner.transcript(ofScript: saved, path: "s.lip").report.failedLines.isEmpty)
    for item in StatementReader.items(of: saved, origin: .file("s.lip"), isCommand: { replay.commands[$0] != nil }) {
      if case .statement(let statement) = item { #expect(replay.execute(statement) == .ok) }
    }
    #expect(replay.variableNames == notebook.session.variableNames)
    if case .matrix(let a)? = replay.value(of: "A"), case .matrix(let b)? = notebook.session.value(of: "A") {
      #expect(a == b)
    } else {
      Issue.record("A was not rebuilt")
    }
  }

  @Test func overwritesAtomicallyAndTakesABareName() throws {
    let notebook = SavingNotebook()
    let path = directory + "/again.lip"
    writeFixture("old content that is longer than the new one\n", to: path)
    notebook.run("x = 1", "save \(path)")
    #expect(try MatrixFile.readText(path: path) == "# liplab session: the statements that succeeded, in order\nx = 1\n")
    #expect(directoryEntries(directory) == ["again.lip"])
  }

  @Test func aBadPathIsADiagnosticAtTheArgument() {
    let notebook = SavingNotebook()
    let outcomes = notebook.run("x = 1", "save \"/no/such/dir/s.lip\"", "save \"\"")
    #expect(outcomes == [.ok, .failed, .failed])
    #expect(notebook.console.lines.contains("error: cannot write '/no/such/dir/s.lip': no such directory"))
    #expect(notebook.console.lines.contains("error: the file name is empty"))
    let caret = notebook.console.lines.firstIndex(of: "  save \"/no/such/dir/s.lip\"").map { notebook.console.lines[$0 + 1] }
    #expect(caret == "       " + String(repeating: "^", count: 20))
  }

  @Test(.timeLimit(.minutes(1)))
  func aFIFOIsRefusedAtTheArgument() {
    let fifo = directory + "/pipe.lip"
    makeFIFO(fifo)
    let notebook = SavingNotebook()
    #expect(notebook.run("x = 1", "save \"\(fifo)\"") == [.ok, .failed])
    #expect(
      notebook.console.lines == [
        "x = 1",
        "error: cannot write '\(fifo)': it is a FIFO, not a regular file",
        "  save \"\(fifo)\"",
        "       " + String(repeating: "^", count: fifo.count + 2),
      ])
    #expect(fileType(fifo) == "fifo")
    #expect(directoryEntries(directory) == ["pipe.lip"])
  }

  @Test func savesThroughASymbolicLinkAndToALongName() throws {
    let notebook = SavingNotebook()
    writeFixture("old\n", to: directory + "/target.lip")
    makeLink(directory + "/link.lip", to: "target.lip")
    let long = directory + "/" + String(repeating: "s", count: 246) + ".lip"
    #expect(notebook.run("x = 1", "save \"\(directory)/link.lip\"", "save \"\(long)\"") == [.ok, .ok, .ok])
    let saved = "# liplab session: the statements that succeeded, in order\nx = 1\n"
    #expect(try MatrixFile.readText(path: directory + "/target.lip") == saved)
    #expect(try MatrixFile.readText(path: long) == saved)
    #expect(fileType(directory + "/link.lip") == "link")
    #expect(notebook.console.lines.last == "saved 1 statement to \(long)")
  }
}

@Test func saveOfAVariableWithoutAFileWritesNothing() throws {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }
  let notebook = SavingNotebook()
  #expect(notebook.run("W = [1 2; 3 4]", "save W") == [.ok, .failed])
  #expect(notebook.console.text.contains("error: 'W' is a variable, and save needs a file for it"))
  #expect(notebook.console.text.contains("save W \"W.npy\" writes the matrix"))
  #expect(access("W", F_OK) != 0)
  // Quoted, the same name is a file for the session.
  let path = directory + "/W"
  #expect(notebook.run("save \"\(path)\"") == [.ok])
  #expect(try MatrixFile.readText(path: path).hasPrefix("# liplab session"))
}
