// The statement fuzzer (`StatementFuzzer`): `make fuzz-swift SECONDS=N` runs it for N seconds and
// prints how many scripts and statements ran and what it found; `make test` replays every kept
// input under `Fixtures/fuzz/`, each of which must now run clean: scripts (`.lip`) through the
// statement pipeline, files (`.npy`, `.csv`, `.safetensors`, `.npz`, `.out`) through the reader
// their ending names (`ReaderFuzzer`), as libFuzzer's targets (`make fuzz`) judge them.

import Foundation
import Testing

@testable import Notebook

private let repository: String = {
  var path = #filePath
  for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
  return path
}()

private let fuzzSeconds = ProcessInfo.processInfo.environment["LIPLAB_FUZZ_SECONDS"].flatMap(Double.init)

@Suite struct FuzzTests {
  @Test func keptInputsRunClean() throws {
    let directory = repository + "/Tests/NotebookTests/Fixtures/fuzz"
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".lip") }.sorted()
    #expect(!names.isEmpty)
    for name in names {
      let data = try #require(FileManager.default.contents(atPath: directory + "/" + name))
      let verdict = StatementFuzzer.run(String(decoding: data, as: UTF8.self))
      #expect(verdict.findings.isEmpty, "\(name): \(verdict.findings)")
      #expect(verdict.statements > 0, "\(name)")
    }
  }

  /// What each kept file reads as now, exactly (paths shortened to the file's name); each was
  /// a finding of `make fuzz`.
  static let keptFiles: [String: String] = [
    // The data's end was checked as start + length, which overflowed.
    "offsets-near-int-max.safetensors":
      "'offsets-near-int-max.safetensors' is truncated: its tensors need 9223372036854775799 bytes of data, the file has 16",
  ]

  @Test func keptFilesReadClean() throws {
    let directory = repository + "/Tests/NotebookTests/Fixtures/fuzz"
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    let kept = names.compactMap { name in
      ReaderFuzzer.Format(rawValue: String(name[name.index(after: name.lastIndex(of: ".") ?? name.startIndex)...]))
        .map { (name, $0) }
    }
    #expect(Set(kept.map(\.0)) == Set(Self.keptFiles.keys))
    for (name, format) in kept {
      let (findings, outcome) = ReaderFuzzer.read(path: directory + "/" + name, as: format)
      #expect(findings.isEmpty, "\(name): \(findings)")
      #expect(outcome.replacingOccurrences(of: directory + "/", with: "") == Self.keptFiles[name], "\(name)")
    }
  }

  @Test func theGeneratorIsDeterministic() {
    let corpus = StatementFuzzer.corpus(from: repository + "/sessions")
    #expect(corpus.count > 100)
    var a = StatementFuzzer(corpus: corpus, seed: 7), b = StatementFuzzer(corpus: corpus, seed: 7)
    for _ in 0..<50 { #expect(a.script() == b.script()) }
  }

  @Test(.enabled(if: fuzzSeconds != nil, "set LIPLAB_FUZZ_SECONDS (make fuzz-swift SECONDS=N)"))
  func fuzzTheStatementPipeline() throws {
    let seconds = fuzzSeconds ?? 0
    let output = repository + "/.build/fuzz"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    let seed = UInt64(ProcessInfo.processInfo.environment["LIPLAB_FUZZ_SEED"] ?? "") ?? 1
    var fuzzer = StatementFuzzer(corpus: StatementFuzzer.corpus(from: repository + "/sessions"), seed: seed)
    let start = Date()
    var scripts = 0, statements = 0, findings = 0
    while Date().timeIntervalSince(start) < seconds {
      let script = fuzzer.script()
      // A crash ends this process: the script that caused it is left here.
      FileManager.default.createFile(atPath: output + "/current.lip", contents: Data(script.utf8))
      let verdict = StatementFuzzer.run(script)
      scripts += 1
      statements += verdict.statements
      if !verdict.findings.isEmpty {
        findings += 1
        FileManager.default.createFile(atPath: output + "/finding-\(findings).lip", contents: Data(script.utf8))
        Issue.record("finding \(findings): \(verdict.findings)")
      }
    }
    let rate = Double(scripts) / max(Date().timeIntervalSince(start), 1e-9)
    print("fuzz: seed \(seed), \(scripts) scripts (\(String(format: "%.0f", rate))/s), \(statements) statements, \(findings) findings (in .build/fuzz/)")
  }
}
