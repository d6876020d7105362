import OrderDomain

/// When and how long to wait before sending a failed request again.
///
/// Only transient failures are retried (`GatewayError.isRetryableWithSameKey`), and every
/// POST carries its caller's idempotency key, so a retry can never create a second object.
struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    var maxRetries: Int
    /// Delay before the first retry; doubles each time.
    var base: Duration
    /// Upper bound of one computed delay.
    var cap: Duration
    /// A `Retry-After` longer than this is not waited out.
    var maxRetryAfter: Duration

    /// What to do after `error` on attempt number `retriesSoFar + 1`.
    enum Decision: Equatable {
        /// Send again after waiting this long.
        case retry(after: Duration)
        /// Return the error to the caller.
        case giveUp
    }

    /// Decides about a failed attempt. `unitRandom` is a value in 0...1 (injected so tests
    /// are deterministic).
    func decide(after error: GatewayError, retriesSoFar: Int, unitRandom: Double) -> Decision {
        guard error.isRetryableWithSameKey, retriesSoFar < maxRetries else { return .giveUp }
        let backoff = backoff(retriesSoFar: retriesSoFar, unitRandom: unitRandom)
        if case .rateLimited(let retryAfter?, _) = error {
            // The server said how long; waiting less just earns another 429.
            guard retryAfter <= maxRetryAfter else { return .giveUp }
            return .retry(after: max(retryAfter, backoff))
        }
        return .retry(after: backoff)
    }

    /// Capped exponential backoff with "equal jitter": half the delay is fixed, half is
    /// random, so retries from many replicas spread out but never fire immediately.
    func backoff(retriesSoFar: Int, unitRandom: Double) -> Duration {
        let exponent = min(retriesSoFar, 30)
        let uncapped = base * (1 << exponent)
        let ceiling = min(uncapped, cap)
        let jitter = min(max(unitRandom, 0), 1)
        return ceiling / 2 + (ceiling / 2) * jitter
    }
}
