import CryptoPrimitives
import CurlTransport
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import Metrics
import OrderDomain
import PostgresStore
import ServiceLifecycle
import WooshPayGateway

/// The request context of every route (carries the admin key name on admin routes).
public typealias AppContext = APIRequestContext

/// Builds the application over an existing pool: the HTTP server and, as services of the
/// application, the `workers` asked for, all over one `PaymentServices` graph (`services`,
/// or one built here). `merchant serve` and the tests both call this, so tests exercise the
/// same routes, middleware and workers as production. With `ownsPool` the pool is a service
/// too, closed after everything else has stopped. `metrics` is what `/metrics` serves (a
/// fresh registry unless given: `merchant serve` passes the one it bootstrapped
/// `MetricsSystem` with).
public func buildApplication(
    configuration: ServerConfiguration,
    pool: PostgresPool,
    logger: Logger,
    services: PaymentServices? = nil,
    metrics: ServiceMetrics = ServiceMetrics(),
    workers: Set<Worker> = [],
    ownsPool: Bool = false,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let payments = services ?? PaymentServices.live(configuration: configuration, pool: pool, logger: logger, metrics: metrics.factory)
    // Hummingbird stops the server first, then these in reverse: workers, then the pool.
    let background: [any Service] =
        (ownsPool ? [pool] : [])
        + payments.workers(workers, configuration: configuration, pool: pool, logger: logger, metrics: metrics.factory)
    return Application(
        router: buildRouter(configuration: configuration, pool: pool, logger: logger, services: payments, metrics: metrics),
        server: limitedHTTP1Server(configuration.traffic),
        configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "merchant"),
        services: background,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.httpPort) },
        logger: logger)
}

/// Every route and middleware of the service (`buildApplication` serves this router; the
/// contract test compares its routes with the OpenAPI document).
public func buildRouter(
    configuration: ServerConfiguration,
    pool: PostgresPool,
    logger: Logger,
    services: PaymentServices? = nil,
    metrics: ServiceMetrics = ServiceMetrics()
) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    // Metrics outermost, so every answer is counted with the status the client got.
    router.middlewares.add(HTTPMetricsMiddleware(factory: metrics.factory))
    // The request id next, so every answer carries it, CORS preflights included; then
    // CORS, so preflights and error responses for any path carry its headers.
    router.middlewares.add(RequestIDMiddleware())
    router.middlewares.add(ClientIdentityMiddleware(trusted: configuration.traffic.trustedProxies))
    router.middlewares.add(CORSAllowListMiddleware(allowedOrigins: configuration.corsAllowedOrigins))
    router.middlewares.add(SecurityHeadersMiddleware(sdkOrigins: configuration.demoSDKOrigins))
    // Idempotency is not here: it is mounted per route group after that group's
    // authentication (see `idempotency(_:_:)`), so unauthenticated and unrouted POSTs never
    // reach the key store.
    router.middlewares.add(ErrorMiddleware())
    // Inside ErrorMiddleware, so its 429 is rendered like every refusal; before the body
    // checks, so a refused flood costs one limiter statement and nothing else.
    let limiter = PostgresRateLimiter(pool: pool)
    let traffic = configuration.traffic
    router.middlewares.add(RateLimitMiddleware(limiter: limiter, limits: { traffic.limit($0) }))
    // Inside ErrorMiddleware, so its 415 is rendered like every refusal.
    router.middlewares.add(JSONContentTypeMiddleware(exempt: ["/webhooks/wooshpay"]))
    router.middlewares.add(NULGuardMiddleware())
    router.middlewares.add(LogRequestsMiddleware(.debug))
    HealthRoutes(checks: [databaseCheck(pool)]).register(on: router)
    OpenAPIRoutes().register(on: router)
    MetricsRoutes(authorize: metricsAuthorizer(configuration.exposure.metricsToken)) {
        await metrics.exposition(pool: pool, logger: logger)
    }.register(on: router)
    if configuration.exposure.demoEnabled { DemoRoutes(configuration.demo).register(on: router) }
    BackOfficeRoutes().register(on: router)
    let sessions = AdminSessionGate(
        store: PostgresAdminSessions(pool: pool), idleSeconds: configuration.exposure.adminSessionIdleSeconds,
        secureCookie: configuration.publicBaseURL.lowercased().hasPrefix("https://"))
    let admin = adminGroup(
        router, pool: pool, metrics: metrics.factory,
        limit: AdminRateLimitMiddleware(limiter: limiter, limit: traffic.limit(.admin)), sessions: sessions)
    let sessionRoutes = AdminSessionRoutes(verifier: AdminKeyStore(pool: pool), gate: sessions, metrics: metrics.factory)
    sessionRoutes.registerSignIn(on: router)
    sessionRoutes.register(on: admin)
    AdminKeyRoutes(keys: AdminKeyStore(pool: pool)).register(on: admin)
    registerCatalog(on: router, admin: admin, configuration: configuration, pool: pool)
    let payments = services ?? PaymentServices.live(configuration: configuration, pool: pool, logger: logger, metrics: metrics.factory)
    registerAdminOperations(on: admin, pool: pool, payments: payments)
    let orders = PostgresOrderRepository(pool: pool, stockHoldSeconds: traffic.stockHoldSeconds)
    OrderRoutes(
        repository: orders, currencies: configuration.currencies,
        lifetimeSeconds: configuration.orderLifetimeSeconds, refresh: readRefresher(payments)
    )
    .register(on: router.group().add(middleware: idempotency(.anonymous, pool)))
    let tokenChecked = router.group().add(middleware: OrderTokenMiddleware(orders: orders))
    // One hub per router: every stream of this replica fed by one query a second, within its caps.
    OrderEventRoutes(
        orders: orders, notifications: PostgresNotificationStore(pool: pool), tickets: PostgresStreamTickets(pool: pool),
        maxDuration: .milliseconds(Int64(configuration.notifications.streamMaxSeconds * 1000)),
        limits: .init(perClient: configuration.traffic.eventStreamsPerClient, total: configuration.traffic.eventStreamsMax),
        logger: logger
    )
    .register(on: router, authenticated: tokenChecked)
    PaymentRoutes(
        starter: payments.starter,
        cardTesting: CardTestingGuard(limiter: limiter, limit: traffic.paymentFailuresPerClient, metrics: metrics.factory)
    )
    .register(on: tokenChecked.group().add(middleware: idempotency(.orderToken, pool)))
    payments.webhookRoutes(pool: pool).recordingMetrics(to: metrics.factory).register(on: router)
    ReturnRoutes(
        storefrontURL: configuration.storefrontReturnURL.isEmpty
            ? configuration.publicBaseURL + "/payment-result" : configuration.storefrontReturnURL,
        settle: returnSettler(payments)
    ).register(on: router)
    return router
}

