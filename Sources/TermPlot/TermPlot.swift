// TermPlot: text plots for the terminal, rendered to `[String]` (one element per line, no trailing
// newline, never any colour codes).
//
// The target is layered like UnicodePlots.jl:
// - `Text/`: display width, a cell buffer for one line, and `hstack` / `vstack` composition.
// - `Canvas/`: grids of pixels — `AsciiCanvas` (1×1 pixel per cell, the series' marker) and
//   `BrailleCanvas` (2×4 pixels per cell, U+2800 block) — with deterministic line rasterisation.
// - `Frame/`: axes (linear or log10, nice ticks) and `PlotFrame`, the shared layout that places a
//   canvas between tick labels and borders; every panel drawn under a plot aligns through it.
// - `Plots/`: one type per plot kind — `LinePlot`, `BarChart`, `DensityStrip`.
//
// Invariant of every renderer: all lines of one plot have the same display width, which never
// exceeds the requested width (except where a documented minimum size applies).
