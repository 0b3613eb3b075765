// Composition of rendered blocks: plots side by side (`compare`) or one above the other.

/// Places blocks of lines side by side, `gap` spaces apart, top-aligned.
///
/// Each block is padded on the right to its own widest line and at the bottom with blank lines,
/// so every output line has the same display width: the sum of the block widths plus the gaps.
/// A negative gap counts as 0. O(total characters).
public func hstack(_ blocks: [[String]], gap: Int = 2) -> [String] {
  let widths = blocks.map { block in block.map(TextWidth.of).max() ?? 0 }
  let height = blocks.map(\.count).max() ?? 0
  let spacer = String(repeating: " ", count: max(0, gap))
  var lines: [String] = []
  lines.reserveCapacity(height)
  for row in 0..<height {
    var line = ""
    for (index, block) in blocks.enumerated() {
      if index > 0 { line += spacer }
      line += TextWidth.padded(row < block.count ? block[row] : "", to: widths[index])
    }
    lines.append(line)
  }
  return lines
}

/// Places blocks of lines one above the other with `gap` blank lines between them, padding every
/// line on the right to the widest line of all blocks. O(total characters).
public func vstack(_ blocks: [[String]], gap: Int = 0) -> [String] {
  let width = blocks.flatMap { $0 }.map(TextWidth.of).max() ?? 0
  var lines: [String] = []
  for (index, block) in blocks.enumerated() {
    if index > 0 {
      lines += Array(repeating: String(repeating: " ", count: width), count: max(0, gap))
    }
    lines += block.map { TextWidth.padded($0, to: width) }
  }
  return lines
}
