// A deterministic, grammar-aware generator of statement scripts for the statement pipeline, and
// the harness that runs one script in a fresh session and judges it. Seeded from the statements
// of `sessions/*.lip`; each script mutates a few of them (extreme numbers, cut or repeated text,
// stray brackets, quotes, control characters, byte-order marks) or builds expressions from the
// grammar. `make fuzz SECONDS=N` runs it for N seconds (`FuzzTests`); every input that ever
// failed the judge is kept under `Fixtures/fuzz/` and replayed by `make test`.
//
// The same judges serve libFuzzer (`Fuzz/`, built by `make fuzz`), which compiles this file too
// and hands it raw bytes: a script for `run`, or a file for `ReaderFuzzer.read`.
//
// The judge: a crash ends the test process (the script being run is written first to
// `.build/fuzz/current.lip`); a statement that runs on for more than `grace` seconds of
// processor time after its Ctrl-C (polled from the deadline) is a hang — processor time, so
// that a fuzzer starved of its core by other work does not report hangs that are not there; a statement that failed yet changed the
// variables broke the all-or-nothing rule. The grace is 5 s because the tests' build is
// unoptimised: `compare` of four methods, judging each interrupted run in full, needs 2–3 s
// there after Ctrl-C.

import DenseMatrix
import Foundation

@testable import Notebook

/// Generates scripts and judges them.
struct StatementFuzzer {
  /// The seed statements.
  let corpus: [String]
  private var random: RandomSource

  /// A fuzzer over `corpus`, seeded.
  init(corpus: [String], seed: UInt64) {
    self.corpus = corpus.isEmpty ? ["x = 1"] : corpus
    random = RandomSource(seed: seed)
  }

