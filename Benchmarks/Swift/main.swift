// liplab-bench: timing of liplab's kernels and algorithms, driven by Benchmarks/run.py.
//
//   liplab-bench list                 the subcommands, one per line
//   liplab-bench kernels [--npy DIR]  matrix–vector, power-step and matrix-product timings
//                                     (writes the benchmark matrices to DIR as .npy for NumPy)
//   liplab-bench <name> …             any other subcommand in the table below
//
// Every result is one JSON object per line on stdout; anything else printed is a note.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One subcommand of liplab-bench.
struct Subcommand {
  let name: String
  let summary: String
  let run: ([String]) throws -> Void
}

/// Every subcommand. To add a benchmark (e.g. the critics' training benchmark in
/// Benchmarks/Swift/Critic*.swift), add one line here: run.py runs each name that
/// `liplab-bench list` prints and that it knows how to compare.
let subcommands: [Subcommand] = [
  Subcommand(name: "kernels", summary: "matrix–vector, power step, matrix products", run: runKernels),
  Subcommand(name: "spectral", summary: "σ₁ by Lanczos and the exact SVD", run: runSpectral),
  // Subcommand(name: "critics", summary: "1-D critic training steps", run: runCriticsBenchmark),
]

/// `kernels [--npy DIR]`.
func runKernels(_ args: [String]) throws {
  let dir = args.firstIndex(of: "--npy").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
  for w in benchMatrices(writingTo: dir) { benchMatrixVector(w) }
  benchMatrixProducts()
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "list" else {
  for s in subcommands { print("\(s.name)\t\(s.summary)") }
  exit(0)
}
guard let command = subcommands.first(where: { $0.name == name }) else {
  print("liplab-bench: unknown subcommand '\(name)'; try 'liplab-bench list'")
  exit(64)
}
do {
  try command.run(Array(arguments.dropFirst()))
} catch {
  print("liplab-bench: \(name): \(error)")
  exit(1)
}
