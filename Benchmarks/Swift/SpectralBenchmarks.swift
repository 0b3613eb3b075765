// The spectral benchmarks of issue 4: σ₁ to 1e-10 by Golub–Kahan–Lanczos on the benchmark
// matrices (the same .npy files NumPy/SciPy read) and the exact SVD of a 256×256 matrix.

import DenseMatrix

/// `spectral [--npy DIR]`: not available until the core's Lanczos and SVD land.
func runSpectral(_ args: [String]) throws {
  print("liplab-bench: spectral: Matrix.largestSingularTriplet and Matrix.svd are not available yet")
}
