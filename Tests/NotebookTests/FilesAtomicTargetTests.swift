// What the atomic writer replaces: a regular file, or the file at the end of a chain of
// symbolic links; never a FIFO, a directory or a device. Special files are made only in the
// test's own temporary directory (FIFOs with mkfifo); nothing under /dev is ever written.

import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct FilesAtomicTargetTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  func message(_ path: String) -> String? {
    diagnostic { () throws(Diagnostic) in try AtomicFile.write("new\n", to: path) }?.message
  }

  @Test(.timeLimit(.minutes(1)))
  func aFIFOIsRefusedAndStaysAFIFO() {
    let fifo = directory + "/pipe.lip"
    makeFIFO(fifo)
    #expect(message(fifo) == "cannot write '\(fifo)': it is a FIFO, not a regular file")
    #expect(fileType(fifo) == "fifo")
    #expect(directoryEntries(directory) == ["pipe.lip"])
  }

  @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() throws {
    let target = directory + "/target.lip"
    writeFixture("old\n", to: target)
    #expect(chmod(target, 0o600) == 0)
    makeLink(directory + "/link.lip", to: "target.lip")
    try AtomicFile.write("new\n", to: directory + "/link.lip")
    #expect(fileType(directory + "/link.lip") == "link")
    #expect(linkDestination(directory + "/link.lip") == "target.lip")
    #expect(try MatrixFile.readText(path: target) == "new\n")
    var info = stat()
    #expect(stat(target, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600)
    #expect(directoryEntries(directory) == ["link.lip", "target.lip"])
  }

  @Test func aChainOfRelativeLinksResolvesFromEachLinksDirectory() throws {
    #expect(mkdir(directory + "/sub", 0o755) == 0)
    writeFixture("old\n", to: directory + "/sub/target.lip")
    makeLink(directory + "/first.lip", to: "sub/second.lip")
    makeLink(directory + "/sub/second.lip", to: "target.lip")
    try AtomicFile.write("new\n", to: directory + "/first.lip")
    #expect(try MatrixFile.readText(path: directory + "/sub/target.lip") == "new\n")
    #expect(fileType(directory + "/first.lip") == "link")
    #expect(fileType(directory + "/sub/second.lip") == "link")
    #expect(directoryEntries(directory + "/sub") == ["second.lip", "target.lip"])
  }

  @Test func aDanglingLinkIsRefusedAndNothingIsCreated() {
    makeLink(directory + "/link.lip", to: directory + "/missing.lip")
    #expect(
      message(directory + "/link.lip")
        == "cannot write '\(directory)/link.lip': it links to '\(directory)/missing.lip', which does not exist")
    #expect(fileType(directory + "/link.lip") == "link")
    #expect(directoryEntries(directory) == ["link.lip"])
  }

  @Test(.timeLimit(.minutes(1)))
  func aLinkToAFIFOOrADirectoryIsRefusedNamingWhereItLeads() {
    makeFIFO(directory + "/fifo")
    #expect(mkdir(directory + "/sub", 0o755) == 0)
    makeLink(directory + "/to-fifo.lip", to: "fifo")
    makeLink(directory + "/to-dir.lip", to: directory + "/sub")
    #expect(
      message(directory + "/to-fifo.lip")
        == "cannot write '\(directory)/to-fifo.lip': it links to '\(directory)/fifo', which is a FIFO, not a regular file")
    #expect(
      message(directory + "/to-dir.lip")
        == "cannot write '\(directory)/to-dir.lip': it links to '\(directory)/sub', which is a directory")
    #expect(fileType(directory + "/fifo") == "fifo")
    #expect(directoryEntries(directory) == ["fifo", "sub", "to-dir.lip", "to-fifo.lip"])
    #expect(directoryEntries(directory + "/sub") == [])
  }

  @Test func aLinkLoopIsRefused() {
    makeLink(directory + "/a.lip", to: "b.lip")
    makeLink(directory + "/b.lip", to: "a.lip")
    #expect(message(directory + "/a.lip") == "cannot write '\(directory)/a.lip': too many levels of symbolic links")
    #expect(fileType(directory + "/a.lip") == "link")
    #expect(directoryEntries(directory) == ["a.lip", "b.lip"])
  }

  @Test func aLongChainWithinTheBoundIsFollowed() throws {
    writeFixture("old\n", to: directory + "/l\(AtomicFile.maximumLinks).lip")
    for i in 0 ..< AtomicFile.maximumLinks { makeLink(directory + "/l\(i).lip", to: "l\(i + 1).lip") }
    try AtomicFile.write("new\n", to: directory + "/l0.lip")
    #expect(try MatrixFile.readText(path: directory + "/l\(AtomicFile.maximumLinks).lip") == "new\n")
    makeLink(directory + "/l-1.lip", to: "l0.lip")
    #expect(message(directory + "/l-1.lip") == "cannot write '\(directory)/l-1.lip': too many levels of symbolic links")
  }

  @Test func aNameNearTheFileSystemsLimitCanBeWritten() throws {
    let name = String(repeating: "n", count: 246) + ".lip"
    #expect(name.utf8.count == 250)
    try AtomicFile.write("first\n", to: directory + "/" + name)
    try AtomicFile.write("second\n", to: directory + "/" + name)
    #expect(try MatrixFile.readText(path: directory + "/" + name) == "second\n")
    #expect(directoryEntries(directory) == [name])
  }

  @Test func theKindsOfFileAreNamedForMessages() {
    #expect(FileKind.notRegular(S_IFCHR | 0o666) == "a character device, not a regular file")
    #expect(FileKind.notRegular(S_IFBLK) == "a block device, not a regular file")
    #expect(FileKind.notRegular(S_IFIFO) == "a FIFO, not a regular file")
    #expect(FileKind.notRegular(S_IFSOCK) == "a socket, not a regular file")
    #expect(FileKind.notRegular(S_IFDIR | 0o755) == "a directory")
  }
}
