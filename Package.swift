// swift-tools-version:6.0
// liplab: a terminal notebook for Lipschitz constraints in deep learning.
// Dependencies point one way: liplab → Notebook → {Critics, TermPlot} → DenseMatrix →
// {NumberText, CPrefetch}
// (TermPlot → NumberText too).
import PackageDescription

/// Release builds use the instruction set of the machine they are built on (AVX2/AVX-512 and FMA
/// for the SIMD kernels; liplab is always built from source where it runs).
let nativeSettings: [SwiftSetting] = [
  .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release))
]

/// Hot numerical code: no bounds or overflow checks in release builds, no exclusivity checks.
let numericSettings: [SwiftSetting] = nativeSettings + [
  .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
  name: "liplab",
  products: [
    .executable(name: "liplab", targets: ["liplab"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
  ],
  targets: [
    // How every number is spelled (significant digits, NaN and Inf), below everything else.
    .target(name: "NumberText"),
    .target(
      name: "DenseMatrix",
      dependencies: [
        "NumberText", "CPrefetch", .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: numericSettings),
    // The matrix product's software prefetch (a C header: Swift cannot spell it).
    .systemLibrary(name: "CPrefetch"),
    .target(
      name: "Critics",
      dependencies: ["DenseMatrix", .product(name: "RealModule", package: "swift-numerics")],
      swiftSettings: numericSettings),
    .target(name: "TermPlot", dependencies: ["NumberText"]),
    .target(
      name: "Notebook", dependencies: ["NumberText", "DenseMatrix", "Critics", "TermPlot", "CZlib"],
      swiftSettings: nativeSettings),
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]),
    // zlib's inflate, for deflated members of .npz files.
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .target(name: "CInterrupts"),
    .executableTarget(
      name: "liplab",
      dependencies: [
        "Notebook", "CEditLine", "CInterrupts",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "liplab-bench",
      dependencies: ["DenseMatrix", "Critics"],
      path: "Benchmarks/Swift",
      swiftSettings: numericSettings),
    .testTarget(name: "DenseMatrixTests", dependencies: ["DenseMatrix"]),
    .testTarget(name: "CriticsTests", dependencies: ["Critics", "DenseMatrix"]),
    .testTarget(name: "TermPlotTests", dependencies: ["TermPlot"]),
    .testTarget(
      name: "NotebookTests", dependencies: ["Notebook", "DenseMatrix", "Critics", "TermPlot"],
      exclude: ["Fixtures"]),
    // The end-to-end and terminal tests run the built binary (the dependency builds it first);
    // the front end's pure parts are tested in NotebookTests.
    .testTarget(name: "LiplabTests", dependencies: ["liplab"]),
  ]
)

// `make fuzz` only: libFuzzer's driver (Fuzz/), built with -sanitize=fuzzer,address into
// .build-fuzz. It links libFuzzer, so the target is not part of the package otherwise and
// `swift build` never builds it.
if Context.environment["LIPLAB_FUZZ"] != nil {
  package.products.append(.executable(name: "liplab-fuzz", targets: ["liplab-fuzz"]))
  package.targets.append(
    .executableTarget(
      name: "liplab-fuzz", dependencies: ["Notebook", "DenseMatrix"], path: "Fuzz",
      exclude: ["dictionaries", "run", "seeds.py"]))
}
