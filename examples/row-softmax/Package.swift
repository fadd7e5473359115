// swift-tools-version: 6.0
import PackageDescription

// A kernel of your own, outside PTOSim: this package depends on PTOSim by path and uses only its library product.
let package = Package(
    name: "row-softmax",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "PTOSim", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "row-softmax", dependencies: [.product(name: "PTOSimKit", package: "PTOSim")]),
    ],
    swiftLanguageModes: [.v6]
)
