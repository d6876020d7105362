import CurlTransport
import Foundation
import Logging
import WooshPaySandbox

/// A sandbox started on a free loopback port for one test, driven over real HTTP
/// through libcurl, the way the merchant backend's adapter talks to it.
struct TestSandbox: Sendable {
    let running: RunningSandbox
    let transport: CurlHTTPTransport
    static let secretKey = "sk_test_unit"
    static let publishableKey = "pk_test_unit"

    /// The sandbox's base URL.
    var baseURL: String { running.baseURL }

    /// Starts a sandbox with test keys and a short retry schedule, adjusted by `configure`.
    static func start(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> TestSandbox {
        var configuration = SandboxConfiguration()
        configuration.port = 0
        configuration.secretKey = secretKey
        configuration.publishableKey = publishableKey
        configuration.webhookRetrySchedule = [.milliseconds(200), .milliseconds(400)]
        configuration.webhookTimeout = .seconds(2)
        configure(&configuration)
        var logger = Logger(label: "sandbox-test")
        logger.logLevel = .warning
        let running = try await RunningSandbox.start(configuration, logger: logger)
        var curl = CurlHTTPTransport.Configuration()
        curl.requestTimeout = .seconds(15)
        return TestSandbox(running: running, transport: CurlHTTPTransport(configuration: curl))
    }

    /// Runs `body` against a fresh sandbox and always shuts it down.
    static func with(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (TestSandbox) async throws -> Void
    ) async throws {
        let sandbox = try await start(configure)
        do {
            try await body(sandbox)
        } catch {
            await sandbox.running.shutdown()
            throw error
        }
        await sandbox.running.shutdown()
    }

    /// Calls the authenticated API (`key: nil` sends no Authorization header).
    func api(
        _ method: CurlTransport.HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil,
        idempotencyKey: String? = nil, key: String? = TestSandbox.secretKey,
        timeout: Duration? = nil
    ) async throws -> Reply {
        var headers: [(name: String, value: String)] = [(name: "Accept", value: "application/json")]
        if let key {
            headers.append((name: "Authorization", value: "Basic " + Data("\(key):".utf8).base64EncodedString()))
        }
        if let idempotencyKey { headers.append((name: "Idempotency-Key", value: idempotencyKey)) }
        var bytes: [UInt8]?
        if let body {
            headers.append((name: "Content-Type", value: "application/json"))
            bytes = Array(try JSONSerialization.data(withJSONObject: body))
        }
        return try await send(CurlTransport.HTTPRequest(method: method, url: baseURL + path, headers: headers, body: bytes, timeout: timeout))
    }

    /// Calls a `/_sandbox` control (no authentication).
    func control(_ method: CurlTransport.HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil) async throws -> Reply {
        try await api(method, path, body, key: nil)
    }

    /// Submits a hosted-page form (`application/x-www-form-urlencoded`) to a path or URL.
    func form(_ pathOrURL: String, _ fields: [(String, String)]) async throws -> Reply {
        let encoded = fields.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await send(
            CurlTransport.HTTPRequest(
                method: .POST, url: pathOrURL.hasPrefix("http") ? pathOrURL : baseURL + pathOrURL,
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: Array(encoded.utf8)))
    }

    /// GETs a page by path or absolute URL, without following redirects.
    func page(_ pathOrURL: String) async throws -> Reply {
        try await send(CurlTransport.HTTPRequest(method: .GET, url: pathOrURL.hasPrefix("http") ? pathOrURL : baseURL + pathOrURL))
    }

    /// The truth row of one intent (`GET /_sandbox/payment_intents`).
    func truth(intent id: String) async throws -> [String: Any]? {
        try await control(.GET, "/_sandbox/payment_intents").json.list("data").first { $0.string("id") == id }
    }

    private func send(_ request: CurlTransport.HTTPRequest) async throws -> Reply {
        let response = try await transport.send(request)
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// An HTTP answer with its JSON (if any) parsed for inspection.
struct Reply {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// A header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
