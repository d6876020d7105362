/// A rate as configured: `count` requests per `periodSeconds` (`30/min`, `5/s`, `100/h`).
///
/// Enforced as a GCRA (generic cell rate algorithm): requests are spaced one
/// `emissionInterval` apart on average, and up to `count` may arrive at once. So `30/min`
/// lets a burst of 30 through, then one every 2 s; a client that stops for a minute has
/// its whole burst back. Unlike a fixed window, there is no edge where 2×N pass.
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    /// Requests allowed per period (and the largest burst).
    public var count: Int
    /// The period in seconds: 1, 60 or 3600.
    public var periodSeconds: Int

    /// A rate of `count` per `periodSeconds` (both at least 1).
    public init(count: Int, periodSeconds: Int) {
        self.count = max(1, count)
        self.periodSeconds = max(1, periodSeconds)
    }

    /// Parses `N/s`, `N/min` or `N/h` (also `N/sec`, `N/m`, `N/hour`); `nil` otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[0]), n >= 1, n <= 1_000_000 else { return nil }
        let periods: [String: Int] = [
            "s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60,
            "h": 3600, "hour": 3600,
        ]
        guard let period = periods[parts[1].lowercased()] else { return nil }
        self.init(count: n, periodSeconds: period)
    }

    /// Microseconds between two requests at the sustained rate.
    public var emissionIntervalMicros: Int64 { Int64(periodSeconds) * 1_000_000 / Int64(count) }

    /// Microseconds the theoretical arrival time may run ahead of now: a full burst.
    public var burstMicros: Int64 { emissionIntervalMicros * Int64(count) }

    /// `30/min`, as configured.
    public var description: String {
        "\(count)/" + (periodSeconds == 1 ? "s" : periodSeconds == 60 ? "min" : periodSeconds == 3600 ? "h" : "\(periodSeconds)s")
    }
}

/// What the limiter decided for one request.
public struct RateVerdict: Sendable, Equatable {
    /// Whether the request may go on.
    public var allowed: Bool
    /// When refused, whole seconds until one more request would pass (at least 1).
    public var retryAfterSeconds: Int

    /// A verdict.
    public init(allowed: Bool, retryAfterSeconds: Int) {
        self.allowed = allowed
        self.retryAfterSeconds = allowed ? 0 : max(1, retryAfterSeconds)
    }

    /// Let through.
    public static let allow = RateVerdict(allowed: true, retryAfterSeconds: 0)
}

/// The GCRA step as a pure function, for the pure tier and as the specification the
/// store's single SQL statement implements (`PostgresRateLimiter`, table-tested against it).
public enum GCRA {
    /// Given the stored theoretical arrival time `tat` (microseconds; `nil` for an unseen
    /// key) and `now`, whether a request of `cost` passes and the new `tat` to store
    /// (unchanged when refused). `cost` 0 only asks.
    public static func step(tat: Int64?, now: Int64, limit: RateLimit, cost: Int = 1) -> (verdict: RateVerdict, tat: Int64?) {
        let start = max(tat ?? now, now)
        let next = start + limit.emissionIntervalMicros * Int64(max(cost, 1))
        // A request passes while the schedule, with it, stays within one burst of now.
        if next - now <= limit.burstMicros {
            return (.allow, cost == 0 ? tat : next)
        }
        let wait = next - now - limit.burstMicros
        return (RateVerdict(allowed: false, retryAfterSeconds: Int((wait + 999_999) / 1_000_000)), tat)
    }
}

/// The route classes, each with its own configured limit (`RATE_LIMIT_<CLASS>`).
public enum TrafficClass: String, Sendable, CaseIterable {
    /// `POST /v1/orders`.
    case orders
    /// `POST /v1/orders/{id}/payments`.
    case payments
    /// `GET /v1/orders/{id}/return`, where WooshPay sends customers back.
    case returns
    /// The storefront's reads: catalog, order, stream tickets and streams.
    case reads
    /// The admin API, per key.
    case admin
    /// `POST /v1/admin/session`, per client: admin keys are 256-bit secrets, but a sign-in
    /// form still gets no more guesses than a person needs.
    case signIns = "sign_ins"
}

/// The shared limiter (every replica sees the same counts).
public protocol RateLimiter: Sendable {
    /// Takes `cost` from `key`'s allowance under `limit`; cost 0 only asks whether one
    /// more request would pass.
    func take(key: String, limit: RateLimit, cost: Int) async throws -> RateVerdict
    /// Records `cost` against `key` whether or not it fits (a decline that already
    /// happened), so later asks see it.
    func charge(key: String, limit: RateLimit, cost: Int) async throws
}
