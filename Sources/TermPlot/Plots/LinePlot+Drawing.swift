// Rasterising a line plot's series onto its canvas: validating points, clipping segments to the
// frame (Liang–Barsky in the unit square), and counting what was skipped.

extension LinePlot {
  /// The canvas with every series drawn, and what the note line should say.
  struct Drawing {
    var canvas: any Canvas
    /// Points with a position on both axes (drawn, or clipped when outside a requested range).
    var pointCount = 0
    var notes: [String] = []
  }

  /// Draws every series in `frame`. O(points × segment length in pixels).
  func draw(in frame: PlotFrame) -> Drawing {
    var drawing = Drawing(canvas: style.makeCanvas(columns: frame.columns, rows: frame.rows))
    var nonFinite = 0
    var nonPositive = 0
    for (index, s) in series.enumerated() {
      // Positions in the unit square, nil for skipped points.
      var positions: [(u: Double, v: Double)?] = []
      for i in 0..<min(s.x.count, s.y.count) {
        let (x, y) = (s.x[i], s.y[i])
        if !x.isFinite || !y.isFinite {
          nonFinite += 1
          positions.append(nil)
        } else if let u = frame.x.normalized(x), let v = frame.y.normalized(y) {
          positions.append((u, v))
        } else {
          nonPositive += 1
          positions.append(nil)
        }
      }
      drawing.pointCount += positions.count { $0 != nil }
      let marker = marker(of: index)
      let pattern = pattern(of: index)
      var phase = 0
      for i in positions.indices {
        guard let p = positions[i] else { continue }
        let previous = i > 0 ? positions[i - 1] : nil
        let next = i + 1 < positions.count ? positions[i + 1] : nil
        if s.connected, let previous {
          if let (a, b) = Self.clipped(previous, p),
            let a0 = frame.pixelX(normalized: a.u), let a1 = frame.pixelY(normalized: a.v),
            let b0 = frame.pixelX(normalized: b.u), let b1 = frame.pixelY(normalized: b.v)
          {
            drawing.canvas.drawLine(
              from: (a0, a1), to: (b0, b1), marker: marker, pattern: pattern, phase: &phase)
          }
        } else if !s.connected || next == nil,
          let px = frame.pixelX(normalized: p.u), let py = frame.pixelY(normalized: p.v)
        {
          // A point drawn on its own: every point of a scatter series, an isolated point of a line.
          drawing.canvas.setPixel(x: px, y: py, marker: marker)
        }
      }
      if style == .unicode, let mark = s.pointMark, TextWidth.isCellCharacter(mark) {
        for case let p? in positions {
          if let px = frame.pixelX(normalized: p.u), let py = frame.pixelY(normalized: p.v) {
            drawing.canvas.setMark(x: px, y: py, mark: mark)
          }
        }
      }
    }
    if nonFinite > 0 {
      drawing.notes.append("(\(nonFinite) non-finite point\(nonFinite == 1 ? "" : "s") skipped)")
    }
    if nonPositive > 0 {
      drawing.notes.append(
        "(\(nonPositive) point\(nonPositive == 1 ? "" : "s") <= 0 skipped on the log axis)")
    }
    return drawing
  }

  /// The part of segment a→b inside the unit square (Liang–Barsky), or nil when none of it is.
  /// A tolerance of 1e-9 keeps points lying on the frame edge; the result is clamped to 0...1.
  static func clipped(
    _ a: (u: Double, v: Double), _ b: (u: Double, v: Double)
  ) -> ((u: Double, v: Double), (u: Double, v: Double))? {
    let eps = 1e-9
    let du = b.u - a.u
    let dv = b.v - a.v
    guard du.isFinite, dv.isFinite else { return nil }
    var t0 = 0.0
    var t1 = 1.0
    for (p, q) in [(-du, a.u + eps), (du, 1 + eps - a.u), (-dv, a.v + eps), (dv, 1 + eps - a.v)] {
      if p == 0 {
        if q < 0 { return nil }
      } else {
        let r = q / p
        if p < 0 {
          if r > t1 { return nil }
          t0 = max(t0, r)
        } else {
          if r < t0 { return nil }
          t1 = min(t1, r)
        }
      }
    }
    func point(_ t: Double) -> (u: Double, v: Double) {
      (min(max(a.u + t * du, 0), 1), min(max(a.v + t * dv, 0), 1))
    }
    return (point(t0), point(t1))
  }
}
