import OrderDomain

/// `IdempotencyStore` over the `idempotency_keys` table. The primary key `(scope, key)` is
/// the arbiter: the first `INSERT` wins, so concurrent first requests cannot both run; an
/// unanswered claim older than the lease (`claimed_at`) is taken over by one repeat only.
public struct PostgresIdempotencyStore: IdempotencyStore {
    private let pool: PostgresPool
    private let retentionSeconds: Int
    /// How long a key is remembered (Stripe's 24 h); objects carrying a key are found by it
    /// for as long.
    public static let defaultRetentionSeconds = 24 * 3600
    /// See `IdempotencyStore.leaseSeconds`.
    public let leaseSeconds: Int

    /// Creates the store over `pool`; records older than `retentionSeconds` (24 h by
    /// default, as Stripe) count as absent; an unanswered claim not renewed for
    /// `leaseSeconds` may be taken over.
    public init(pool: PostgresPool, retentionSeconds: Int = defaultRetentionSeconds, leaseSeconds: Int = 15) {
        self.pool = pool
        self.retentionSeconds = retentionSeconds
        self.leaseSeconds = leaseSeconds
    }

    /// Claims the key, or reads what the earlier request left.
    public func begin(scope: String, key: String, requestHash: String) async throws -> IdempotencyBegin {
        let retention = retentionSeconds
        return try await pool.withTransaction { conn in
            // An expired record is deleted first, in the same transaction, so the
            // insert below can claim the key; a concurrent begin blocks on the deleted
            // row's lock and then sees our fresh row.
            try conn.query(
                "DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - make_interval(secs => $3)",
                [scope, key, retention])
            let inserted = try conn.query(
                "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                [scope, key, requestHash])
            if inserted.affectedRows == 1 { return .proceed(resumed: false) }
            // The owner died (its claim was not renewed for a lease): one repeat with the same
            // body takes the key over. The row lock makes a second taker see the fresh claim.
            let taken = try conn.query(
                """
                UPDATE idempotency_keys SET claimed_at = now()
                WHERE scope = $1 AND key = $2 AND request_hash = $3 AND response_status IS NULL
                  AND claimed_at < now() - make_interval(secs => $4)
                """, [scope, key, requestHash, leaseSeconds])
            if taken.affectedRows == 1 { return .proceed(resumed: true) }
            // Under READ COMMITTED this statement sees the row that made the insert
            // conflict (it waited for that row's transaction to commit).
            let rows = try conn.query(
                "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2",
                [scope, key])
            // The owner released the key between our two statements: it is running no
            // more, but claiming it now would need a new transaction; the client retries.
            guard let row = rows.first else { return .inProgress }
            guard try row.decode("request_hash", as: String.self) == requestHash else { return .mismatch }
            guard let status = try row.decodeIfPresent("response_status", as: Int.self) else { return .inProgress }
            return .replay(status: status, body: try row.decodeIfPresent("response_body", as: String.self) ?? "")
        }
    }

    /// Stores the owner's response.
    public func complete(scope: String, key: String, status: Int, body: String) async throws {
        _ = try await pool.withConnection { conn in
            try conn.query(
                "UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2",
                [scope, key, status, body])
        }
    }

    /// Renews the owner's claim (only while unanswered).
    public func renew(scope: String, key: String) async throws {
        _ = try await pool.withConnection { conn in
            try conn.query(
                "UPDATE idempotency_keys SET claimed_at = now() WHERE scope = $1 AND key = $2 AND response_status IS NULL",
                [scope, key])
        }
    }

    /// Deletes the key, but only while it is still unanswered, so that a late release can
    /// never erase a stored response.
    public func release(scope: String, key: String) async throws {
        _ = try await pool.withConnection { conn in
            try conn.query(
                "DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status IS NULL",
                [scope, key])
        }
    }

    /// Deletes records older than `olderThanSeconds` (uses the `created_at` index).
    public func purgeExpired(olderThanSeconds: Int) async throws -> Int {
        try await pool.withConnection { conn in
            try conn.query(
                "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)",
                [olderThanSeconds]
            ).affectedRows
        }
    }
}
