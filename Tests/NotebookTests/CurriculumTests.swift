// sessions/README.md is the output of `liplab --curriculum sessions/`, every script names its
// topics from the list, and every command and function of the language is used by a session.

import Testing

@testable import Notebook


@Suite struct CurriculumTests {
  @Test func sessionsREADMEIsCurrent() throws {
    let generated = try ScriptRunner().curriculumText(paths: [packageRoot + "/sessions"])
    let committed = try MatrixFile.readText(path: packageRoot + "/sessions/README.md")
    #expect(committed == generated, "sessions/README.md is out of date: liplab --curriculum sessions/ > sessions/README.md")
  }

  @Test func everyCommandAndFunctionIsUsedBySomeSession() throws {
    let session = Session(console: BufferConsole())
    let entries = try sessionScripts.map { script throws in
      try Curriculum.entry(
        script: script, text: try MatrixFile.readText(path: packageRoot + "/" + script), session: session)
    }
    let unused = Curriculum.unused(by: entries, in: session)
    #expect(unused == [], "used by no session in sessions/: \(unused.joined(separator: ", "))")
    // Every script covers a topic, and every topic a teacher can have a session on today is covered.
    #expect(entries.allSatisfy { !$0.topics.isEmpty })
  }

  @Test func usesAreTheCommandsParsedAndTheFunctionsCalled() {
    let session = Session(console: BufferConsole())
    let text = "# T\n# Shows: s\n# Topics: Lanczos\nW = randn(3, 3, seed=1)  # norm2(W) in a comment\nnorms W\ntrain c real=normal(2, 1) method=wgan-gp\nnorms = fro(W)\nW\n"
    let entry = try? Curriculum.entry(script: "t.lip", text: text, session: session)
    #expect(entry == CurriculumEntry(script: "t.lip", title: "T", shows: "s", topics: ["Lanczos"], uses: ["randn", "norms", "train", "normal", "fro"]))
  }

  @Test(arguments: [
    ("# T\n# Topics: Lanczos\n", "t.lip: no '# Shows:' line"),
    ("# T\n# Shows: s\n", "t.lip: no '# Topics:' line"),
    ("# T\n# Shows: s\n# Topics: Lanczos, cooking\n", "t.lip: unknown topic 'cooking'"),
  ])
  func aScriptWithoutItsHeaderIsReported(text: String, message: String) {
    let session = Session(console: BufferConsole())
    let error = diagnostic { () throws(Diagnostic) in _ = try Curriculum.entry(script: "t.lip", text: text, session: session) }
    #expect(error?.message == message)
  }

  @Test func theMarkdownTableHasOneRowPerScriptAndEscapesBars() {
    let entries = [
      CurriculumEntry(script: "01-a.lip", title: "01 · A", shows: "max|w|", topics: ["matrix norms"], uses: ["norms", "fro"]),
      CurriculumEntry(script: "02-b.lip", title: "02 · B", shows: "b", topics: ["Lanczos"], uses: ["fro"]),
    ]
    let lines = Curriculum.markdown(entries, unused: ["save"]).split(separator: "\n").map(String.init)
    #expect(lines.contains("| [01 · A](01-a.lip) | max\\|w\\| | `norms`, `fro` | matrix norms |"))
    #expect(lines.contains("| [02 · B](02-b.lip) | b | — | Lanczos |"))
    #expect(lines.contains("| matrix norms | [01](01-a.lip) |"))
    #expect(lines.contains("| real networks | no session yet |"))
    #expect(lines.last == "Used by no session: `save`.")
  }
}
