import CurlTransport
import Foundation
import Logging
import MerchantServer
import PostgresStore
import ServiceLifecycle
import Synchronization
import TestSupport
import WooshPaySandbox

#if canImport(Glibc)
import Glibc
#endif

/// The app as `merchant serve` runs it (HTTP server and webhook processor in one
/// ServiceGroup) with the sandbox delivering its signed webhooks to it. The sandbox takes
/// its webhook URL at start-up and the app needs the sandbox's URL, so the app's port is
/// picked first (bound, read and released) and both are configured with it.
enum WebhookLiveHarness {
    /// Runs `body` with webhooks flowing from the sandbox (with `faults`) to the live app.
    static func with(faults: SandboxFaults, _ body: @escaping @Sendable (PaymentHarness) async throws -> Void) async throws {
        let port = try freePort()
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.faults = faults
        sandboxConfiguration.webhookURL = "http://127.0.0.1:\(port)/webhooks/wooshpay"
        sandboxConfiguration.webhookRetrySchedule = [.milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2)]
        try await PaymentHarness.withSandbox(sandboxConfiguration) { sandbox in
            var configuration = ServerConfiguration.forSandbox(sandbox, port: port)
            configuration.settlement.pollIntervalSeconds = 0.1
            let final = configuration
            try await TestDatabase.with { pool, _ in
                try await serve(final, pool: pool) { services in
                    try await body(
                        PaymentHarness(
                            pool: pool, sandbox: sandbox, http: PaymentHarness.client(),
                            baseURL: "http://127.0.0.1:\(port)", configuration: final, services: services))
                }
            }
        }
    }

    /// Runs the app with its webhook processor (built by `buildApplication`, as for
    /// `merchant serve`) around `body`, then shuts down; recording into `metrics` and
    /// logging to `logger`.
    static func serve(
        _ configuration: ServerConfiguration, pool: PostgresPool, metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger = TestDatabase.logger,
        _ body: @escaping @Sendable (PaymentServices) async throws -> Void
    ) async throws {
        let services = PaymentServices.live(configuration: configuration, pool: pool, logger: logger, metrics: metrics.factory)
        let (listening, listeningContinuation) = AsyncStream<Int>.makeStream()
        let app = buildApplication(
            configuration: configuration, pool: pool, logger: logger, services: services, metrics: metrics,
            workers: [.webhooks]
        ) {
            listeningContinuation.yield($0)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                // An app that cannot listen (its port taken meanwhile) ends the group: the
                // wait below must end with it, not hang the suite.
                defer { listeningContinuation.finish() }
                try await group.run()
            }
            var iterator = listening.makeAsyncIterator()
            guard await iterator.next() != nil else {
                try await tasks.waitForAll()
                throw HarnessError("the app stopped before it listened")
            }
            // A failed body shuts down the same way as a passed one: leaving the task group by
            // a throw would cancel the server while it shuts down gracefully, and Hummingbird
            // then sometimes never finishes (the test hung instead of failing).
            var failure: (any Error)?
            do { try await body(services) } catch { failure = error }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            if let failure { throw failure }
        }
    }

    /// A loopback port nobody listens on right now, picked at random below the kernel's
    /// ephemeral range (32768-60999): ports the kernel hands out to `bind(0)` and outgoing
    /// connections in other tests can then never take it between this check and its use.
    /// No port is handed out twice in one test process: two tests that drew the same port
    /// before either listened made one fail with "Address already in use" (seen in make test).
    static func freePort() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 15000..<32000)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if try canBind(port) { return port }
        }
        throw HarnessError("no free port found")
    }

    private static let handedOut = Mutex<Set<Int>>([])

    /// Whether `port` can be bound on 127.0.0.1 right now.
    static func canBind(_ port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 }
        }
    }
}
