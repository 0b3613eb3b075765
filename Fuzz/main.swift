// liplab-fuzz, libFuzzer's driver for `make fuzz`: one binary, the target picked by
// LIPLAB_FUZZ_TARGET — `statements` (the bytes as a script), or a reader named by its file ending
// (`npy`, `csv`, `safetensors`, `npz`, `out`); the arguments are libFuzzer's. The judges are
// `StatementFuzzer.run` and `ReaderFuzzer.read` (StatementFuzzer.swift, shared with the tests);
// a finding they report aborts, so libFuzzer keeps the input as it keeps a crash. Hangs past
// -timeout and AddressSanitizer's reports, leaks included, are libFuzzer's own findings.
//
// This target exists only when the manifest sees LIPLAB_FUZZ (Package.swift) and is built with
// -sanitize=fuzzer,address, which links libFuzzer; this main hands it the input callback.

import Foundation

@testable import Notebook

/// libFuzzer's entry point for a program with its own main (compiler-rt's FuzzerInterface.h).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

func report(_ line: String) {
  FileHandle.standardError.write(Data("liplab-fuzz: \(line)\n".utf8))
}

/// What this process fuzzes, and the directory a reader's input file is written in:
/// LIPLAB_FUZZ_SCRATCH (`Fuzz/run` gives one in memory, so that the file rewritten millions of
/// times never reaches a disk), else the working directory.
enum Run {
  static let environment = ProcessInfo.processInfo.environment
  static let target = environment["LIPLAB_FUZZ_TARGET"] ?? "statements"
  static let format = ReaderFuzzer.Format(rawValue: target)
  static let scratch = environment["LIPLAB_FUZZ_SCRATCH"] ?? FileManager.default.currentDirectoryPath
}

guard Run.target == "statements" || Run.format != nil else {
  report("unknown LIPLAB_FUZZ_TARGET '\(Run.target)' (statements, npy, csv, safetensors, npz, out)")
  exit(2)
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(
  LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    // Statements get 25 ms each, then Ctrl-C, and a second more to stop: enough for hundreds of
    // training steps, short enough that the heavy statements of the seeds (train, compare, fit)
    // do not take most of the run.
    let found =
      Run.format.map { ReaderFuzzer.read(bytes, as: $0, in: Run.scratch) }
      ?? StatementFuzzer.run(String(decoding: bytes, as: UTF8.self), budget: 0.025, grace: 1).findings
    if !found.isEmpty {
      report("finding: \(found.joined(separator: "; "))")
      abort()
    }
    return 0
  })
