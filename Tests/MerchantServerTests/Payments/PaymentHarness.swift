import CurlTransport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import WooshPayGateway
import WooshPaySandbox

/// The whole storefront path for end-to-end tests: a fresh database, the WooshPay sandbox
/// on a loopback port, and the real application listening on another, driven over real
/// HTTP with the libcurl transport (so requests can also run concurrently).
struct PaymentHarness: Sendable {
    let pool: PostgresPool
    let sandbox: RunningSandbox
    let http: CurlHTTPTransport
    let baseURL: String
    let configuration: ServerConfiguration
    /// The application graph the live app runs on; the harness's workers (processor,
    /// pollers) are built from it, not from a second graph over the same pool.
    let services: PaymentServices

    init(
        pool: PostgresPool, sandbox: RunningSandbox, http: CurlHTTPTransport, baseURL: String,
        configuration: ServerConfiguration, services: PaymentServices? = nil
    ) {
        self.pool = pool
        self.sandbox = sandbox
        self.http = http
        self.baseURL = baseURL
        self.configuration = configuration
        self.services = services ?? PaymentServices.live(configuration: configuration, pool: pool, logger: TestDatabase.logger)
    }

    /// Runs `body` against a fresh database, sandbox and live application.
    static func with(
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        sandboxFaults: SandboxFaults = SandboxFaults(),
        _ body: @escaping @Sendable (PaymentHarness) async throws -> Void
    ) async throws {
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.faults = sandboxFaults
        try await withSandbox(sandboxConfiguration) { sandbox in
            var configuration = ServerConfiguration.forSandbox(sandbox, port: 0)
            configure(&configuration)
            let final = configuration
            try await TestDatabase.with { pool, _ in
                let services = PaymentServices.live(configuration: final, pool: pool, logger: TestDatabase.logger)
                let app = buildApplication(configuration: final, pool: pool, logger: TestDatabase.logger, services: services)
                try await app.test(.live) { client in
                    try await body(
                        PaymentHarness(
                            pool: pool, sandbox: sandbox, http: Self.client(),
                            baseURL: "http://127.0.0.1:\(client.port ?? 0)", configuration: final,
                            services: services))
                }
            }
        }
    }

    /// Runs `body` with a sandbox started from `configuration` on a free port, and shuts
    /// the sandbox down afterwards whatever happens.
    static func withSandbox(_ configuration: SandboxConfiguration, _ body: (RunningSandbox) async throws -> Void) async throws {
        var configuration = configuration
        configuration.port = 0
        let sandbox = try await RunningSandbox.start(configuration, logger: TestDatabase.logger)
        do {
            try await body(sandbox)
        } catch {
            await sandbox.shutdown()
            throw error
        }
        await sandbox.shutdown()
    }

    /// The libcurl client tests drive the app and the sandbox with (16 requests at once).
    static func client() -> CurlHTTPTransport {
        var transport = CurlHTTPTransport.Configuration()
        transport.maxConcurrentRequests = 16
        return CurlHTTPTransport(configuration: transport)
    }

    /// A JSON answer: status, headers and the decoded object.
    struct Answer: Sendable {
        let status: Int
        let headers: [(name: String, value: String)]
        let text: String
        /// The body as a JSON object.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        /// `error.code`.
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        /// A string field of the body.
        func string(_ key: String) -> String? { json[key] as? String }
    }

    /// Sends a request to the application.
    func send(
        _ method: CurlTransport.HTTPRequest.Method, _ path: String, _ json: String? = nil,
        headers: [(name: String, value: String)] = []
    ) async throws -> Answer {
        try await request(method, baseURL + path, json, headers: headers)
    }

    /// Sends a request to any URL (application or sandbox).
    func request(
        _ method: CurlTransport.HTTPRequest.Method, _ url: String, _ body: String? = nil,
        headers: [(name: String, value: String)] = [], contentType: String = "application/json"
    ) async throws -> Answer {
        var all = headers
        if body != nil { all.append(("Content-Type", contentType)) }
        let response = try await http.send(
            CurlTransport.HTTPRequest(
                method: method, url: url, headers: all,
                body: body.map { Array($0.utf8) } ?? []))
        return Answer(status: response.status, headers: response.headers, text: String(decoding: response.body, as: UTF8.self))
    }
}
