// swift-tools-version: 6.0
// The Checkout example: its specs live in Sources/Checkout/*.evdl and are compiled by the EVDL build-tool plugin on every build.
import PackageDescription

let package = Package(
    name: "Checkout",
    platforms: [.macOS(.v14)],
    dependencies: [
        // In your own package: .package(url: "<EVDL repository URL>", from: "0.1.0")
        .package(name: "EVDL", path: "../.."),
    ],
    targets: [
        .target(
            name: "Checkout",
            dependencies: [.product(name: "EVDLRuntime", package: "EVDL")],
            plugins: [.plugin(name: "EVDLGeneratorPlugin", package: "EVDL")]
        ),
        .executableTarget(name: "CheckoutDemo", dependencies: ["Checkout"]),
        .testTarget(name: "CheckoutTests", dependencies: ["Checkout"]),
    ],
    swiftLanguageModes: [.v6]
)
