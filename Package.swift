// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "merchant-backend",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "merchant", targets: ["MerchantCommand"]),
        .executable(name: "wooshpay-sandbox", targets: ["SandboxCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Tests only: reads the OpenAPI document to compare it with the registered routes.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // MARK: Native libraries (system-library targets)
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),

        // MARK: Adapters' primitives
        .target(name: "CryptoPrimitives", dependencies: ["COpenSSL"]),
        .target(
            name: "CurlTransport",
            dependencies: [
                "CCurl",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),

        // MARK: Domain and adapters
        .target(name: "OrderDomain"),
        .target(
            name: "PostgresStore",
            dependencies: [
                "OrderDomain", "CLibPQ", "CryptoPrimitives",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "WooshPayGateway",
            dependencies: [
                "OrderDomain", "CurlTransport", "CryptoPrimitives",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "OrderDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/demo"), .copy("Resources/admin")]),
        .target(
            name: "Workers",
            dependencies: [
                "OrderDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // MARK: Composition root and executables
        .target(
            name: "MerchantServer",
            dependencies: [
                "OrderDomain", "HTTPAPI", "Workers", "PostgresStore", "WooshPayGateway",
                "CurlTransport", "CryptoPrimitives",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        .executableTarget(
            name: "MerchantCommand",
            dependencies: [
                "MerchantServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(
            name: "WooshPaySandbox",
            dependencies: [
                "CryptoPrimitives", "CurlTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "SandboxCommand",
            dependencies: [
                "WooshPaySandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "PostgresStore", "OrderDomain", "DomainTestSupport", "CryptoPrimitives", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "CryptoPrimitivesTests", dependencies: ["CryptoPrimitives"]),
        // The pure tier's fakes: a strict stub gateway and in-memory stores calling the same
        // decisions; OrderDomain only, so the pure tests link no adapter.
        .target(name: "DomainTestSupport", dependencies: ["OrderDomain"], path: "Tests/DomainTestSupport"),
        .testTarget(name: "OrderDomainTests", dependencies: ["OrderDomain", "DomainTestSupport"]),
        .testTarget(
            name: "CurlTransportTests",
            dependencies: [
                "CurlTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        .testTarget(name: "PostgresStoreTests", dependencies: ["PostgresStore", "TestSupport"]),
        .testTarget(
            name: "WooshPaySandboxTests",
            dependencies: [
                "WooshPaySandbox", "CurlTransport", "CryptoPrimitives", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .testTarget(
            name: "WooshPayGatewayTests",
            dependencies: ["WooshPayGateway", "WooshPaySandbox", "CurlTransport", "CryptoPrimitives", "OrderDomain"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "MerchantServerTests",
            dependencies: [
                "MerchantServer", "TestSupport", "WooshPaySandbox", "WooshPayGateway", "CurlTransport", "OrderDomain",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
    ]
)
