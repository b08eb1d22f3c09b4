// swift-tools-version: 6.0
// The Checkout example: its specs live in Sources/Checkout/*.evdl and are compiled by the EVDL build-tool plugin on every build.
import PackageDescription

// With EVDL_DATABASE_URL set, the shop keeps everything in that PostgreSQL database through
// Integrations/PostgreSQL (postgres-nio); without it, in memory, and the package depends on nothing but EVDL.
// (Build the two into different folders, e.g. `swift test --scratch-path .build-postgres` for the first.)
let postgres = Context.environment["EVDL_DATABASE_URL"] != nil

let package = Package(
    name: "Checkout",
    platforms: [postgres ? .macOS(.v15) : .macOS(.v14)],
    dependencies: [
        // In your own package: .package(url: "<EVDL repository URL>", from: "0.1.0")
        .package(name: "EVDL", path: "../.."),
    ] + (postgres ? [.package(path: "../../Integrations/PostgreSQL")] : []),
    targets: [
        .target(
            name: "Checkout",
            dependencies: [.product(name: "EVDLRuntime", package: "EVDL")]
                + (postgres ? [.product(name: "EVDLPostgres", package: "PostgreSQL")] : []),
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