/// The `Idempotency-Key` middleware for routes whose verified credential is `caller`'s,
/// over OpenSSL's HMAC-SHA256 and AES-256-GCM.
func idempotency(_ caller: IdempotencyCaller, _ pool: PostgresPool) -> IdempotencyMiddleware<AppContext> {
    IdempotencyMiddleware(store: PostgresIdempotencyStore(pool: pool), secrets: idempotencySecrets, caller: caller)
}

/// With a `METRICS_TOKEN`, a scrape must send `Authorization: Bearer <token>`, compared in
/// constant time; without one, `/metrics` is open.
func metricsAuthorizer(_ token: String) -> MetricsRoutes.Authorize? {
    guard !token.isEmpty else { return nil }
    let expected = Array("Bearer \(token)".utf8)
    return { Crypto.constantTimeEquals(Array(($0 ?? "").utf8), expected) }
}

/// The idempotency store's primitives from the crypto adapter.
public let idempotencySecrets = IdempotencySecrets(
    hmac: { Crypto.hmacSHA256(key: $0, message: $1) },
    seal: { AEAD.seal($0, key: $1) }, open: { AEAD.open($0, key: $1) },
    hex: { Hex.encode($0) })

/// The WooshPay adapter over the libcurl transport, as configured; `timeout` and `retries`
/// override the configuration for interactive paths that must answer quickly. Every attempt
/// is recorded in `metrics` (the process's metrics system unless given).
public func makeGateway(
    _ configuration: ServerConfiguration, logger: Logger,
    timeout: Duration? = nil, retries: Int? = nil,
    metrics: any MetricsFactory = MetricsSystem.factory
) -> WooshPayGateway {
    var transport = CurlHTTPTransport.Configuration()
    var gateway = configuration.wooshPay.gatewayConfiguration
    gateway.requestTimeout = timeout ?? gateway.requestTimeout
    gateway.maxRetries = retries ?? gateway.maxRetries
    transport.requestTimeout = gateway.requestTimeout
    return WooshPayGateway(
        configuration: gateway, transport: chaosBreak(configuration, CurlHTTPTransport(configuration: transport)),
        logger: logger, metrics: metrics)
}

/// Readiness of the database: a trivial query answered within two seconds.
func databaseCheck(_ pool: PostgresPool) -> DependencyCheck {
    // Writable, not merely reachable: after a fail-over the old primary (or a standby
    // reached without `target_session_attrs=read-write`) answers reads but refuses every
    // change, and this replica must not take traffic then.
    DependencyCheck(name: "database") {
        await withTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    let readOnly = try await pool.withConnection { conn in
                        try conn.query("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS ro").first?
                            .decode("ro", as: Bool.self) ?? true
                    }
                    return readOnly ? "no writable primary" : "ok"
                } catch {
                    return "unavailable"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return "unavailable"
            }
            let first = await group.next() ?? "unavailable"
            group.cancelAll()
            return first
        }
    }
}

/// `transport`, or with `CHAOS_BREAK`'s deliberate defect around it when that is set (debug
/// builds only: release builds refuse the switch at start-up).
public func chaosBreak(_ configuration: ServerConfiguration, _ transport: any HTTPTransport) -> any HTTPTransport {
    #if DEBUG
    if configuration.testBreak == .gatewayNewKeyOnRetry { return FreshKeyOnRepeatTransport(transport) }
    #endif
    return transport
}
