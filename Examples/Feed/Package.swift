// swift-tools-version: 6.0
// The Feed example: its specs live in Sources/Feed/*.evdl and are compiled by the EVDL build-tool plugin on every build.
import PackageDescription

let package = Package(
    name: "Feed",
    platforms: [.macOS(.v14)],
    dependencies: [
        // In your own package: .package(url: "<EVDL repository URL>", from: "0.1.0")
        .package(name: "EVDL", path: "../.."),
    ],
    targets: [
        .target(
            name: "Feed",
            dependencies: [.product(name: "EVDLRuntime", package: "EVDL")],
            plugins: [.plugin(name: "EVDLGeneratorPlugin", package: "EVDL")]
        ),
        .executableTarget(name: "FeedDemo", dependencies: ["Feed"]),
        .testTarget(name: "FeedTests", dependencies: ["Feed", .product(name: "EVDLRuntime", package: "EVDL")]),
    ],
    swiftLanguageModes: [.v6]
)
