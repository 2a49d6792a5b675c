// swift-tools-version: 6.1
// Release benchmark for the Routing module against a plain C binary-heap Dijkstra on the same CSR arrays.
// Run: swift run -c release --package-path Benchmarks routing-bench ../shared/data/osm/porto_portugal.osm.pbf
import Foundation
import PackageDescription

// A path dependency's identity is its directory name, which differs between clones.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "RoutingBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CDijkstra", cSettings: [.unsafeFlags(["-O2"])]),
        .executableTarget(
            name: "routing-bench",
            dependencies: ["CDijkstra", .product(name: "Routing", package: rootIdentity)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
