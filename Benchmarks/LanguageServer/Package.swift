// swift-tools-version: 6.0
// The language server's re-check after a keystroke, measured in process: `swift run -c release lsp-bench`.
import PackageDescription

let package = Package(
    name: "EVDLLanguageServerBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "EVDL", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "lsp-bench", dependencies: [.product(name: "EVDLLanguageServer", package: "EVDL")]),
    ],
    swiftLanguageModes: [.v6]
)
