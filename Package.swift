// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SupportDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bus", targets: ["BusMain"]),
        .executable(name: "intake", targets: ["IntakeMain"]),
        .executable(name: "classification", targets: ["ClassificationMain"]),
        .executable(name: "sla", targets: ["SLAMain"]),
        .executable(name: "notification", targets: ["NotificationMain"]),
        .executable(name: "supportctl", targets: ["SupportCtlMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // libzmq through pkg-config; only `ZeroMQ` imports it.
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], swiftSettings: swiftSettings),
        .target(name: "SupportDomain", swiftSettings: swiftSettings),
        // A service's durable store on SQLite (embedded, the default) or PostgreSQL (shared by
        // several instances); only this module knows which.
        .target(
            name: "SupportStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Fresh SQLite files and PostgreSQL databases for the store tests of every service.
        .target(
            name: "StoreTesting", dependencies: ["SupportStore", "SupportRuntime", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .target(
            name: "SupportBus",
            dependencies: [
                "SupportStore",
                "ZeroMQ", "SupportDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SupportRuntime",
            dependencies: [
                "SupportDomain", "SupportBus", "SupportStore", "ZeroMQ",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Broker",
            dependencies: [
                "SupportStore",
                "ZeroMQ", "SupportBus", "SupportRuntime",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Intake",
            dependencies: [
                "SupportStore",
                "SupportDomain", "SupportBus", "SupportRuntime", "ZeroMQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Classification",
            dependencies: [
                "SupportDomain", "SupportBus", "SupportRuntime", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SLATimer",
            dependencies: [
                "SupportStore",
                "SupportDomain", "SupportBus", "SupportRuntime", "ZeroMQ",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Notification",
            dependencies: [
                "SupportStore",
                "SupportDomain", "SupportBus", "SupportRuntime", "ZeroMQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SupportCtl",
            dependencies: [
                "SupportDomain", "SupportBus", "SupportStore", "SupportRuntime", "ZeroMQ", "Broker", "Classification", "SLATimer", "Intake", "Notification",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "BusMain", dependencies: ["Broker", "SupportRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
        .executableTarget(name: "IntakeMain", dependencies: ["Intake", "SupportRuntime", .product(name: "Logging", package: "swift-log"), .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
        .executableTarget(
            name: "ClassificationMain", dependencies: ["Classification", "SupportRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
        .executableTarget(name: "SLAMain", dependencies: ["SLATimer", "SupportRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
        .executableTarget(
            name: "NotificationMain", dependencies: ["Notification", "SupportRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: swiftSettings),
        .executableTarget(
            name: "SupportCtlMain",
            dependencies: ["SupportCtl", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: swiftSettings),
        .testTarget(name: "SupportDomainTests", dependencies: ["SupportDomain"], swiftSettings: swiftSettings),
        .testTarget(name: "SupportRuntimeTests", dependencies: ["SupportRuntime"], swiftSettings: swiftSettings),
        .testTarget(name: "SupportStoreTests", dependencies: ["SupportStore", "StoreTesting", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(
            name: "SupportBusTests",
            dependencies: [
                "SupportBus", "SupportStore", "StoreTesting", "ZeroMQ", "SupportDomain", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BrokerTests",
            dependencies: [
                "Broker", "SupportBus", "ZeroMQ", "SupportDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IntakeTests",
            dependencies: [
                "Intake", "SupportRuntime", "SupportDomain", "SupportBus", "SupportStore", "StoreTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SLATimerTests", dependencies: ["SLATimer", "SupportDomain", "SupportBus", "SupportRuntime", "SupportStore", "StoreTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NotificationTests",
            dependencies: [
                "Notification", "SupportBus", "SupportDomain", "SupportRuntime", "SupportStore", "StoreTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ClassificationTests", dependencies: ["Classification", "SupportDomain"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "SupportDomain", "SupportBus", "SupportStore", "SupportRuntime", "StoreTesting", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
