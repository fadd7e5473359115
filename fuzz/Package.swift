// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for PTOSim's file readers. A package of its own, so that a plain `swift build` / `swift test` of
// PTOSim never sees fuzzer flags: `make fuzz` builds this folder with `-sanitize=fuzzer,address` (which also
// instruments the PTOSim modules it depends on) in `.build-fuzz`, and runs each target for FUZZ_SECONDS.
// `-parse-as-library` because a libFuzzer binary's `main` is libFuzzer's, not Swift's.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "PTOSimFuzz",
    dependencies: [
        .package(name: "PTOSim", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "PTOSimKit", package: "PTOSim")]),
        .executableTarget(name: "FuzzSafeTensors", dependencies: ["FuzzSupport", .product(name: "PTOSimKit", package: "PTOSim")],
                          swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzNPY", dependencies: ["FuzzSupport", .product(name: "PTOSimKit", package: "PTOSim")],
                          swiftSettings: fuzzTarget),
        .executableTarget(name: "FuzzTrace", dependencies: ["FuzzSupport", .product(name: "PTOSimKit", package: "PTOSim")],
                          swiftSettings: fuzzTarget),
    ],
    swiftLanguageModes: [.v6]
)
