import Metrics
import OrderDomain

/// The per-client side of the card-testing caps (the per-order side is
/// `PaymentStartPolicy`): a client whose payments were declined
/// `MAX_PAYMENT_FAILURES_PER_CLIENT` times within the hour is refused 429
/// `too_many_attempts` before WooshPay is called, whichever order it tries next. Every
/// decline is counted in `merchant_payment_declines_total`, for an alert on a spike.
public struct CardTestingGuard: Sendable {
    private let limiter: any RateLimiter
    private let limit: RateLimit
    private let declines: Counter

    /// Caps each client at `limit` declines through `limiter`.
    public init(limiter: any RateLimiter, limit: RateLimit, metrics: any MetricsFactory) {
        self.limiter = limiter
        self.limit = limit
        self.declines = Counter(label: "merchant_payment_declines_total", dimensions: [], factory: metrics)
    }

    /// Throws `too_many_attempts` when `client` has no declines left this hour.
    public func check(client: String) async throws {
        let verdict = try await limiter.take(key: key(client), limit: limit, cost: 0)
        guard verdict.allowed else {
            throw DomainError(
                code: .tooManyAttempts,
                message: "Too many declined payments; try again later.", retryAfterSeconds: verdict.retryAfterSeconds)
        }
    }

    /// Records a decline of `client`'s payment.
    public func declined(client: String) async {
        declines.increment()
        try? await limiter.charge(key: key(client), limit: limit, cost: 1)
    }

    private func key(_ client: String) -> String { "declines:client:\(client)" }
}
