/// How much one client may ask of the shop: rate limits, card-testing caps, stock holds,
/// WooshPay read spacing, event-stream caps and HTTP connection limits. The defaults are
/// set so that no real shopper meets them (README, Configuration, has the reasoning).
public struct TrafficSettings: Sendable, Equatable {
    /// The limit of each route class (`RATE_LIMIT_ORDERS`, `_PAYMENTS`, `_RETURNS`,
    /// `_READS`, `_ADMIN`, `_SIGN_INS`): per client, and for payments also per order; admin per key.
    public var rateLimits: [TrafficClass: RateLimit] = TrafficSettings.defaultRateLimits
    /// Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`, CIDR list, default
    /// none: the peer address is the client).
    public var trustedProxies: [CIDR] = []
    /// Declined payment attempts one order may have (`MAX_PAYMENT_FAILURES_PER_ORDER`,
    /// default 5); past it, starts are refused with 429 `too_many_attempts`.
    public var maxPaymentFailuresPerOrder: Int = 5
    /// Declined attempts one client may have per hour across all its orders
    /// (`MAX_PAYMENT_FAILURES_PER_CLIENT`, default 20).
    public var maxPaymentFailuresPerClientHour: Int = 20
    /// Seconds tracked stock stays held after an order is placed with no open payment
    /// (`STOCK_HOLD`, default 15 min).
    public var stockHoldSeconds: Int64 = 15 * 60
    /// Seconds between two WooshPay reads of one attempt (`RETURN_SYNC_MIN_INTERVAL`,
    /// default 2): return floods, reads, polls and webhooks within it share one read.
    public var syncMinIntervalSeconds: Double = 2
    /// Open event streams per client on one replica (`EVENT_STREAMS_PER_CLIENT`, default 10).
    public var eventStreamsPerClient: Int = 10
    /// Open event streams on one replica (`EVENT_STREAMS_MAX`, default 1000).
    public var eventStreamsMax: Int = 1000
    /// Seconds a connection may take to send a request's headers (`HTTP_HEADER_TIMEOUT`,
    /// default 10).
    public var httpHeaderTimeoutSeconds: Double = 10
    /// Seconds an idle keep-alive connection stays open (`HTTP_IDLE_TIMEOUT`, default 60).
    public var httpIdleTimeoutSeconds: Double = 60
    /// Connections one replica accepts at once (`HTTP_MAX_CONNECTIONS`, default 4096);
    /// more are closed on arrival.
    public var httpMaxConnections: Int = 4096

    /// The defaults of `RATE_LIMIT_*`. A shopper places a handful of orders and starts a few
    /// payments an hour; a page view makes a few reads; a return is one hit per payment.
    public static let defaultRateLimits: [TrafficClass: RateLimit] = [
        .orders: RateLimit(count: 20, periodSeconds: 60),
        .payments: RateLimit(count: 30, periodSeconds: 60),
        .returns: RateLimit(count: 60, periodSeconds: 60),
        .reads: RateLimit(count: 600, periodSeconds: 60),
        .admin: RateLimit(count: 1200, periodSeconds: 60),
        .signIns: RateLimit(count: 10, periodSeconds: 60),
    ]

    /// The per-client hourly decline cap as a rate.
    public var paymentFailuresPerClient: RateLimit { RateLimit(count: maxPaymentFailuresPerClientHour, periodSeconds: 3600) }

    /// The limit of `traffic` (the default when a test left it out).
    public func limit(_ traffic: TrafficClass) -> RateLimit {
        rateLimits[traffic] ?? Self.defaultRateLimits[traffic] ?? RateLimit(count: 60, periodSeconds: 60)
    }

    /// Defaults.
    public init() {}

    /// Settings with every rate limit and cap raised out of reach and reads not spaced, for
    /// tests that are not about them (each traffic test sets what it checks).
    public static var unlimited: TrafficSettings {
        var s = TrafficSettings()
        for c in TrafficClass.allCases { s.rateLimits[c] = RateLimit(count: 1_000_000, periodSeconds: 1) }
        s.maxPaymentFailuresPerOrder = 1_000_000
        s.maxPaymentFailuresPerClientHour = 1_000_000
        s.eventStreamsPerClient = 100_000
        s.eventStreamsMax = 100_000
        s.syncMinIntervalSeconds = 0
        return s
    }
}
