// The session's memory budget: how many bytes of matrices a session may hold at once, so that
// asking for more is an error instead of the process dying in the allocator ("Fatal error:
// failed to allocate"). The element limit (`set limit=N`) caps one matrix; the budget caps the
// matrices held in variables plus the one being made.
//
// The default is what this process can really get: half the physical memory, and no more than
// 80% of the address space left under `ulimit -v` (RLIMIT_AS) when the session starts, which
// leaves room for the runtime and for the temporary buffers of the computations themselves.

import NumberText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The memory a session's matrices may take.
public enum MemoryBudget {
  /// The budget of a new session, in bytes, computed once per process from the machine and the
  /// process's address-space limit (see the file comment).
  public static let processDefault: Int = {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let pages = Int(sysconf(Int32(_SC_PHYS_PAGES)))
    var budget = page > 0 && pages > 0 ? pages.multipliedReportingOverflow(by: page / 2).partialValue : Int.max
    if let space = addressSpaceLeft() { budget = min(budget, space / 5 * 4) }
    return max(0, budget)
  }()

  /// The bytes of address space left under RLIMIT_AS, or nil when there is no such limit.
  private static func addressSpaceLeft() -> Int? {
    var limit = rlimit()
    #if canImport(Glibc)
      let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
      let resource = RLIMIT_AS
    #endif
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max,  // RLIM_INFINITY
      limit.rlim_cur < UInt64(Int.max)
    else { return nil }
    return max(0, Int(limit.rlim_cur) - (mappedBytes() ?? 0))
  }

  /// The process's mapped address space now (the first field of /proc/self/statm, in pages), or
  /// nil where it cannot be read.
  private static func mappedBytes() -> Int? {
    guard let file = fopen("/proc/self/statm", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 128)
    guard fgets(&line, Int32(line.count), file) != nil else { return nil }
    let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let pages = Int(text.prefix { $0 != " " && $0 != "\n" }) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// `1.5 GB`, `512 MB`, `16 kB`: a byte count in decimal units with 3 significant digits.
  static func text(_ bytes: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return "\(NumberText.significant(value, digits: 3)) \(units[unit])"
  }
}
