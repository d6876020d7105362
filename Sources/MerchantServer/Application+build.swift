import CryptoPrimitives
import CurlTransport
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import Metrics
import OrderDomain
import PostgresStore
import WooshPayGateway

/// The request context of every route (carries the admin key name on admin routes).
public typealias AppContext = APIRequestContext

/// Builds the HTTP application over an existing pool. The executable and the tests both
/// call this, so tests exercise the same routes and middleware as production. `metrics`
/// is what `/metrics` serves (a fresh registry unless given: `merchant serve` passes the
/// one it bootstrapped `MetricsSystem` with).
public func buildApplication(
    configuration: ServerConfiguration,
    pool: PostgresPool,
    logger: Logger,
    services: PaymentServices? = nil,
    metrics: ServiceMetrics = ServiceMetrics(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(configuration: configuration, pool: pool, logger: logger, services: services, metrics: metrics),
        configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "merchant"),
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
    router.middlewares.add(CORSAllowListMiddleware(allowedOrigins: configuration.corsAllowedOrigins))
    // Idempotency outside ErrorMiddleware: a route's thrown 4xx reaches it rendered, and is
    // stored and replayed byte for byte like any other final answer.
    router.middlewares.add(IdempotencyMiddleware(store: PostgresIdempotencyStore(pool: pool),
                                                 sha256Hex: { Hex.encode(Crypto.sha256($0)) }))
    router.middlewares.add(ErrorMiddleware())
    router.middlewares.add(NULGuardMiddleware())
    router.middlewares.add(LogRequestsMiddleware(.debug))
    HealthRoutes(checks: [databaseCheck(pool)]).register(on: router)
    OpenAPIRoutes().register(on: router)
    MetricsRoutes { await metrics.exposition(pool: pool, logger: logger) }.register(on: router)
    DemoRoutes(configuration.demo).register(on: router)
    let admin = adminGroup(router, pool: pool, metrics: metrics.factory)
    registerCatalog(on: router, admin: admin, configuration: configuration, pool: pool)
    let payments = services ?? PaymentServices(configuration: configuration, pool: pool,
                                               gateway: makeGateway(configuration, logger: logger, metrics: metrics.factory),
                                               logger: logger)
    registerAdminOperations(on: admin, pool: pool, payments: payments)
    OrderRoutes(repository: PostgresOrderRepository(pool: pool), currencies: configuration.currencies,
                lifetimeSeconds: configuration.orderLifetimeSeconds, refresh: readRefresher(payments)).register(on: router)
    OrderEventRoutes(orders: PostgresOrderRepository(pool: pool), notifications: PostgresNotificationStore(pool: pool),
                     maxDuration: .milliseconds(Int64(configuration.notifications.streamMaxSeconds * 1000)))
        .register(on: router)
    PaymentRoutes(starter: payments.starter).register(on: router)
    payments.webhookRoutes(pool: pool).recordingMetrics(to: metrics.factory).register(on: router)
    ReturnRoutes(storefrontURL: configuration.storefrontReturnURL.isEmpty
                     ? configuration.publicBaseURL + "/payment-result" : configuration.storefrontReturnURL,
                 settle: returnSettler(payments)).register(on: router)
    return router
}

/// The WooshPay adapter over the libcurl transport, as configured; `timeout` and `retries`
/// override the configuration for interactive paths that must answer quickly. Every attempt
/// is recorded in `metrics` (the process's metrics system unless given).
public func makeGateway(_ configuration: ServerConfiguration, logger: Logger,
                        timeout: Duration? = nil, retries: Int? = nil,
                        metrics: any MetricsFactory = MetricsSystem.factory) -> WooshPayGateway {
    var transport = CurlHTTPTransport.Configuration()
    var gateway = configuration.wooshPay.gatewayConfiguration
    gateway.requestTimeout = timeout ?? gateway.requestTimeout
    gateway.maxRetries = retries ?? gateway.maxRetries
    gateway.newKeyOnRetry = configuration.testBreak == .gatewayNewKeyOnRetry
    transport.requestTimeout = gateway.requestTimeout
    return WooshPayGateway(configuration: gateway,
                           transport: CurlHTTPTransport(configuration: transport),
                           logger: logger, metrics: metrics)
}

/// Readiness of the database: a trivial query answered within two seconds.
func databaseCheck(_ pool: PostgresPool) -> DependencyCheck {
    DependencyCheck(name: "database") {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await pool.withConnection { try $0.query("SELECT 1") }) != nil }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
