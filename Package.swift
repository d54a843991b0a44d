// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Otklik",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "otklik", targets: ["otklik"]),
        .library(name: "OtklikCore", targets: ["OtklikCore"]),
        .library(name: "OtklikStore", targets: ["OtklikStore"]),
        .library(name: "OtklikAnalytics", targets: ["OtklikAnalytics"]),
        .library(name: "OtklikSQLite", targets: ["OtklikSQLite"]),
        .library(name: "OtklikServer", targets: ["OtklikServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Already in the graph through Hummingbird; named for NIOHTTPTypes (the ingest fast lane's HTTP parts)
        // and NIOHTTP1 (the connection guard answers the HTTP parser's errors).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Domain types and all metric math. No I/O.
        .target(name: "OtklikCore"),
        // The store contract: what any database must keep and answer, in domain values. No database here.
        .target(name: "OtklikStore", dependencies: ["OtklikCore"]),
        // The in-memory analytics index every metric is counted from.
        .target(name: "OtklikAnalytics", dependencies: ["OtklikCore", "OtklikStore"]),
        // The embedded store: the contract on SQLite (GRDB), with its fast paths.
        .target(
            name: "OtklikSQLite",
            dependencies: [
                "OtklikCore",
                "OtklikStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The Hummingbird application: JSON API, ingest pipeline, import/export, demo data.
        .target(
            name: "OtklikServer",
            dependencies: [
                "OtklikCore",
                "OtklikStore",
                "OtklikAnalytics",
                "OtklikSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The OpenAPI document, written by scripts/generate-openapi.
            resources: [.copy("OpenAPI/openapi.json")]
        ),
        .executableTarget(
            name: "otklik",
            dependencies: [
                "OtklikServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "OtklikCoreTests",
            dependencies: [
                "OtklikCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "OtklikStoreTests", dependencies: ["OtklikStore", "OtklikAnalytics", "OtklikSQLite"]),
        .testTarget(
            name: "OtklikServerTests",
            dependencies: [
                "OtklikServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            // Expected HTML of each page, read by path (PageSnapshotTests), not bundled.
            exclude: ["Web/__Snapshots__", "Journeys/Golden"]
        ),
    ]
)
