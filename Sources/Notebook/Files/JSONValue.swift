// A small JSON parser (RFC 8259) for the header of a safetensors file.
//
// NOTE: liplab's own rather than Foundation's JSONSerialization: linking Foundation adds tens of
// milliseconds to start-up (liplab starts in about 6 ms) for one small object per file, and a
// header needs no more than objects, arrays, strings and numbers. Integers are kept exactly
// (offsets and sizes beyond 2⁵³ must not be rounded); nesting is limited so a hostile file cannot
// exhaust the stack.

/// A parsed JSON value.
enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits an `Int`.
  case integer(Int)
  /// Any other number.
  case number(Double)
  case string(String)
  case array([JSONValue])
  /// The members in the order the text gives them (a repeated key is refused).
  case object([(key: String, value: JSONValue)])

  static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// How messages name the kind of value: `a string`, `an object`, ….
  var article: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .integer, .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The deepest nesting of arrays and objects accepted.
  static let maximumDepth = 64

  /// The value `bytes` (UTF-8) hold, with nothing but whitespace around it.
  /// - Throws: `JSONError` with the byte offset of the first problem. Cost: O(bytes).
  static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.position == bytes.count else { throw parser.error("text after the value") }
    return value
  }
}

/// A problem in JSON text: what, and at which byte.
struct JSONError: Error, Equatable {
  let reason: String
  let offset: Int
}

/// Recursive descent over the bytes.
private struct JSONParser {
  let bytes: UnsafeRawBufferPointer
  var position = 0

  func error(_ reason: String) -> JSONError { JSONError(reason: reason, offset: position) }

  mutating func skipSpace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  mutating func value(depth: Int) throws(JSONError) -> JSONValue {
    skipSpace()
    guard position < bytes.count else { throw error("unexpected end") }
    switch bytes[position] {
    case UInt8(ascii: "{"):
      guard depth < JSONValue.maximumDepth else { throw error("nested too deeply") }
      position += 1
      var members: [(key: String, value: JSONValue)] = []
      var keys: Set<String> = []
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a key") }
        let key = try string()
        guard keys.insert(key).inserted else { throw error("the key \"\(key)\" appears twice") }
        try expect(":")
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        if try separator(closing: "}") { return .object(members) }
      }
    case UInt8(ascii: "["):
      guard depth < JSONValue.maximumDepth else { throw error("nested too deeply") }
      position += 1
      var elements: [JSONValue] = []
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(elements)
      }
      while true {
        elements.append(try value(depth: depth + 1))
        skipSpace()
        if try separator(closing: "]") { return .array(elements) }
      }
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try word("true"); return .bool(true)
    case UInt8(ascii: "f"): try word("false"); return .bool(false)
    case UInt8(ascii: "n"): try word("null"); return .null
    default: return try number()
    }
  }

  /// After an element: `,` (false: another follows) or the closing bracket (true).
  mutating func separator(closing: Unicode.Scalar) throws(JSONError) -> Bool {
    guard position < bytes.count else { throw error("unexpected end") }
    if bytes[position] == UInt8(ascii: ",") {
      position += 1
      return false
    }
    guard bytes[position] == UInt8(ascii: closing) else { throw error("expected ',' or '\(closing)'") }
    position += 1
    return true
  }

  mutating func expect(_ scalar: Unicode.Scalar) throws(JSONError) {
    skipSpace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: scalar) else { throw error("expected '\(scalar)'") }
    position += 1
  }

  mutating func word(_ text: String) throws(JSONError) {
    for byte in text.utf8 {
      guard position < bytes.count, bytes[position] == byte else { throw error("expected '\(text)'") }
      position += 1
    }
  }

  /// A string starting at the opening quote; escapes decoded, UTF-8 validated.
  mutating func string() throws(JSONError) -> String {
    position += 1
    var utf8: [UInt8] = []
    while true {
      guard position < bytes.count else { throw error("unterminated string") }
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let text = String(validating: utf8, as: UTF8.self) else { throw error("a string that is not UTF-8") }
        return text
      case UInt8(ascii: "\\"):
        guard position < bytes.count else { throw error("unterminated string") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800 ..< 0xDC00).contains(code) {
            try word("\\u")
            let low = try hex4()
            guard (0xDC00 ..< 0xE000).contains(low) else { throw error("an unpaired surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw error("an unpaired surrogate") }
          utf8.append(contentsOf: String(Character(scalar)).utf8)
        default: throw error("an unknown escape")
        }
      case 0 ..< 0x20: throw error("a control character in a string")
      default: utf8.append(byte)
      }
    }
  }

  mutating func hex4() throws(JSONError) -> UInt32 {
    var code: UInt32 = 0
    for _ in 0 ..< 4 {
      guard position < bytes.count, let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
        throw error("expected four hex digits")
      }
      code = code << 4 | UInt32(digit)
      position += 1
    }
    return code
  }

  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
  mutating func number() throws(JSONError) -> JSONValue {
    let start = position
    func digits(_ p: inout Int) -> Int {
      let from = p
      while p < bytes.count, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(bytes[p]) { p += 1 }
      return p - from
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
    let integerStart = position
    let count = digits(&position)
    guard count > 0 else {
      position = start
      throw error("expected a value")
    }
    guard count == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw error("a number with a leading zero") }
    var integral = true
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      integral = false
      guard digits(&position) > 0 else { throw error("expected digits after '.'") }
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      position += 1
      integral = false
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
      guard digits(&position) > 0 else { throw error("expected digits in the exponent") }
    }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start ..< position]), as: UTF8.self)
    if integral, let value = Int(text) { return .integer(value) }
    guard let value = Double(text) else { throw error("a number out of range") }
    return .number(value)
  }
}
