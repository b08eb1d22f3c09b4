// swift-tools-version: 6.0
// Benchmarks for EVDLRuntime: its own package, so the main package keeps no dependencies.
// Run: `swift run -c release evdl-bench` (see README.md).
import PackageDescription

let package = Package(
    name: "EVDLBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "EVDL", path: ".."),
    ],
    targets: [
        // SQLite from the system (`apt-get install libsqlite3-dev`), the baseline for append rates.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .executableTarget(
            name: "evdl-bench",
            dependencies: [.product(name: "EVDLRuntime", package: "EVDL"), "CSQLite"],
            exclude: ["Generated/README.md"]
        ),
        // A 3-step saga in memory: sagas per second and the orchestrator's overhead per step (see README.md).
        .executableTarget(
            name: "saga-bench",
            dependencies: [.product(name: "EVDLRuntime", package: "EVDL")],
            path: "Sources/SagaThroughput"
        ),
    ],
    swiftLanguageModes: [.v6]
)
