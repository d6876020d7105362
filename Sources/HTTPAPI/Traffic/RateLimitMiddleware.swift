import Hummingbird
import OrderDomain

/// The storefront's rate limits, before routing: each request `TrafficClassifier` knows
/// takes one from its client's allowance for the class, and a payment start also from its
/// order's. A refused request is 429 `rate_limited` with `Retry-After` and goes no further:
/// no body is read, nothing is written but the limiter's own row, WooshPay is not called.
public struct RateLimitMiddleware<Context: ClientRequestContext>: RouterMiddleware {
    private let limiter: any RateLimiter
    private let limits: @Sendable (TrafficClass) -> RateLimit

    /// Limits through `limiter` with `limits(class)` per key.
    public init(limiter: any RateLimiter, limits: @escaping @Sendable (TrafficClass) -> RateLimit) {
        self.limiter = limiter
        self.limits = limits
    }

    /// Takes the request's allowance, then runs the route.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let match = TrafficClassifier.classify(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        let limit = limits(match.traffic)
        var keys = ["\(match.traffic.rawValue):client:\(context.clientAddress)"]
        if let order = match.orderID { keys.append("\(match.traffic.rawValue):order:\(order)") }
        for key in keys {
            let verdict = try await limiter.take(key: key, limit: limit, cost: 1)
            guard verdict.allowed else { throw DomainError.rateLimited(match.traffic, retryAfterSeconds: verdict.retryAfterSeconds) }
        }
        return try await next(request, context)
    }
}

/// The admin API's limit, per key: mounted after `AdminAuthMiddleware`, so it counts a
/// verified key's requests (a wrong key never reaches it, and gets its 401 regardless).
public struct AdminRateLimitMiddleware<Context: AdminRequestContext>: RouterMiddleware {
    private let limiter: any RateLimiter
    private let limit: RateLimit

    /// Limits each admin key to `limit` through `limiter`.
    public init(limiter: any RateLimiter, limit: RateLimit) {
        self.limiter = limiter
        self.limit = limit
    }

    /// Takes the key's allowance, then runs the route.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let verdict = try await limiter.take(key: "admin:key:\(context.adminKeyName ?? "unknown")", limit: limit, cost: 1)
        guard verdict.allowed else { throw DomainError.rateLimited(.admin, retryAfterSeconds: verdict.retryAfterSeconds) }
        return try await next(request, context)
    }
}
