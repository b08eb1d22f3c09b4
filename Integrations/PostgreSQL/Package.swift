// swift-tools-version: 6.0
// EVDLPostgres: the PostgreSQL event store, outbox relays and runtime stores for EVDL.
// A package of its own, so that the main package stays free of dependencies.
import PackageDescription

let package = Package(
    name: "EVDLPostgres",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EVDLPostgres", targets: ["EVDLPostgres"]),
    ],
    dependencies: [
        .package(name: "EVDL", path: "../.."),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "EVDLPostgres",
            dependencies: [
                .product(name: "EVDLRuntime", package: "EVDL"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Figures: append rates against a raw INSERT ceiling, catch-up, relays, the file store beside them.
        // `Scripts/with-postgres swift run -c release evdl-pg-bench`.
        .executableTarget(
            name: "evdl-pg-bench",
            dependencies: [
                "EVDLPostgres",
                .product(name: "EVDLRuntime", package: "EVDL"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // A process the multi-process tests start several of: writers, a subscriber, a transaction left open.
        .executableTarget(
            name: "evdl-pg-worker",
            dependencies: [
                "EVDLPostgres",
                .product(name: "EVDLRuntime", package: "EVDL"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "EVDLPostgresTests",
            dependencies: [
                "EVDLPostgres",
                .product(name: "EVDLStoreConformance", package: "EVDL"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
