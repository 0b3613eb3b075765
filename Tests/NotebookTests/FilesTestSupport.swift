// Helpers for the file tests: a fresh temporary directory per test and the fixtures folder.

import Foundation

@testable import Notebook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A new empty directory under /tmp, unique per call; tests write their files there.
func makeTemporaryDirectory() -> String {
  var template = Array("/tmp/liplab-test-XXXXXX".utf8CString)
  let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  precondition(result != nil, "mkdtemp failed")
  return String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// A directory from `makeTemporaryDirectory()` for a suite's tests, removed with everything in
/// it when the suite instance (one per test) goes away.
final class TemporaryDirectory {
  let path = makeTemporaryDirectory()
  deinit { removeTemporaryDirectory(path) }
}

/// Removes `path` (which must be a test's temporary directory) and everything under it.
func removeTemporaryDirectory(_ path: String) {
  precondition(path.hasPrefix("/tmp/liplab-test-"), "removes only a test's temporary directory")
  try? FileManager.default.removeItem(atPath: path)
}

/// Writes `bytes` to `path` directly (not atomically: this builds fixtures).
func writeFixture(_ bytes: [UInt8], to path: String) {
  let file = fopen(path, "wb")
  precondition(file != nil, "cannot create \(path)")
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
  fclose(file)
}

/// Writes `text` as UTF-8 to `path`.
func writeFixture(_ text: String, to path: String) { writeFixture(Array(text.utf8), to: path) }

/// The names in directory `path`, sorted.
func directoryEntries(_ path: String) -> [String] { (DirectoryListing.names(in: path) ?? []).sorted() }

/// The folder of committed fixtures beside this file.
let fixturesDirectory: String = {
  let file = #filePath
  return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
}()

/// The package root (two levels above this file's folder).
let packageRoot: String = {
  var path = #filePath
  for _ in 0 ..< 3 { path = String(path[..<path.lastIndex(of: "/")!]) }
  return path
}()

/// The diagnostic thrown by `body`, or nil when it did not throw.
func diagnostic(of body: () throws(Diagnostic) -> Void) -> Diagnostic? {
  do {
    try body()
    return nil
  } catch {
    return error
  }
}

/// Makes a FIFO at `path` (which must lie in a test's own temporary directory).
func makeFIFO(_ path: String) {
  precondition(path.hasPrefix("/tmp/liplab-test-"), "FIFOs only in a test's temporary directory")
  precondition(mkfifo(path, 0o644) == 0, "mkfifo \(path) failed")
}

/// Makes a symbolic link at `path` holding `destination` (relative links resolve from the
/// link's directory).
func makeLink(_ path: String, to destination: String) {
  precondition(path.hasPrefix("/tmp/liplab-test-"), "links only in a test's temporary directory")
  precondition(symlink(destination, path) == 0, "symlink \(path) failed")
}

/// What `lstat` says `path` is: "file", "link", "fifo", "directory", "other", or nil.
func fileType(_ path: String) -> String? {
  var info = stat()
  guard lstat(path, &info) == 0 else { return nil }
  switch info.st_mode & S_IFMT {
  case S_IFREG: return "file"
  case S_IFLNK: return "link"
  case S_IFIFO: return "fifo"
  case S_IFDIR: return "directory"
  default: return "other"
  }
}

/// The destination stored in the symbolic link at `path`.
func linkDestination(_ path: String) -> String? {
  var buffer = [CChar](repeating: 0, count: 4096)
  let count = readlink(path, &buffer, buffer.count - 1)
  guard count >= 0 else { return nil }
  return String(decoding: buffer[0 ..< count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
