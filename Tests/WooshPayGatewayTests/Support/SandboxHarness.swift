import CurlTransport
import Foundation
import Logging
import OrderDomain
import Synchronization
import Testing
import WooshPayGateway
import WooshPaySandbox

/// A sandbox on a free loopback port, the real libcurl transport and a gateway pointed at
/// it. Use through `withSandbox`, which always shuts the sandbox down.
struct SandboxHarness: Sendable {
    let sandbox: RunningSandbox
    let transport: CurlHTTPTransport
    let spy: SpyTransport
    let configuration: WooshPayConfiguration
    let gateway: WooshPayGateway

    /// A gateway over the same sandbox with other settings (bad key, short timeout...);
    /// backoff delays are skipped unless `realSleep`.
    func gateway(realSleep: Bool = false, _ configure: (inout WooshPayConfiguration) -> Void) -> WooshPayGateway {
        var configuration = configuration
        configure(&configuration)
        if realSleep {
            return WooshPayGateway(configuration: configuration, transport: spy, logger: quietLogger)
        }
        return WooshPayGateway(configuration: configuration, transport: spy, logger: quietLogger, sleep: { _ in })
    }

    /// POSTs a JSON body to a sandbox control route (or any path) and returns the object.
    @discardableResult
    func control(_ path: String, _ json: String) async throws -> [String: Any] {
        let response = try await transport.send(
            HTTPRequest(
                method: .POST, url: sandbox.baseURL + path, headers: [("Content-Type", "application/json")],
                body: Array(json.utf8)))
        #expect(response.status == 200, "control \(path) answered \(response.status)")
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    /// GETs a JSON object from the sandbox (`/_sandbox/...` or, with the key, `/v1/...`).
    func fetch(_ path: String) async throws -> [String: Any] {
        let auth = "Basic " + Data("\(sandbox.configuration.secretKey):".utf8).base64EncodedString()
        let response = try await transport.send(
            HTTPRequest(
                method: .GET, url: sandbox.baseURL + path,
                headers: [("Authorization", auth)]))
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    /// The sandbox's own list of every payment intent (the truth, bypassing the API).
    func truthIntents() async throws -> [[String: Any]] {
        try await fetch("/_sandbox/payment_intents")["data"] as? [[String: Any]] ?? []
    }
}

/// Runs `body` against a fresh sandbox and shuts it down afterwards, even on failure.
func withSandbox(
    quirks: Bool = false, maxRetries: Int = 2, requestTimeout: Duration = .seconds(10),
    _ body: (SandboxHarness) async throws -> Void
) async throws {
    var sandboxConfiguration = SandboxConfiguration()
    sandboxConfiguration.port = 0
    sandboxConfiguration.quirks = quirks
    let sandbox = try await RunningSandbox.start(sandboxConfiguration, logger: quietLogger)
    var transportConfiguration = CurlHTTPTransport.Configuration()
    transportConfiguration.maxConcurrentRequests = 4
    let transport = CurlHTTPTransport(configuration: transportConfiguration)
    let spy = SpyTransport(inner: transport)
    let configuration = WooshPayConfiguration(
        apiBase: sandbox.baseURL, secretKey: WooshPaySecret(sandboxConfiguration.secretKey),
        publishableKey: sandboxConfiguration.publishableKey,
        webhookSecrets: [WooshPaySecret(sandboxConfiguration.webhookSecret)], webhookTolerance: nil,
        requestTimeout: requestTimeout, maxRetries: maxRetries, backoffBase: .milliseconds(20),
        backoffCap: .milliseconds(100))
    let harness = SandboxHarness(
        sandbox: sandbox, transport: transport, spy: spy, configuration: configuration,
        gateway: WooshPayGateway(configuration: configuration, transport: spy, logger: quietLogger))
    do {
        try await body(harness)
    } catch {
        await sandbox.shutdown()
        throw error
    }
    await sandbox.shutdown()
}

/// Wraps the real transport, recording every attempt and optionally running a hook after
/// each (used to lift an injected fault once it has hit, so the retry can get through).
final class SpyTransport: HTTPTransport {
    /// One attempt: the request and its status, or the transport error.
    struct Attempt: Sendable {
        let request: HTTPRequest
        let outcome: Result<Int, TransportError>
    }

    private let inner: any HTTPTransport
    private let state = Mutex<(attempts: [Attempt], hook: (@Sendable (Attempt) async -> Void)?)>(([], nil))

    init(inner: any HTTPTransport) {
        self.inner = inner
    }

    /// Every attempt so far, in order.
    var attempts: [Attempt] { state.withLock { $0.attempts } }

    /// Runs `hook` after every later attempt.
    func afterEachAttempt(_ hook: @escaping @Sendable (Attempt) async -> Void) {
        state.withLock { $0.hook = hook }
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError>
        do {
            result = .success(try await inner.send(request))
        } catch {
            result = .failure(error)
        }
        let attempt = Attempt(request: request, outcome: result.map(\.status))
        let hook = state.withLock { state in
            state.attempts.append(attempt)
            return state.hook
        }
        await hook?(attempt)
        return try result.get()
    }
}
