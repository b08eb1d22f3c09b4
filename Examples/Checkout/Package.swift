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
            // Two folders, one module: the checkout of the README's check command (Sources/Checkout) and its
            // choreography variant (Sources/Choreography), whose policies use the declarations of the first.
            path: "Sources",
            exclude: ["CheckoutDemo"],
            plugins: [.plugin(name: "EVDLGeneratorPlugin", package: "EVDL")]
        ),
        .executableTarget(name: "CheckoutDemo", dependencies: ["Checkout", .product(name: "EVDLRuntime", package: "EVDL")]),
        .testTarget(name: "CheckoutTests", dependencies: ["Checkout", .product(name: "EVDLRuntime", package: "EVDL")]),
    ],
    swiftLanguageModes: [.v6]
)
