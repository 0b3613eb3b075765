// Fault tests of `save` on the built binary: kill -9 in the middle of a save, the umask, the
// file-size limit (ulimit -f), a directory the user may not write, and targets that are not
// files. Whatever happens, the target holds the old content or the new, never a part.

import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("save under faults")
struct SaveFaultTests {
  /// Runs `script` with /bin/sh in `directory`, `$LIPLAB` naming the binary.
  func shell(_ script: String, in directory: URL) throws -> LiplabRun {
    let executable = try #require(Liplab.executable, "the liplab binary was not found; run `swift build` first")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["LIPLAB"] = executable.path
    environment["XDG_STATE_HOME"] = directory.path
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return LiplabRun(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

  func entries(_ directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
  }

  func mode(_ url: URL) -> mode_t? {
    var info = stat()
    return stat(url.path, &info) == 0 ? info.st_mode & 0o7777 : nil
  }

  @Test(.timeLimit(.minutes(2)))
  func killedMidSaveLeavesTheOldFileOrTheNew() throws {
    let scratch = try Scratch()
    let directory = scratch.url
    let target = directory.appendingPathComponent("w.npy")
    let save = { (value: Int) in
      ["-e", "W = ones(700, 700) * \(value)", "-e", "save W \"w.npy\""]
    }
    // The two complete files, 3.9 MB each: the old content (1s) and the new (2s).
    #expect(try Liplab.run(save(2), in: directory).status == 0)
    let new = try #require(contents(target))
    #expect(try Liplab.run(save(1), in: directory).status == 0)
    let old = try #require(contents(target))
    #expect(old.count == new.count && old != new && old.count == 700 * 700 * 8 + 128)

    let executable = try #require(Liplab.executable)
    var outcomes: [String: Int] = [:]
    var generator = SystemRandomNumberGenerator()
    for _ in 0 ..< 20 {
      let process = Process()
      process.executableURL = executable
      process.arguments = save(2)
      process.currentDirectoryURL = directory
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      process.standardInput = FileHandle.nullDevice
      let before = Set(entries(directory))
      try process.run()
      // Wait until the temporary appears (the write has begun), then kill within a few ms.
      let deadline = Date().addingTimeInterval(20)
      while process.isRunning, Set(entries(directory)).subtracting(before).isEmpty, Date() < deadline {
        usleep(200)
      }
      usleep(UInt32.random(in: 0 ..< 4000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let now = try #require(contents(target))
      #expect(now == old || now == new, "a kill left \(now.count) bytes that are neither file")
      let outcome = now == old ? "old" : "new"
      outcomes[outcome, default: 0] += 1
      // Put the old file back for the next run (this run may have completed).
      if now == new { #expect(try Liplab.run(save(1), in: directory).status == 0) }
    }
    #expect(outcomes.values.reduce(0, +) == 20)
    // The kills land while the temporary is being written, so most keep the old file.
    #expect(outcomes["old", default: 0] > 0, "no kill landed during a save: \(outcomes)")
    // What a kill leaves behind is only liplab's temporaries, removed by a later save once stale.
    let leftovers = entries(directory).filter { $0 != "w.npy" }
    #expect(leftovers.allSatisfy { $0.hasPrefix(".liplab-") && $0.count == 14 }, "\(leftovers)")
    for name in leftovers {
      let old = time(nil) - 7200
      var times = [timeval(tv_sec: old, tv_usec: 0), timeval(tv_sec: old, tv_usec: 0)]
      #expect(utimes(directory.appendingPathComponent(name).path, &times) == 0)
    }
    #expect(try Liplab.run(save(1), in: directory).status == 0)
    #expect(entries(directory) == ["w.npy"])
  }

  @Test func theUmaskIsHonouredAndAReplacedFileKeepsItsMode() throws {
    let scratch = try Scratch()
    let directory = scratch.url
    let run = try shell(
      """
      umask 077 && "$LIPLAB" -e 'save [1 2] "private.csv"' -e 'save "private.lip"' &&
      umask 022 && "$LIPLAB" -e 'save [1 2] "shared.csv"' &&
      printf '0,0\\n' > kept.csv && chmod 640 kept.csv && umask 077 && "$LIPLAB" -e 'save [3 4] "kept.csv"'
      """, in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(mode(directory.appendingPathComponent("private.csv")) == 0o600)
    #expect(mode(directory.appendingPathComponent("private.lip")) == 0o600)
    #expect(mode(directory.appendingPathComponent("shared.csv")) == 0o644)
    #expect(mode(directory.appendingPathComponent("kept.csv")) == 0o640)
    #expect(contents(directory.appendingPathComponent("kept.csv")) == Data("3.0,4.0\n".utf8))
  }

  // NOTE: under ThreadSanitizer a small file-size limit stops any process at start-up (SIGBUS in
  // the runtime's shadow-memory writes, whatever the program does: `ulimit -f 100` and `x = 1`
  // alike), so `make sanitize` leaves this test to `make test` there.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["LIPLAB_SANITIZER"] != "thread"))
  func theFileSizeLimitGivesAnErrorAndKeepsTheOldFile() throws {
    let scratch = try Scratch()
    let directory = scratch.url
    try scratch.write("1,2\n", to: "w.csv")
    // 8 blocks (4 KiB in dash, 8 KiB in bash): far less than 100×100 numbers.
    let run = try shell(
      #"ulimit -f 8 && "$LIPLAB" -e 'W = ones(100, 100) / 3' -e 'save W "w.csv"' -e 'save W "w.npy"' -e 'norm2([3 0; 0 4])'"#,
      in: directory)
    let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
    #expect(errors.count == 2, "\(run.stderr)")
    for error in errors {
      #expect(error.contains("more than the file-size limit of") && error.hasSuffix("(ulimit -f)"), "\(error)")
    }
    #expect(run.stdout.contains("4"), "the session goes on: \(run.stdout)")
    #expect(contents(directory.appendingPathComponent("w.csv")) == Data("1,2\n".utf8))
    #expect(entries(directory) == ["w.csv"])
  }

  @Test func aDirectoryTheUserMayNotWriteGivesAnErrorAndChangesNothing() throws {
    let scratch = try Scratch()
    let directory = scratch.url
    let locked = directory.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false)
    try scratch.write("1,2\n", to: "locked/w.csv")
    #expect(chmod(locked.path, 0o555) == 0)
    defer { chmod(locked.path, 0o755) }
    // root may write anywhere, so as root the run drops to the user nobody.
    let asUser = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
    if !asUser.isEmpty && access("/usr/bin/setpriv", X_OK) != 0 && access("/bin/setpriv", X_OK) != 0 { return }
    let run = try shell(
      #"\#(asUser)"$LIPLAB" -e 'save [3 4] "locked/w.csv"' -e 'save "locked/s.lip"' -e 'norm2([3 0; 0 4])'"#,
      in: directory)
    let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
    #expect(
      errors == [
        "error: cannot write 'locked/w.csv': permission denied", "error: cannot write 'locked/s.lip': permission denied",
      ], "\(run.stderr)")
    #expect(contents(locked.appendingPathComponent("w.csv")) == Data("1,2\n".utf8))
    #expect(entries(locked) == ["w.csv"])
  }

  @Test(.timeLimit(.minutes(1)))
  func targetsThatAreNotFilesGiveOneLineErrorsAndChangeNothing() throws {
    let scratch = try Scratch()
    let directory = scratch.url
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("dir.csv"), withIntermediateDirectories: false)
    #expect(mkfifo(directory.appendingPathComponent("fifo.csv").path, 0o644) == 0)
    #expect(symlink("missing.csv", directory.appendingPathComponent("dangling.csv").path) == 0)
    try scratch.write("1,2\n", to: "ro.csv")
    #expect(chmod(directory.appendingPathComponent("ro.csv").path, 0o444) == 0)
    let before = entries(directory)
    let run = try shell(
      #""$LIPLAB" -e 'save [1 2] "dir.csv"' -e 'save [1 2] "fifo.csv"' -e 'save [1 2] "dangling.csv"' -e 'save "ro.csv"' -e 'norm2([3 0; 0 4])'"#,
      in: directory)
    let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
    #expect(
      errors == [
        "error: cannot write 'dir.csv': it is a directory",
        "error: cannot write 'fifo.csv': it is a FIFO, not a regular file",
        "error: cannot write 'dangling.csv': it links to 'missing.csv', which does not exist",
        "error: cannot write 'ro.csv': it is read-only (mode 0444)",
      ], "\(run.stderr)")
    #expect(run.stdout.contains("4"))
    #expect(entries(directory) == before)
    #expect(contents(directory.appendingPathComponent("ro.csv")) == Data("1,2\n".utf8))
  }
}
