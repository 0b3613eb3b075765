// Finding the scripts `--check` and `--record` work on: the files given, and the `.lip` files of
// the directories given, each real file once however many paths (symbolic links, `..`, a path
// given twice) lead to it, and without following a symbolic link that loops back up the tree.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension ScriptRunner {
  /// The scripts named by `paths`: a file as it is; a directory's `.lip` files (recursively,
  /// following symbolic links), sorted by name, joined to the directory as given.
  ///
  /// Contract: each file is listed once, under the first path that reaches it; a directory
  /// reached again (a link to itself or to an ancestor) is not walked again. Entries that
  /// cannot be stat'ed (dangling links) are skipped; a `.lip` entry that is not a regular file is
  /// listed, so reading it reports what it is.
  /// - Throws: `cannot read 'path': no such file` for a path that does not exist, the reason a
  ///   directory cannot be listed, or `no .lip scripts in 'path'` for a directory given that
  ///   holds none (checking nothing would pass silently).
  public static func scripts(under paths: [String]) throws(Diagnostic) -> [String] {
    var walk = ScriptWalk()
    for path in paths {
      var info = stat()
      guard stat(path, &info) == 0 else { throw FileInput.cannotRead(path, errno) }
      guard FileKind.isDirectory(info.st_mode) else {
        walk.add(path, info)
        continue
      }
      guard walk.directories.insert(FileIdentity(info)).inserted else { continue }
      let before = walk.found
      try walk.collect(directory: path)
      if walk.found == before { throw Diagnostic("no .lip scripts in '\(path)'") }
    }
    return walk.scripts
  }
}

/// The state of one walk: what was found, and which files and directories were already seen.
struct ScriptWalk {
  /// The scripts, in the order found.
  var scripts: [String] = []
  /// How many `.lip` files were met, listed or not (one seen before still counts).
  var found = 0
  /// The files listed so far.
  var files: Set<FileIdentity> = []
  /// The directories walked so far.
  var directories: Set<FileIdentity> = []

  /// Lists `path` unless the file was listed before.
  mutating func add(_ path: String, _ info: stat) {
    found += 1
    if files.insert(FileIdentity(info)).inserted { scripts.append(path) }
  }

  /// Walks `path`, already marked as seen, and the directories below it not seen yet.
  mutating func collect(directory path: String) throws(Diagnostic) {
    guard let names = DirectoryListing.names(in: path) else { throw FileInput.cannotRead(path, errno) }
    let prefix = path.hasSuffix("/") ? path : path + "/"
    for name in names.sorted() {
      let child = prefix + name
      var info = stat()
      guard stat(child, &info) == 0 else { continue }
      if FileKind.isDirectory(info.st_mode) {
        if directories.insert(FileIdentity(info)).inserted { try collect(directory: child) }
      } else if name.hasSuffix(".lip") {
        add(child, info)
      }
    }
  }
}
