// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "numsync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "numsync", targets: ["numsync"]),
        .executable(name: "numsync-sim", targets: ["numsync-sim"]),
        .library(name: "NumSyncCore", targets: ["NumSyncCore"]),
        .library(name: "NumSync", targets: ["NumSync"]),
        .library(name: "PortSIPSimulator", targets: ["PortSIPSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // The pure core: model, validation, planner, plan value. Standard library only.
        .target(name: "NumSyncCore"),

        // Atomic file writes that a planted link cannot redirect, and reads and writes of pipes that a
        // signal cannot break; for numsync, the simulator and the tests.
        .target(name: "FileWriting"),

        // libyaml, from Debian's libyaml-dev (pkg-config yaml-0.1).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // The edges: YAML loading and emitting, the PortSIP client, the executor, renderers.
        .target(
            name: "NumSync",
            dependencies: [
                "NumSyncCore",
                "CYAML",
                "FileWriting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),

        // prctl(PR_SET_PDEATHSIG) for a target's run: C, because prctl is variadic.
        .target(name: "CParentDeath"),

        // The command line: parse, call NumSync, print, pick an exit code.
        .executableTarget(
            name: "numsync",
            dependencies: [
                "CParentDeath",
                "FileWriting",
                "NumSync",
                "NumSyncCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),

        // The local PortSIP stand-in. It reads the lists' declarations from the core, but has its own
        // wire types and never imports the client's.
        .target(
            name: "PortSIPSimulator",
            dependencies: [
                "FileWriting",
                "NumSyncCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "numsync-sim",
            dependencies: [
                "PortSIPSimulator", "NumSyncCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),

        // In-process measurements for scripts/bench (loading, pure planning, a create load generator).
        .executableTarget(
            name: "numsync-bench",
            dependencies: [
                "CYAML",
                "NumSync",
                "NumSyncCore",
                "NumSyncFixtures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/numsync-bench"
        ),

        // Shorthands for exclusive numbers that tests and benchmarks use; numsync itself reads the
        // declarations.
        .target(name: "NumSyncFixtures", dependencies: ["NumSyncCore"], path: "Tests/NumSyncFixtures"),

        // For every test target: a simulator started in-process on a free loopback port, golden
        // files, fixtures, and the built executables.
        .target(
            name: "TestSupport",
            dependencies: ["FileWriting", "NumSyncFixtures", "PortSIPSimulator"],
            path: "Tests/TestSupport"
        ),

        .testTarget(name: "NumSyncCoreTests", dependencies: ["NumSyncCore", "NumSyncFixtures"]),
        .testTarget(
            name: "NumSyncTests",
            dependencies: [
                "FileWriting", "NumSync", "NumSyncCore", "NumSyncFixtures", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Read from the source tree by path (TestPaths.tests), never bundled.
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "numsyncTests",
            dependencies: ["numsync", "numsync-sim", "NumSync", "NumSyncFixtures", "TestSupport"]
        ),
        .testTarget(
            name: "PortSIPSimulatorTests",
            dependencies: [
                "PortSIPSimulator", "NumSyncCore", "NumSyncFixtures", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
