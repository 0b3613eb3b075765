// The spectral benchmarks of issue 4: σ₁ to 1e-10 by Golub–Kahan–Lanczos on the benchmark
// matrices (the same matrices NumPy/SciPy read) and the exact SVD of a 256×256 matrix.

import DenseMatrix

/// `spectral [--shape MxN]`: not available until the core's Lanczos lands.
func runSpectral(_ args: [String]) throws {
  print("spectral: Matrix.largestSingularTriplet is not available yet")
}

/// `svd`: not available until the core's SVD lands.
func runSVD(_ args: [String]) throws {
  print("svd: Matrix.svd is not available yet")
}
