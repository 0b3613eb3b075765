// Runs the built `liplab` binary as a child process for the end-to-end tests: arguments, bytes
// on stdin, and the exit status with everything written to stdout and stderr.

import Foundation
import Testing

/// What one run of the binary produced.
struct LiplabRun {
  var status: Int32
  var stdout: String
  var stderr: String

  /// Non-empty stdout lines, without trailing spaces.
  var outputLines: [String] {
    stdout.split(separator: "\n").map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
  }
}

/// Finds and runs the `liplab` executable built next to the test bundle.
enum Liplab {
  /// The binary: `$LIPLAB_BINARY`, else beside the test bundle (the directory of argv[0] and its
  /// parents, which covers `.build/debug/` and `.build/<triple>/debug/`), else
  /// `.build/debug/liplab` in the package holding this file.
  static let executable: URL? = {
    let fileManager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["LIPLAB_BINARY"] {
      return URL(fileURLWithPath: override)
    }
    var candidates: [URL] = []
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(directory.appendingPathComponent("liplab"))
      directory = directory.deletingLastPathComponent()
    }
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(package.appendingPathComponent(".build/debug/liplab"))
    return candidates.first { url in
      var isDirectory: ObjCBool = false
      return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
        && fileManager.isExecutableFile(atPath: url.path)
    }
  }()

  /// Runs liplab with `arguments`, feeding `input` on stdin (nil: stdin is /dev/null), inside
  /// `directory` when given. The history file goes to a scratch directory, never the user's.
  static func run(
    _ arguments: [String], input: String? = nil, in directory: URL? = nil,
    environment extra: [String: String] = [:]
  ) throws -> LiplabRun {
    let executable = try #require(executable, "the liplab binary was not found; run `swift build` first")
    let scratch = try Scratch()
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = scratch.url.path
    environment.merge(extra) { _, new in new }
    process.environment = environment

    let stdoutURL = scratch.url.appendingPathComponent("stdout")
    let stderrURL = scratch.url.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
    let stderrHandle = try FileHandle(forWritingTo: stderrURL)
    process.standardOutput = stdoutHandle
    process.standardError = stderrHandle
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe

    try process.run()
    if let input {
      inputPipe.fileHandleForWriting.write(Data(input.utf8))
      try inputPipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    try stdoutHandle.close()
    try stderrHandle.close()
    return LiplabRun(
      status: process.terminationStatus,
      stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
      stderr: try String(contentsOf: stderrURL, encoding: .utf8))
  }
}

/// A temporary directory removed when the value goes away.
final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("liplab-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Writes `text` to `name` inside the directory and returns its URL.
  @discardableResult
  func write(_ text: String, to name: String) throws -> URL {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// The numbers among the whitespace-separated words of `line` (words like `‖W‖₂` are skipped).
func numbers(in line: String) -> [Double] {
  line.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == "," }).compactMap { Double($0) }
}

/// True when `a` and `b` agree to a relative tolerance (the printed digits).
func isClose(_ a: Double, _ b: Double, relative tolerance: Double = 1e-5) -> Bool {
  abs(a - b) <= tolerance * max(abs(a), abs(b), 1)
}
