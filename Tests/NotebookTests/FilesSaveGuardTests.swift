// What the atomic writer refuses and cleans: a file nobody may write is not replaced, content
// over the file-size limit is refused before anything is written, and the temporaries a killed
// process left behind are removed once stale, and nothing else is.

import Testing

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct FilesSaveGuardTests {
  let scratch = TemporaryDirectory()
  var directory: String { scratch.path }

  @Test func aReadOnlyFileIsNotReplaced() throws {
    let path = directory + "/w.csv"
    writeFixture("1,2\n", to: path)
    #expect(chmod(path, 0o444) == 0)
    let error = diagnostic { () throws(Diagnostic) in try AtomicFile.write("3,4\n", to: path) }
    #expect(error?.message == "cannot write '\(path)': it is read-only (mode 0444)")
    #expect(error?.notes == ["make it writable first (chmod u+w), or save under another name"])
    #expect(try MatrixFile.readText(path: path) == "1,2\n")
    #expect(directoryEntries(directory) == ["w.csv"])
    // Any write bit lets it be replaced, and its mode is kept.
    #expect(chmod(path, 0o464) == 0)
    try AtomicFile.write("3,4\n", to: path)
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & 0o7777 == 0o464)
    #expect(try MatrixFile.readText(path: path) == "3,4\n")
  }

  @Test func theTemporaryNamePattern() {
    #expect(AtomicFile.isTemporaryName(".liplab-aZ09xY"))
    for name in [".liplab-abc", ".liplab-ABCDEFG", "liplab-ABCDEF", ".liplab-ABC.EF", ".liplab-ABCDE\u{E9}", "w.npy"] {
      #expect(!AtomicFile.isTemporaryName(name), "\(name)")
    }
    #expect(AtomicFile.octal(0o444) == "0444" && AtomicFile.octal(0o4755) == "4755")
  }

  /// Sets the modification time of `path` to `age` seconds ago.
  func age(_ path: String, by age: Int) {
    let then = time(nil) - age
    var times = [timeval(tv_sec: then, tv_usec: 0), timeval(tv_sec: then, tv_usec: 0)]
    #expect(utimes(path, &times) == 0)
  }

  @Test func staleTemporariesAreRemovedAndNothingElse() throws {
    for name in [".liplab-Old001", ".liplab-New001", ".liplab-abc", ".liplab-ABCDEFG", "keep.txt"] {
      writeFixture("partial", to: directory + "/" + name)
      if name != ".liplab-New001" { age(directory + "/" + name, by: 2 * AtomicFile.staleAge) }
    }
    #expect(mkdir(directory + "/.liplab-Dir001", 0o755) == 0)
    age(directory + "/.liplab-Dir001", by: 2 * AtomicFile.staleAge)
    makeLink(directory + "/.liplab-Lnk001", to: "keep.txt")
    try AtomicFile.write("1 2\n", to: directory + "/w.csv")
    #expect(
      directoryEntries(directory) == [
        ".liplab-ABCDEFG", ".liplab-Dir001", ".liplab-Lnk001", ".liplab-New001", ".liplab-abc", "keep.txt", "w.csv",
      ])
    // A failed write removes nothing.
    writeFixture("partial", to: directory + "/.liplab-Old002")
    age(directory + "/.liplab-Old002", by: 2 * AtomicFile.staleAge)
    _ = diagnostic { () throws(Diagnostic) in try AtomicFile.write("x", to: directory + "/.liplab-Dir001") }
    #expect(directoryEntries(directory).contains(".liplab-Old002"))
  }
}
