// TermPlot: text plots for the terminal, rendered to `[String]` (one element per line, no trailing
// newline, never any colour codes). It knows nothing of matrices or critics: it takes numbers and
// strings.
//
// The target is layered like UnicodePlots.jl:
// - `Text/`: display width (`TextWidth`), a line of cells (`TextLine`), `hstack` / `vstack`.
// - `Canvas/`: grids of pixels — `AsciiCanvas` (1×1 pixel per cell, showing the series' marker)
//   and `BrailleCanvas` (2×4 pixels per cell, U+2800 block) — with deterministic Bresenham lines
//   and `DashPattern`s that tell braille series apart without colour.
// - `Frame/`: `PlotStyle`, `PlotAxis` (linear or log10, nice ticks), `PlotNumber` (the default
//   %g formatting) and `PlotFrame`, the shared layout that places a canvas between tick labels and
//   borders; every panel drawn under a plot aligns through it.
// - `Plots/`: one type per plot kind — `LinePlot` (with `Series`, `ReferenceLine`, `XMarks`),
//   `BarChart` (with `Bar`), `DensityStrip`.
//
// Invariant of every renderer: all lines of one plot have the same display width, which never
// exceeds the requested width (widths below a plot kind's documented minimum are raised to it).
//
// Typical use:
//
//     var f = LinePlot(title: "critic", width: 80, height: 12, style: .ascii, xRange: -4...4)
//     f.series = [Series("f(x)", x: xs, y: fx)]
//     f.strips = [DensityStrip(label: "real", samples: real),
//                 DensityStrip(label: "fake", samples: fake)]
//     var slope = LinePlot(title: "|f'(x)|", width: 80, height: 8, xRange: -4...4)
//     slope.series = [Series("|f'(x)|", x: xs, y: dfx)]
//     slope.referenceLines = [ReferenceLine(y: 1, label: "1")]
//     slope.marks = XMarks(label: "> 1", x: xs, holds: dfx.map { $0 > 1 })
//     let lines = vstack(LinePlot.aligned([f, slope]).map { $0.render() }, gap: 1)
//
//     BarChart.bar(value: 1.25, scale: 2, columns: 20, reference: 1, style: .ascii)
//     // "|##########|##        "
