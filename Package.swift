// swift-tools-version: 6.1
import PackageDescription

// Layers the compiler holds: PinganDomain, MediationDomain and Routing never see Vapor; the server is
// ServerCore, one target per wing (MediationServer, PatrolServer), and PinganServer composing them.
let package = Package(
    name: "Pingan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pingan", targets: ["pingan"]),
        .library(name: "Routing", targets: ["Routing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        // The .xlsx exports are zip files of SpreadsheetML: a maintained zip library, not our own.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // /metrics in Prometheus text format through the maintained server-side client.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Fluent's connection pools: a request that waits past the pool's timeout is answered 503.
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.20.0"),
    ],
    targets: [
        // zlib from the system, for OSM PBF blobs and .osm.gz files.
        // (Named SystemZlib: ZIPFoundation's own zlib module is called CZlib, and clang modules share one namespace.)
        .systemLibrary(name: "SystemZlib", path: "Sources/SystemZlib"),
        // Foundation-only values both the domain and routing use: the one GeoPoint (latitude first)
        // and the one seeded generator. Routing depends on it, never on the org domain.
        .target(name: "GeoSupport"),
        // The domain: what both wings share, then each wing's own rules. Foundation only.
        .target(name: "PinganDomain", dependencies: ["GeoSupport"]),
        .target(name: "MediationDomain", dependencies: ["PinganDomain"]),
        // Patrol depends on Routing for the road network the command map and dispatch use.
        .target(name: "PatrolDomain", dependencies: ["PinganDomain", "Routing"]),
        .target(
            name: "Routing",
            dependencies: [
                "GeoSupport",
                "SystemZlib",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(
            name: "RoutingCLI",
            dependencies: [
                "Routing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What every wing of the server uses: settings, database, the caller and scope, errors,
        // paging, audit, accounts, org units, the route table and OpenAPI builder, page chrome.
        .target(
            name: "ServerCore",
            dependencies: [
                "PinganDomain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncKit", package: "async-kit"),
            ]
        ),
        // 民调通: disputes, board, case file, directives, discussions, lawyers, screening, statistics.
        // It never depends on patrol code; where the wings meet, ServerCore holds the protocol.
        .target(
            name: "MediationServer",
            dependencies: [
                "ServerCore",
                "MediationDomain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        // 网格化巡控: patrol units, devices, tracks and live positions. It never depends on mediation code.
        .target(
            name: "PatrolServer",
            dependencies: [
                "ServerCore",
                "PatrolDomain",
                "Routing",
                // gzip for the track archive.
                "SystemZlib",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                // A batch of fixes bound as SQLite values (FixStore's insert on the embedded database).
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                // LISTEN/NOTIFY for live updates across instances.
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ]
        ),
        // Composition only: configure, the route registration, the console commands.
        .target(
            name: "PinganServer",
            dependencies: [
                "ServerCore",
                "MediationServer",
                "PatrolServer",
                "Routing",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        .executableTarget(name: "pingan", dependencies: ["PinganServer", "RoutingCLI"]),
        .testTarget(name: "PinganDomainTests", dependencies: ["PinganDomain", "MediationDomain"]),
        .testTarget(name: "PatrolDomainTests", dependencies: ["PatrolDomain", "PinganDomain", "Routing"]),
        // Fixtures are read by path, not bundled.
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "RoutingCLI"], exclude: ["Fixtures"]),
        .testTarget(
            name: "PinganServerTests",
            dependencies: [
                "PinganServer",
                "ServerCore",
                "MediationServer",
                "PatrolServer",
                "PatrolDomain",
                "MediationDomain",
                "Routing",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncKit", package: "async-kit"),
            ]
        ),
        .testTarget(
            name: "BrowserTests",
            dependencies: [
                "PinganServer",
                "ServerCore",
                "MediationServer",
                "MediationDomain",
                "PatrolServer",
                "PatrolDomain",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
