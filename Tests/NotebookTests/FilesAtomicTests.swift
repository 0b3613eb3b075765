// The atomic writer: content replaced whole, permissions kept, no temporary files left behind.

import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct FilesAtomicTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  @Test func writesANewFileAndReplacesIt() throws {
    let path = directory + "/out.txt"
    try AtomicFile.write("first\n", to: path)
    #expect(try MatrixFile.readText(path: path) == "first\n")
    try AtomicFile.write("second, longer ✓\n", to: path)
    #expect(try MatrixFile.readText(path: path) == "second, longer ✓\n")
    #expect(directoryEntries(directory) == ["out.txt"])
  }

  @Test func aNewFileGetsTheUsualModeLessTheUmask() throws {
    let path = directory + "/new.txt"
    try AtomicFile.write("x", to: path)
    var info = stat()
    #expect(stat(path, &info) == 0)
    // The umask as the kernel reports it (reading it with umask(2) would change it for every
    // test running at the same time); other umasks are tested on the binary.
    let status = try MatrixFile.readText(path: "/proc/self/status")
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
    let mask = try #require(mode_t(line.dropFirst(6).trimmingPrefix(while: \.isWhitespace), radix: 8))
    #expect(info.st_mode & 0o777 == 0o666 & ~mask)
  }

  @Test func anExistingFileKeepsItsPermissions() throws {
    let path = directory + "/script.lip"
    writeFixture("old", to: path)
    #expect(chmod(path, 0o600) == 0)
    try AtomicFile.write("new", to: path)
    var info = stat()
    #expect(stat(path, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600)
    #expect(try MatrixFile.readText(path: path) == "new")
  }

  @Test func failuresNameTheFileAndLeaveNothingBehind() {
    let missing = directory + "/no/such/dir/out.txt"
    #expect(
      diagnostic { () throws(Diagnostic) in try AtomicFile.write("x", to: missing) }?.message
        == "cannot write '\(missing)': no such directory")
    #expect(
      diagnostic { () throws(Diagnostic) in try AtomicFile.write("x", to: directory) }?.message
        == "cannot write '\(directory)': it is a directory")
    #expect(directoryEntries(directory) == [])
  }

  @Test func relativePathsWriteInTheWorkingDirectoryComponent() {
    #expect(AtomicFile.split("a.lip") == (".", "a.lip"))
    #expect(AtomicFile.split("sessions/a.lip") == ("sessions", "a.lip"))
    #expect(AtomicFile.split("/a.lip") == ("/", "a.lip"))
  }
}

@Test func joinKeepsOneSlashBetweenDirectoryAndName() {
  #expect(AtomicFile.join(".", "a.md") == "a.md")
  #expect(AtomicFile.join("/", "a.md") == "/a.md")
  #expect(AtomicFile.join("out", "a.md") == "out/a.md")
  #expect(AtomicFile.join("out/", "a.md") == "out/a.md")
}

@Suite struct DirectoryListingTests {
  /// Names of every length up to 200 bytes: readdir's records are as long as their names, so a
  /// reader that copies whole `dirent` structs reads past the last one (AddressSanitizer, under
  /// `make sanitize`, reports it; the stale-temporary sweep of `save` into /tmp met it).
  @Test func everyNameIsReadWhateverItsLength() {
    let directory = makeTemporaryDirectory()
    defer { removeTemporaryDirectory(directory) }
    let names = (1 ... 200).map { n in String(String(repeating: "abcdefghij", count: 20).prefix(n)) }
    for name in names { writeFixture("", to: directory + "/" + name) }
    #expect(DirectoryListing.names(in: directory)?.sorted() == names.sorted())
    #expect(DirectoryListing.names(in: directory + "/missing") == nil)
  }
}
