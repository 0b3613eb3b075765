// liplab-bench: timing of liplab's kernels and algorithms, driven by Benchmarks/run.py.
//
//   liplab-bench list                 the subcommands, one per line
//   liplab-bench kernels [--shape MxN] [--npy DIR]
//                                     bandwidth, matrix–vector products and power steps on every
//                                     benchmark shape or one (writes the matrices to DIR as .npy)
//   liplab-bench gemm [--blocking MRxNR,KC,MC,NC]
//                                     the matrix products of the critics and three square ones
//   liplab-bench spectral [--shape MxN]  σ₁ by Lanczos on the same matrices
//   liplab-bench svd                  the exact SVD of the 256×256 Gaussian benchmark matrix
//   liplab-bench svdshapes [--shape MxN] [--npy DIR] [--threads T]
//                                     singular values (and the thin SVD) on the issue-11 shapes
//   liplab-bench fit [--steps N] [--hidden W] [--method M [--lambda L]]
//                                     the supervised reference fit (none, and specreg at 1e-3)
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
  Subcommand(name: "kernels", summary: "bandwidth, matrix–vector, power step", run: runKernels),
  Subcommand(name: "gemm", summary: "matrix products", run: runMatrixProducts),
  Subcommand(name: "spectral", summary: "σ₁ to 1e-10 by Lanczos", run: runSpectral),
  Subcommand(name: "svd", summary: "exact SVD of a 256×256 Gaussian matrix", run: runSVD),
  Subcommand(name: "svdshapes", summary: "fast SVD on the issue-11 shapes", run: runSVDShapes),
  Subcommand(name: "critics", summary: "1-D critic training steps", run: runCriticsBenchmark),
  Subcommand(name: "fit", summary: "6000 steps of a 1→256→256→1 regression fit", run: runFitBenchmark),
]

/// `kernels [--shape MxN] [--npy DIR]`.
func runKernels(_ args: [String]) throws {
  let matrices = benchMatrices(only: option("--shape", args), writingTo: option("--npy", args))
  for w in matrices { benchMatrixVector(w) }
}

/// The value after `name` in `args`, if any.
func option(_ name: String, _ args: [String]) -> String? {
  args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
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
