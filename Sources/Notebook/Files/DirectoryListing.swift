// The names in a directory, read with opendir/readdir. A `dirent` record is only as long as its
// name needs (d_reclen), so the name is read in place up to its NUL: copying the whole struct,
// with its 256-byte d_name, reads past the end of the last record in readdir's buffer.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

enum DirectoryListing {
  /// The names of the entries of `path` other than `.` and `..`, in the order readdir gives
  /// them, or nil when the directory cannot be opened (errno says why). O(entries).
  static func names(in path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
