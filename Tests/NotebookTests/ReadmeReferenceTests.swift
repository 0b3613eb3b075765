// The README's language reference is the output of `help` and `help syntax`: this keeps it so.

import Foundation
import Testing

@testable import Notebook

@Suite struct ReadmeReferenceTests {
  /// README.md at the top of the repository.
  static let readme: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
  }()

  /// What `statement` prints in a fresh session with the default settings.
  static func output(_ statement: String) -> String {
    let console = BufferConsole()
    _ = Session(console: console).execute(StatementSource(text: statement, origin: .interactive))
    return console.text
  }

  @Test(arguments: ["help", "help syntax"])
  func theReadmeShowsTheCurrentHelp(statement: String) throws {
    let readme = try #require(Self.readme)
    let text = Self.output(statement)
    #expect(readme.contains("```\n" + text + "```"), "README.md is out of date: paste the output of '\(statement)'")
  }
}
