// swift-tools-version: 6.0
import PackageDescription

// Layers, bottom to top (see docs/architecture.md):
//   CBLAS, CPTOSimd ← PTONumerics ← PTOFormats ← PTOCases ← PTOGolden        (the reference: no emulator code)
//                    PTONumerics, PTOFormats ← PTOCore ← PTORuntime ← PTOKernels ← PTOScenes (+ PTOGolden) ← PTOSimCLI ← ptosim
let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "PTOSim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ptosim", targets: ["ptosim"]),
        .library(name: "PTOSimKit", targets: ["PTONumerics", "PTOFormats", "PTOCases", "PTOGolden",
                                              "PTOCore", "PTORuntime", "PTOKernels", "PTOScenes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Only for `make docs` (`swift package generate-documentation`); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: C
        .systemLibrary(name: "CBLAS", path: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // AVX-512 kernels of PTONumerics' bulk loops, compiled per function for AVX-512 and chosen at run time
        // (`SIMDPath`); the package itself still builds for the baseline x86-64 target.
        .target(name: "CPTOSimd"),

        // MARK: Layers
        .target(name: "PTONumerics", dependencies: ["CBLAS", "CPTOSimd"], swiftSettings: optimize),
        .target(name: "PTOFormats", dependencies: ["PTONumerics"], swiftSettings: optimize),
        .target(name: "PTOCases", dependencies: ["PTONumerics", "PTOFormats"], swiftSettings: optimize),
        .target(name: "PTOGolden", dependencies: ["PTONumerics", "PTOCases"], swiftSettings: optimize),
        .target(name: "PTOCore", dependencies: ["PTONumerics", "PTOFormats"],
                // The timed mode's cost-model parameters: one JSON file, compiled into the binary.
                resources: [.embedInCode("Timing/a2a3-timing.json")], swiftSettings: optimize),
        .target(name: "PTORuntime", dependencies: ["PTOCore", "PTONumerics"], swiftSettings: optimize),
        .target(name: "PTOKernels", dependencies: ["PTOCore", "PTORuntime", "PTOCases", "PTONumerics"],
                swiftSettings: optimize),
        .target(name: "PTOScenes", dependencies: ["PTOKernels", "PTOGolden", "PTOCases", "PTORuntime", "PTOCore", "PTOFormats",
                                                  "PTONumerics"],
                // simpler PR #694's on-board Performance Summary, the timed model's yardstick.
                resources: [.embedInCode("Resources/onboard-pr694.json")], swiftSettings: optimize),

        // MARK: CLI
        .target(name: "PTOSimCLI", dependencies: [
            "PTONumerics", "PTOFormats", "PTOCases", "PTOGolden", "PTOCore", "PTORuntime", "PTOKernels",
            "PTOScenes", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: optimize),
        .executableTarget(name: "ptosim", dependencies: ["PTOSimCLI"], swiftSettings: optimize),

        // MARK: Tests
        .target(name: "PTOTestSupport", dependencies: ["PTONumerics"], path: "Tests/PTOTestSupport"),
        .testTarget(name: "PTONumericsTests", dependencies: ["PTONumerics", "PTOTestSupport"]),
        .testTarget(name: "PTOFormatsTests", dependencies: ["PTOFormats", "PTOTestSupport"]),
        .testTarget(name: "PTOGoldenTests", dependencies: ["PTOGolden", "PTOCases", "PTOFormats", "PTOTestSupport"]),
        .testTarget(name: "PTOCoreTests", dependencies: ["PTOCore", "PTOTestSupport"]),
        .testTarget(name: "PTORuntimeTests", dependencies: ["PTORuntime", "PTOCore", "PTOGolden", "PTOCases",
                                                           "PTOTestSupport"]),
        .testTarget(name: "PTOKernelsTests", dependencies: ["PTOKernels", "PTOGolden", "PTOCases", "PTOTestSupport"]),
        .testTarget(name: "PTOScenesTests", dependencies: ["PTOScenes", "PTOKernels", "PTOGolden", "PTOCases",
                                                          "PTOCore", "PTORuntime", "PTOTestSupport"]),
        .testTarget(name: "PTOSimCLITests", dependencies: ["PTOSimCLI", "ptosim", "PTOTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
