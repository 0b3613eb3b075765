// The spectral benchmarks of issue 4: σ₁ to 1e-10 by Golub–Kahan–Lanczos on the benchmark
// matrices (the same matrices NumPy/SciPy read) and the exact SVD of a 256×256 matrix.

import DenseMatrix

/// `spectral [--shape MxN]`: σ₁ to relative residual 1e-10 by `Matrix.largestSingularTriplet`
/// on the Gaussian and hard-spectrum matrices, with the number of matrix–vector products.
func runSpectral(_ args: [String]) throws {
  for w in benchMatrices(only: option("--shape", args)) {
    let matrix = try w.matrix()
    var result: LanczosResult?
    var failure: Error?
    let times = measure(minReps: 3, minTime: 0.5, maxReps: 30) {
      do {
        result = try matrix.largestSingularTriplet(tolerance: 1e-10)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    guard let r = result else { continue }
    report(
      "sigma1_lanczos",
      matrixFields(w) + [
        ("sigma", .number(r.sigma)), ("matvecs", .number(Double(r.matrixVectorProducts))),
        ("iterations", .number(Double(r.iterations))), ("converged", .number(r.converged ? 1 : 0)),
      ], times: times)
  }
}

/// `svd`: the thin SVD (`Matrix.svd()`) and the singular values alone (`singularValues()`) of
/// the 256×256 Gaussian benchmark matrix, with the reconstruction error of the SVD.
func runSVD(_ args: [String]) throws {
  guard let w = benchMatrices(only: "256x256").first(where: { $0.kind == "gauss" }) else { return }
  let matrix = try w.matrix()
  var svd = try matrix.svd()
  var failure: Error?
  let tSVD = measure(minReps: 5, minTime: 1) {
    do { svd = try matrix.svd() } catch { failure = error }
  }
  var sigma: [Double] = []
  let tValues = measure(minReps: 5, minTime: 1) {
    do { sigma = try matrix.singularValues() } catch { failure = error }
  }
  if let failure { throw failure }
  // ‖U diag(σ) Vᵀ − W‖F / ‖W‖F.
  let k = svd.singularValues.count
  var us = svd.u
  for i in 0 ..< us.rows { for j in 0 ..< k { us.elements[i * k + j] *= svd.singularValues[j] } }
  var rebuilt = [Double](repeating: 0, count: w.rows * w.columns)
  Kernels.gemm(
    transA: false, transB: true, m: w.rows, n: w.columns, k: k, alpha: 1, us.elements, lda: k,
    svd.v.elements, ldb: k, beta: 0, &rebuilt, ldc: w.columns)
  let diff = zip(rebuilt, w.elements).map { $0 - $1 }
  let error = Kernels.norm(diff, count: diff.count) / Kernels.norm(w.elements, count: diff.count)
  report(
    "svd", matrixFields(w) + [("sigma", .number(svd.singularValues[0])), ("error", .number(error))],
    times: tSVD)
  report("singular_values", matrixFields(w) + [("sigma", .number(sigma.first ?? .nan))], times: tValues)
}

/// The shapes of issue 11: singular values alone on all of them, the thin SVD on the first two.
let svdValueShapes = [(256, 256), (1024, 1024), (768, 3072), (2048, 2048), (4096, 1024)]
let svdVectorShapes = [(256, 256), (1024, 1024)]

/// `svdshapes [--shape MxN] [--npy DIR] [--threads T]`: the fast SVD route
/// (`singularValues()`, and `svd()` on the vector shapes) on Gaussian matrices of the issue-11
/// shapes, one thread unless `--threads` says otherwise; the Jacobi reference on 256² for
/// comparison. With `--npy` each matrix is written as `svd_MxN.npy` first, for NumPy.
func runSVDShapes(_ args: [String]) throws {
  let only = option("--shape", args)
  let threads = option("--threads", args).flatMap { Int($0) } ?? 1
  for (k, (m, n)) in svdValueShapes.enumerated() where only == nil || only == "\(m)x\(n)" {
    let w = BenchMatrix.gaussian(m, n, seed: 3000 + UInt64(k))
    if let dir = option("--npy", args), !w.writeNpy("\(dir)/svd_\(m)x\(n).npy") {
      print("liplab-bench: cannot write \(dir)/svd_\(m)x\(n).npy")
    }
    let matrix = try w.matrix()
    let large = m * n >= 1 << 20
    var failure: Error?
    var sigma: [Double] = []
    let tValues = measure(minReps: large ? 3 : 7, minTime: large ? 0 : 1) {
      do { sigma = try matrix.singularValues(threads: threads) } catch { failure = error }
    }
    if let failure { throw failure }
    let fields = matrixFields(w) + [("threads", .number(Double(threads)))]
    report("svd_values", fields + [("sigma", .number(sigma.first ?? .nan))], times: tValues)
    if svdVectorShapes.contains(where: { $0 == (m, n) }) {
      var svd: SingularValueDecomposition?
      let tVectors = measure(minReps: large ? 3 : 7, minTime: large ? 0 : 1) {
        do { svd = try matrix.svd(threads: threads) } catch { failure = error }
      }
      if let failure { throw failure }
      report("svd_vectors", fields + [("sigma", .number(svd?.singularValues.first ?? .nan))], times: tVectors)
    }
    if m * n <= 1 << 16 {
      let tJacobi = measure(minReps: 3, minTime: 0) {
        do { sigma = try matrix.singularValues(method: .jacobi) } catch { failure = error }
      }
      if let failure { throw failure }
      report("svd_values_jacobi", fields, times: tJacobi)
    }
  }
}
