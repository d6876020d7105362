import OrderDomain

/// The poller's queue in PostgreSQL: leases on `payment_attempts` rows. Claiming scans
/// only the partial index `payment_attempts_due` (open attempts by `next_sync_at`), and
/// `FOR UPDATE SKIP LOCKED` lets replicas claiming at the same moment take disjoint rows.
public struct PostgresSyncQueue: SyncQueue {
    /// The database every replica shares.
    let pool: PostgresPool

    /// Creates the queue over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Must stay identical to the predicate of `payment_attempts_due`, or the planner
    /// cannot use the index and a tick scans every attempt ever made.
    static let open = "status NOT IN ('succeeded', 'failed', 'canceled', 'expired')"

    /// The claim statement (also what the EXPLAIN test checks).
    public static let claimSQL = """
        WITH due AS (
            SELECT id FROM payment_attempts
            WHERE \(open) AND next_sync_at <= now() AND (lease_until IS NULL OR lease_until < now())
            ORDER BY next_sync_at LIMIT $2
            FOR UPDATE SKIP LOCKED
        )
        UPDATE payment_attempts a SET lease_until = now() + make_interval(secs => $3), lease_owner = $1
        FROM due, orders o
        WHERE a.id = due.id AND o.id = a.order_id
        RETURNING a.id, a.order_id, a.mode, a.status, a.sync_attempts, extract(epoch FROM a.created_at)::bigint AS created_epoch,
                  o.status AS order_status, extract(epoch FROM o.expires_at)::bigint AS expires_epoch,
                  extract(epoch FROM now())::bigint AS now_epoch
        """

    /// See `SyncQueue.claimDue`.
    public func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [ClaimedSync] {
        try await pool.withConnection { conn in
            try conn.query(Self.claimSQL, [owner, limit, leaseSeconds]).map { row in
                guard let mode = PaymentMode(rawValue: try row.decode("mode")),
                    let status = AttemptStatus(rawValue: try row.decode("status")),
                    let orderStatus = OrderStatus(rawValue: try row.decode("order_status"))
                else { throw PostgresError.decoding(column: "payment_attempts", message: "unexpected mode/status") }
                return ClaimedSync(
                    attemptID: try row.decode("id"), orderID: try row.decode("order_id"), mode: mode,
                    status: status, syncAttempts: try row.decode("sync_attempts"),
                    createdAt: try row.decode("created_epoch"), orderStatus: orderStatus,
                    orderExpiresAt: try row.decode("expires_epoch"), now: try row.decode("now_epoch"))
            }
        }
    }

    /// See `SyncQueue.renewLeases`.
    public func renewLeases(attemptIDs: [String], owner: String, leaseSeconds: Int) async throws {
        guard !attemptIDs.isEmpty else { return }
        try await pool.withConnection { conn in
            _ = try conn.query(
                """
                UPDATE payment_attempts SET lease_until = now() + make_interval(secs => $3)
                WHERE id = ANY (string_to_array($1, ',')) AND lease_owner = $2
                """, [attemptIDs.joined(separator: ","), owner, leaseSeconds])
        }
    }

    /// See `SyncQueue.reschedule`. The status is read here, under the row's update lock,
    /// not taken from the poller: a webhook may have closed the attempt meanwhile.
    public func reschedule(attemptID: String, owner: String, afterSeconds: Int64?) async throws {
        try await pool.withConnection { conn in
            _ = try conn.query(
                """
                UPDATE payment_attempts SET sync_attempts = sync_attempts + 1, lease_until = NULL, lease_owner = NULL,
                    next_sync_at = CASE WHEN \(Self.open) AND $3::bigint IS NOT NULL THEN now() + make_interval(secs => $3::bigint) END
                WHERE id = $1 AND lease_owner = $2
                """, [attemptID, owner, afterSeconds])
        }
    }

    /// See `SyncQueue.release`.
    public func release(attemptIDs: [String], owner: String) async throws {
        guard !attemptIDs.isEmpty else { return }
        try await pool.withConnection { conn in
            _ = try conn.query(
                """
                UPDATE payment_attempts SET lease_until = NULL, lease_owner = NULL
                WHERE id = ANY (string_to_array($1, ',')) AND lease_owner = $2
                """, [attemptIDs.joined(separator: ","), owner])
        }
    }
}
