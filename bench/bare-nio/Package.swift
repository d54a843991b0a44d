// swift-tools-version: 6.1
// A bare SwiftNIO HTTP server for bench/request_floor.py: what NIO alone costs per request on this machine,
// beside nginx and Otklik. Not part of the product; build it with
//     swift build -c release --package-path bench/bare-nio
import PackageDescription

let package = Package(
    name: "bare-nio",
    dependencies: [.package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3")],
    targets: [
        .executableTarget(
            name: "bare-nio",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ])
    ]
)
