// A matrix larger than the memory the process may take is an error, not a crash in the
// allocator (how fast a large constructor answers Ctrl-C is in NotebookTests'
// LargeConstructorInterruptTests).

import Foundation
import Testing

@Suite("large matrices end to end")
struct LargeMatrixTests {
  // NOTE: AddressSanitizer and ThreadSanitizer reserve terabytes of address space for their
  // shadow memory at start-up, which an address-space limit forbids: `make sanitize` sets
  // LIPLAB_SANITIZER and this test, which needs the limit, is left to `make test`.
  @Test(
    "under ulimit -v 1500000, randn(16000, 16000) is an error and the session goes on",
    .enabled(if: ProcessInfo.processInfo.environment["LIPLAB_SANITIZER"] == nil))
  func outOfMemoryIsAnError() throws {
    let executable = try #require(Liplab.executable)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", "ulimit -v 1500000; exec \"$0\" -e 'A = randn(16000,16000)' -e 'x = 1 + 1'", executable.path,
    ]
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1, "\(stderr)")
    #expect(stderr.hasPrefix("error: a 16000×16000 matrix needs 2.05 GB, more than the "), "\(stderr)")
    #expect(!stderr.contains("Fatal error"))
    #expect(stdout == "x = 2\n")
  }
}
