import CurlTransport
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the sandbox as a Hummingbird application: the API, the JS SDK, the hosted pages,
/// the test controls, and the webhook and session-expiry services, all in one `ServiceGroup`
/// when run. The executable and `RunningSandbox` both use it.
///
/// - Parameters:
///   - configuration: What to serve and how.
///   - logger: Where to log.
///   - transport: How webhooks are sent; libcurl by default.
///   - onServerRunning: Called once the port is bound, with the address the server
///     listens on (`http://host:port`, the actual port); the URLs handed out use
///     `publicBaseURL` when it is set.
public func buildSandboxApplication(
    configuration: SandboxConfiguration,
    logger: Logger = Logger(label: "wooshpay-sandbox"),
    transport: (any HTTPTransport)? = nil,
    onServerRunning: @escaping @Sendable (_ baseURL: String) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let (jobs, queue) = AsyncStream<WebhookJob>.makeStream()
    let state = SandboxState(configuration: configuration, webhookQueue: queue)
    let idempotency = IdempotencyStore()
    let requestLog = RequestLog()

    let router = Router(context: SandboxRequestContext.self)
    router.add(middleware: BrowserAccessMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestLogMiddleware(log: requestLog))
    router.add(middleware: APIFaultMiddleware(state: state))
    APIRoutes(
        state: state, idempotency: idempotency, secretKey: configuration.secretKey,
        publishableKey: configuration.publishableKey, lenient: configuration.lenient
    ).register(on: router)
    SDKRoutes().register(on: router)
    HostedPageRoutes(state: state, publishableKey: configuration.publishableKey).register(on: router)
    ControlRoutes(state: state, idempotency: idempotency, requestLog: requestLog, initialFaults: configuration.faults).register(on: router)

    var curl = CurlHTTPTransport.Configuration()
    curl.userAgent = "WooshPay/1.0 (sandbox)"
    let dispatcher = WebhookDispatcher(
        jobs: jobs, state: state, url: configuration.webhookURL,
        signer: WebhookSigner(secret: configuration.webhookSecret), schedule: configuration.webhookRetrySchedule,
        timeout: configuration.webhookTimeout, quirks: configuration.quirks,
        transport: transport ?? CurlHTTPTransport(configuration: curl), logger: logger)
    let expiry = SessionExpiryService(state: state, interval: .seconds(1))

    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "WooshPay-Sandbox"),
        services: [dispatcher, expiry],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            // An IPv6 literal needs brackets inside a URL.
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            let listening = "http://\(host):\(port)"
            await state.setBaseURL(configuration.publicBaseURL ?? listening)
            await onServerRunning(listening)
        },
        logger: logger)
}

/// Runs the sandbox until SIGINT or SIGTERM, then shuts down gracefully (in-flight
/// requests finish, webhook retries stop). What the `wooshpay-sandbox` executable calls.
public func runSandbox(
    configuration: SandboxConfiguration,
    logger: Logger = Logger(label: "wooshpay-sandbox"),
    onServerRunning: @escaping @Sendable (_ baseURL: String) async -> Void = { _ in }
) async throws {
    let app = buildSandboxApplication(configuration: configuration, logger: logger, onServerRunning: onServerRunning)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
