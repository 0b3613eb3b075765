// The keys of a paced replay (`--pace`): the bytes a terminal sends, read without echo, turned
// into "next statement", "end of file" or a key to drop, escape sequences taken whole. Pure.

/// What a key read from the terminal means while `--pace` waits.
public enum PaceKey: Equatable, Sendable {
  /// Enter, Space, →, ↓ or Page Down.
  case next
  /// The terminal's end-of-file character (VEOF, normally Ctrl-D).
  case endOfFile
  /// Anything else; dropped.
  case other
}

/// Turns the bytes of the terminal into keys: single bytes, and the escape sequences
/// ESC [ … final and ESC O final of cursor and editing keys, taken whole. Pure.
public struct PaceKeys: Sendable {
  /// The terminal's end-of-file character (0 when disabled).
  public let eof: UInt8
  /// The bytes of an escape sequence read so far (empty between keys).
  private var sequence: [UInt8] = []

  /// A parser for a terminal whose end-of-file character is `eof`.
  public init(eof: UInt8) { self.eof = eof }

  /// The key that `byte` completes, or nil while an escape sequence is still open.
  public mutating func key(_ byte: UInt8) -> PaceKey? {
    let escape: UInt8 = 0x1B
    if sequence.isEmpty {
      if byte == escape {
        sequence = [byte]
        return nil
      }
      switch byte {
      case UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " "): return .next
      case eof where eof != 0: return .endOfFile
      default: return .other
      }
    }
    if sequence.count == 1 {
      // After ESC: '[' (CSI) or 'O' (SS3) opens a sequence; anything else ends a lone ESC
      // (dropped) and counts as a key of its own.
      guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") else {
        sequence = []
        return key(byte)
      }
      sequence.append(byte)
      return nil
    }
    sequence.append(byte)
    // Parameter and intermediate bytes (0x20–0x3F) continue it; a final byte (0x40–0x7E) ends
    // it; anything else breaks it off (dropped). Absurdly long sequences are dropped too.
    if (0x20 ... 0x3F).contains(byte) && sequence.count < 16 { return nil }
    defer { sequence = [] }
    guard (0x40 ... 0x7E).contains(byte) else { return .other }
    let body = Array(sequence.dropFirst())
    let advancing: [[UInt8]] = [
      Array("[C".utf8), Array("OC".utf8), Array("[B".utf8), Array("OB".utf8), Array("[6~".utf8),
    ]
    return advancing.contains(body) ? .next : .other
  }
}
