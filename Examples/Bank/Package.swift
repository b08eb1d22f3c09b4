// swift-tools-version: 6.0
// The Bank example: its specs live in Sources/Bank/*.evdl and are compiled by the EVDL build-tool plugin on every build.
import PackageDescription

let package = Package(
    name: "Bank",
    platforms: [.macOS(.v14)],
    dependencies: [
        // In your own package: .package(url: "<EVDL repository URL>", from: "0.1.0")
        .package(name: "EVDL", path: "../.."),
    ],
    targets: [
        .target(
            name: "Bank",
            dependencies: [.product(name: "EVDLRuntime", package: "EVDL")],
            plugins: [.plugin(name: "EVDLGeneratorPlugin", package: "EVDL")]
        ),
        .executableTarget(name: "BankDemo", dependencies: ["Bank", .product(name: "EVDLRuntime", package: "EVDL")]),
        .testTarget(name: "BankTests", dependencies: ["Bank", .product(name: "EVDLRuntime", package: "EVDL")]),
    ],
    swiftLanguageModes: [.v6]
)
