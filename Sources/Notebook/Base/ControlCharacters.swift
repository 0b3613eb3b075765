// Control characters made visible before text reaches the terminal. A diagnostic may quote a
// file's bytes (a CSV cell, a .npy header, a script line, a file name); printed raw, an ESC or a
// carriage return in them would be obeyed by the terminal — clear the screen, move the cursor,
// hide what came before.

extension Unicode.Scalar {
  /// True for the C0 controls except tab, DEL and the C1 controls (Unicode category Cc):
  /// the characters a terminal may act on instead of showing.
  var isUnsafeControl: Bool {
    value != 0x09 && (value < 0x20 || (0x7F ... 0x9F).contains(value))
  }
}

extension String {
  /// The text with each control character except tab written as `\xHH` (ESC → `\x1b`, a
  /// carriage return → `\x0d`, U+009B → `\x9b`); everything else unchanged. Cost: O(length).
  public var escapingControlCharacters: String {
    guard unicodeScalars.contains(where: \.isUnsafeControl) else { return self }
    var result = String.UnicodeScalarView()
    for scalar in unicodeScalars {
      guard scalar.isUnsafeControl else {
        result.append(scalar)
        continue
      }
      let hex = String(scalar.value, radix: 16)
      result.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
    }
    return String(result)
  }

  /// The text with each control character except tab replaced by one U+FFFD (`�`), so every
  /// other character keeps its column: for echoed source lines, which a caret line points into.
  /// Cost: O(length).
  public var replacingControlCharacters: String {
    guard unicodeScalars.contains(where: \.isUnsafeControl) else { return self }
    return String(String.UnicodeScalarView(unicodeScalars.map { $0.isUnsafeControl ? "\u{FFFD}" : $0 }))
  }
}
