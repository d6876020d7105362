import OrderDomain

/// The shared rate limiter: `rate_limit_take` (migration 0017) on an UNLOGGED table, one
/// statement and one round trip per check, decided on the database's clock so that every
/// replica counts against the same allowance.
public struct PostgresRateLimiter: RateLimiter {
    private let pool: PostgresPool

    /// Creates the limiter over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// See `RateLimiter.take`.
    public func take(key: String, limit: RateLimit, cost: Int) async throws -> RateVerdict {
        let wait = try await run(key: key, limit: limit, cost: cost, force: false)
        return wait <= 0 ? .allow : RateVerdict(allowed: false, retryAfterSeconds: Int((wait + 999_999) / 1_000_000))
    }

    /// See `RateLimiter.charge`.
    public func charge(key: String, limit: RateLimit, cost: Int) async throws {
        _ = try await run(key: key, limit: limit, cost: max(cost, 1), force: true)
    }

    private func run(key: String, limit: RateLimit, cost: Int, force: Bool) async throws -> Int64 {
        try await pool.withConnection { conn -> Int64 in
            guard
                let row = try conn.query(
                    "SELECT rate_limit_take($1, $2, $3, $4, $5) AS wait",
                    [key, limit.emissionIntervalMicros, limit.burstMicros, cost, force]
                ).first
            else { return 0 }
            return try row.decode("wait", as: Int64.self)
        }
    }

    /// Deletes keys whose allowance is whole again (Housekeeping); returns how many.
    public func purgeRested() async throws -> Int {
        try await pool.withConnection { conn in
            try conn.query("DELETE FROM rate_limits WHERE tat < (extract(epoch FROM clock_timestamp()) * 1000000)::bigint").affectedRows
        }
    }
}
