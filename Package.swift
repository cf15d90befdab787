// swift-tools-version:6.0
// LossLab: is my loss right in Float16, bfloat16, Float32, and when does it break?
//
// Dependency direction (each module only imports those above it):
//   CMPFR (system library), CThreadSlot and CFloatEnvironment (small C targets)
//   LossLabFormats          the LossReal protocol, BFloat16, per-format constants
//   LossLabReference        the MPFR reference type and exact rounding to each format
//   LossLabReductions       summations, means, running mean, EMA, logsumexp, softmax
//   LossLabExpressions      losses written as expressions: parsed, checked, compiled, evaluated
//   LossLabLosses           every loss, written once, generic over LossReal
//   LossLabMeasurement      error measures and one-point evaluation in every format
//   LossLabTensorFiles      tensors read from .npy, .safetensors and CSV files (inputs)
//   LossLabRunner           experiment specs, input generators, the parallel sweep runner
//   LossLabOutput           precision tables: CSV, Markdown, the Results index
//   LossLabPlots            each table drawn as a hand-written SVG (no plotting dependency)
//   LossLabTensorBoard      precision tables and loss curves as TensorBoard event files
//   LossLabCompare          precision tables read back and compared
//   losslab                 the command line
//   losslab-bench           speed against a C floor (MPFRFloor) and allocation counts
import PackageDescription

let package = Package(
  name: "LossLab",
  products: [
    .executable(name: "losslab", targets: ["losslab"]),
    .library(name: "LossLab", targets: ["LossLabMeasurement"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // MARK: - Implementation details
    .systemLibrary(
      name: "CMPFR",
      pkgConfig: "mpfr",
      providers: [.apt(["libmpfr-dev"])]
    ),

    // The thread's flush-to-zero control, as TensorFlow and XLA set it on the CPU.
    .target(name: "CFloatEnvironment"),
    // The reference's per-thread arena pointer, as a C thread-local variable.
    .target(name: "CThreadSlot"),

    // MARK: - Library
    .target(
      name: "LossLabFormats",
      dependencies: [.product(name: "RealModule", package: "swift-numerics")]
    ),
    .target(name: "LossLabReference", dependencies: ["CMPFR", "CThreadSlot", "LossLabFormats"]),
    .target(name: "LossLabReductions", dependencies: ["LossLabFormats"]),
    .target(name: "LossLabExpressions", dependencies: ["LossLabFormats", "LossLabReductions"]),
    .target(
      name: "LossLabLosses",
      dependencies: ["LossLabFormats", "LossLabReductions", "LossLabExpressions", "CFloatEnvironment"]),
    .target(
      name: "LossLabMeasurement",
      dependencies: ["LossLabFormats", "LossLabReference", "LossLabReductions", "LossLabLosses"]
    ),

    .target(name: "LossLabTensorFiles", dependencies: ["LossLabFormats"]),
    .target(
      name: "LossLabRunner",
      dependencies: [
        "LossLabMeasurement", "LossLabExpressions", "LossLabTensorFiles",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(name: "LossLabOutput", dependencies: ["LossLabRunner"]),
    .target(name: "LossLabCompare", dependencies: ["LossLabOutput"]),
    .target(name: "LossLabPlots", dependencies: ["LossLabOutput"]),
    .target(name: "LossLabTensorBoard", dependencies: ["LossLabOutput"]),

    // MARK: - Command line
    .executableTarget(
      name: "losslab",
      dependencies: [
        "LossLabMeasurement", "LossLabRunner", "LossLabOutput", "LossLabCompare", "LossLabPlots",
        "LossLabTensorBoard", "LossLabExpressions", "LossLabTensorFiles",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Benchmarks (`make bench`)
    // The C floor the MPFR reference is measured against: the reference's MPFR calls on
    // preallocated variables.
    .target(
      name: "MPFRFloor",
      dependencies: ["CMPFR"],
      linkerSettings: [.linkedLibrary("mpfr"), .linkedLibrary("gmp")]
    ),
    // Counts malloc/calloc/realloc by interposing them; linked into losslab-bench only.
    .target(name: "AllocationCounter"),
    .executableTarget(
      name: "losslab-bench",
      dependencies: [
        "LossLabFormats", "LossLabReference", "LossLabReductions", "LossLabLosses",
        "LossLabMeasurement", "LossLabRunner", "LossLabExpressions", "MPFRFloor", "AllocationCounter",
      ],
      // Optimized in debug builds too, so that `swift test` checks the allocation counts of
      // specialized code (the inlinable losses specialize into this module).
      swiftSettings: [.unsafeFlags(["-O"])]
    ),

    // MARK: - Tests
    .testTarget(name: "LossLabFormatsTests", dependencies: ["LossLabFormats"]),
    .testTarget(name: "LossLabReferenceTests", dependencies: ["LossLabReference"]),
    .testTarget(name: "LossLabReductionsTests", dependencies: ["LossLabReductions"]),
    .testTarget(
      name: "LossLabExpressionsTests",
      dependencies: ["LossLabExpressions", "LossLabFormats", "LossLabReductions", "LossLabReference"]
    ),
    .testTarget(
      name: "LossLabLossesTests",
      dependencies: ["LossLabLosses", "LossLabMeasurement", "LossLabReference"]
    ),
    .testTarget(
      name: "LossLabMeasurementTests",
      dependencies: ["LossLabMeasurement", "LossLabRunner", "LossLabExpressions"]),
    .testTarget(name: "LossLabRunnerTests", dependencies: ["LossLabRunner"]),
    .testTarget(
      name: "LossLabTensorFilesTests",
      dependencies: ["LossLabTensorFiles", "LossLabRunner"],
      exclude: ["write_fixtures.py"]
    ),
    .testTarget(name: "LossLabOutputTests", dependencies: ["LossLabOutput"]),
    .testTarget(name: "LossLabCompareTests", dependencies: ["LossLabCompare"]),
    .testTarget(
      name: "LossLabRegressionTests",
      dependencies: [
        "LossLabCompare", "LossLabOutput", "LossLabRunner", "LossLabLosses", "LossLabMeasurement",
        "LossLabReductions", "LossLabReference",
      ]
    ),
    .testTarget(name: "LossLabPlotsTests", dependencies: ["LossLabPlots", "LossLabRunner"]),
    .testTarget(name: "LossLabCommandLineTests", dependencies: ["losslab"]),
    .testTarget(
      name: "LossLabTensorBoardTests",
      dependencies: ["LossLabTensorBoard", "LossLabOutput"],
      exclude: ["read_events.py"]
    ),
    // Runs the built losslab-bench (not a dependency: its malloc interposer stays out of the
    // test binary).
    .testTarget(
      name: "LossLabBenchTests",
      dependencies: ["MPFRFloor", "LossLabMeasurement", "LossLabReference", "LossLabLosses"]
    ),
  ]
)
