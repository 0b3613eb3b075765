// TermPlot target.