  /// The statements of every `.lip` script under `directory` (comments and blanks dropped).
  static func corpus(from directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".lip") }.sorted().flatMap { name -> [String] in
      guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else { return [] }
      return StatementReader.items(of: text, origin: .file(name), isCommand: { commands[$0] != nil })
        .compactMap { item in
          if case .statement(let s) = item { return s.text }
          return nil
        }
    }
  }

  private mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }
  private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  static let fragments = [
    "[", "]", "(", ")", "'", ".*", "./", ".^", "^", ":", ",", ";", "\n", "=", "\"", "#", "end", " ", "-", "+",
    "\u{0}", "\u{1B}[2J", "\u{FEFF}", "é", "\u{FFFD}", "\r", "\t", "1e309", "NaN", "Inf", "-0", "1e-320",
    "99999999", "2147483648", "x", "A", "W", "p", "seed=", "steps=", "max=", "tol=",
  ]
  static let numbers = ["0", "-1", "1e308", "1e-320", "NaN", "Inf", "-Inf", "99999", "2147483648", "0.5", "-0", "3"]

  /// One generated expression of depth at most `depth`.
  private mutating func expression(_ depth: Int) -> String {
    if depth == 0 || below(3) == 0 { return pick(Self.numbers + ["x", "A", "W", "pi", "end", "\"s\""]) }
    switch below(8) {
    case 0: return "[" + (0..<below(4)).map { _ in expression(depth - 1) }.joined(separator: " ") + "]"
    case 1: return "[\(expression(depth - 1)); \(expression(depth - 1))]"
    case 2: return "(\(expression(depth - 1)) \(pick(["+", "-", "*", "/", ".*", ".^", "^", ":"])) \(expression(depth - 1)))"
    case 3: return "\(pick(["ones", "zeros", "randn", "eye", "norm2", "svd", "exp", "sum", "max", "size", "orth", "hilbert"]))(\(expression(depth - 1)), \(expression(depth - 1)))"
    case 4: return "\(expression(depth - 1))'"
    case 5: return "\(pick(["A", "W", "x"]))(\(expression(depth - 1)), :)"
    case 6: return "-\(expression(depth - 1))"
    default: return "\(expression(depth - 1)):\(expression(depth - 1))"
    }
  }

  /// One mutation of `text`.
  private mutating func mutate(_ text: String) -> String {
    var scalars = Array(text.unicodeScalars)
    let at = below(scalars.count + 1)
    switch below(7) {
    case 0:  // a number replaced by an extreme one
      if let i = scalars.indices.dropFirst(at).first(where: { Lexer.isDigit(scalars[$0]) }) {
        var j = i
        while j < scalars.count && (Lexer.isDigit(scalars[j]) || scalars[j] == ".") { j += 1 }
        scalars.replaceSubrange(i..<j, with: pick(Self.numbers).unicodeScalars)
      }
    case 1: scalars.removeSubrange(at..<min(scalars.count, at + 1 + below(8)))
    case 2:
      let end = min(scalars.count, at + 1 + below(12))
      scalars.insert(contentsOf: scalars[at..<end], at: end)
    case 3: scalars.insert(contentsOf: pick(Self.fragments).unicodeScalars, at: at)
    case 4: scalars.insert(contentsOf: expression(3).unicodeScalars, at: at)
    case 5: scalars.insert(contentsOf: String(repeating: pick(["(", "["]), count: 1 + below(300)).unicodeScalars, at: at)
    default: return pick(["x", "A", "W", "y"]) + " = " + expression(4)
    }
    return String(String.UnicodeScalarView(scalars))
  }

  /// The next script: a few statements, each a seed statement mutated up to three times or a
  /// generated assignment.
  mutating func script() -> String {
    var lines = ["A = randn(4, 3, seed=1)", "W = ones(3, 3)", "x = 2"]
    for _ in 0..<(1 + below(4)) {
      var statement = pick(corpus)
      for _ in 0..<below(4) { statement = mutate(statement) }
      lines.append(statement)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The standard tables, built once: every fresh session of a run shares them, and the
  /// readers look commands up in them (building one costs more than running most inputs).
  static let commands = CommandTable.standard
  static let functions = FunctionTable.standard

  /// What running one script found.
  struct Verdict: Equatable {
    var statements = 0
    var findings: [String] = []
  }

  /// The settings of every fuzzed session and file read: a low element limit and memory budget,
  /// so that no input can ask for more than a few hundred kilobytes.
  static let settings: Settings = {
    var settings = Settings()
    settings.elementLimit = 20_000
    settings.memoryBudget = 2_000_000
    return settings
  }()

  /// Runs `script` in a fresh session with `settings`, each statement interrupted `budget`
  /// seconds after it starts; judges it as the file comment says.
  static func run(_ script: String, budget: Double = 1, grace: Double = 5) -> Verdict {
    let console = BufferConsole()
    let deadline = DeadlineCheck()
    let session = Session(
      console: console, settings: settings, isInterrupted: { deadline.passed }, commands: commands,
      functions: functions)
    var verdict = Verdict()
    var pipeline = StatementPipeline()
    var before: [String: String] = [:]
    func snapshot() -> [String: String] {
      Dictionary(uniqueKeysWithValues: session.variableNames.map { name in
        (name, session.value(of: name).map { ValuePrinter(settings: settings).summary($0, name: name) } ?? "")
      })
    }
    pipeline.interrupts = InterruptControl(isRequested: { deadline.passed }, reset: {})
    pipeline.beforeRunning = { _ in
      before = snapshot()
      deadline.start(after: budget)
      return .run
    }
    pipeline.didHandle = { item, outcome in
      guard case .statement(let statement) = item, let outcome else { return }
      verdict.statements += 1
      let overrun = deadline.processorTime - budget
      if overrun > grace {
        verdict.findings.append(
          "ran \(Int(overrun)) s of processor time past its Ctrl-C: \(statement.text.prefix(200))")
      }
      if outcome == .failed && snapshot() != before {
        verdict.findings.append("failed but changed the variables: \(statement.text.prefix(200))")
      }
    }
    _ = pipeline.run(TextLineSource(script), in: session, console: console, origin: .file("fuzz.lip"))
    return verdict
  }
}

/// Judges the file readers: bytes written to a file with a format's ending are read the way
/// `load` reads them (`--check` for a transcript) under `StatementFuzzer.settings`' element
/// limit. Each must give a value that holds what its shape says, within the limit, or a
/// `Diagnostic` with a message; a transcript must also read as a script and match itself.
enum ReaderFuzzer {
  /// The formats, named by their file endings.
  enum Format: String, CaseIterable {
    case npy, csv, safetensors, npz
    /// A recorded transcript (`.out`), as `--check` reads and compares it.
    case out
  }

  /// A transcript for the `.out` input to be compared with (the opening of a recorded one).
  static let reference = """
    # Norms of a matrix.
    liplab> A = [1 2; 3 4]
    A =
      1  2
      3  4
    liplab> norms A
      norm     value
      σ₁       5.46499
    liplab> x = [1 2
       ...> 3 4]   # rounding-dependent
    x = 0.333333

    """

  /// What reading `bytes` as `format` from a file in `directory` found (empty: clean).
  static func read(_ bytes: [UInt8], as format: Format, in directory: String) -> [String] {
    let path = directory + "/input." + format.rawValue
    // Written plainly (no temporary, no fsync): the readers' speed is what is being spent.
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return [] }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    guard written == bytes.count else { return [] }
    return read(path: path, as: format).findings
  }

  /// Reads the file at `path` as `format`; returns what was wrong (empty: clean) and the
  /// outcome: the error's message, or the shapes read (`w 2×2, b 2`), or a transcript's lines.
  static func read(path: String, as format: Format) -> (findings: [String], outcome: String) {
    let limit = StatementFuzzer.settings.elementLimit
    var findings: [String] = []
    func judge(_ tensor: Tensor, _ name: String) -> String {
      let count = tensor.shape.reduce(1, *)
      if count != tensor.elements.count || count > limit || tensor.shape.contains(where: { $0 < 1 }) {
        findings.append("\(name): shape \(tensor.shape) with \(tensor.elements.count) entries under the limit \(limit)")
      }
      return "\(name) \(tensor.shapeText)"
    }
    do throws(Diagnostic) {
      switch format {
      case .npy, .csv: return (findings, judge(try MatrixFile.readTensor(path: path, limit: limit), "array"))
      case .safetensors, .npz:
        let archive = try ArchiveFormat(path: path)!.read(path: path, limit: limit)
        let shapes = archive.tensors.map { judge($0.tensor, $0.name) }
        if archive.elementCount > limit { findings.append("\(archive.elementCount) entries in all, over the limit") }
        return (findings, shapes.joined(separator: ", "))
      case .out:
        let text = try MatrixFile.readText(path: path)
        _ = StatementReader.items(of: text, origin: .file("input.out"), isCommand: { StatementFuzzer.commands[$0] != nil })
        _ = TranscriptComparison().diff(expected: text, actual: reference, expectedName: "a", actualName: "b")
        if !TranscriptComparison().diff(expected: text, actual: text, expectedName: "a", actualName: "b").isEmpty {
          findings.append("a transcript differs from itself")
        }
        return (findings, "\(TranscriptComparison.lines(of: text).count) lines")
      }
    } catch {
      if error.message.isEmpty { findings.append("an error without a message") }
      return (findings, error.message)
    }
  }
}

/// A statement's deadline, polled by its interruption check.
final class DeadlineCheck: @unchecked Sendable {
  private let lock = NSLock()
  private var started = Date()
  private var processorStarted = 0.0
  private var budget = Double.infinity

  func start(after seconds: Double) {
    lock.lock()
    defer { lock.unlock() }
    started = Date()
    processorStarted = Self.processorSeconds()
    budget = seconds
  }

  /// The processor time, in seconds, the process (all its threads) has spent since `start`.
  var processorTime: Double {
    lock.lock()
    defer { lock.unlock() }
    return Self.processorSeconds() - processorStarted
  }

  private static func processorSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  var passed: Bool {
    lock.lock()
    defer { lock.unlock() }
    return Date().timeIntervalSince(started) > budget
  }
}
