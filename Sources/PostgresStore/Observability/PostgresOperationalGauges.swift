/// What the database says about the service's queues at one instant, read at each
/// `/metrics` scrape: open payment attempts, how late the pollers are, and the backlogs of
/// the notification outbox and the webhook inbox, and the disputes waiting for evidence.
public struct OperationalSnapshot: Sendable, Hashable {
    /// Open (unsettled) payment attempts by status; every open status is present, 0 when none.
    public var openAttempts: [String: Int] = [:]
    /// Seconds since the oldest open attempt of each status was created (0 when none).
    public var oldestOpenAttemptAgeSeconds: [String: Double] = [:]
    /// Seconds the most overdue `next_sync_at` is past now, by queue (`payment_attempts`,
    /// `refunds`); 0 when nothing is overdue.
    public var syncLagSeconds: [String: Double] = [:]
    /// Notifications by outbox status: `pending` (to deliver or retry) and `failed` (given up).
    public var outbox: [String: Int] = [:]
    /// Seconds since the oldest pending notification was written (0 when none).
    public var outboxOldestPendingAgeSeconds: Double = 0
    /// Webhook events waiting in the inbox by status: `received` (not processed yet) and
    /// `failed` (to retry).
    public var inbox: [String: Int] = [:]
    /// Seconds since the oldest waiting webhook event was received (0 when none).
    public var inboxOldestAgeSeconds: Double = 0
    /// Open disputes (`needs_response`, `under_review`); every open status is present.
    public var openDisputes: [String: Int] = [:]
    /// Disputes needing a response whose evidence is due within 48 hours (or overdue).
    public var disputesEvidenceDueSoon: Int = 0

    /// An empty snapshot.
    public init() {}
}

/// Reads an `OperationalSnapshot` in one statement. Every part is served by a partial
/// index (`payment_attempts_due`, `refunds_due`, `notifications_due`,
/// `notifications_failed`, `webhook_events_due`, `disputes_open_due`), so a scrape costs O(open work), never
/// O(history).
public struct PostgresOperationalGauges: Sendable {
    let pool: PostgresPool

    /// Creates the reader over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Open attempt statuses, as in `payment_attempts_due`'s predicate.
    public static let openAttemptStatuses = [
        "pending", "requires_payment_method", "requires_confirmation",
        "requires_action", "processing", "requires_capture",
    ]

    /// The statement: one row per (metric, label, value).
    public static let sql = """
        WITH open_attempts AS (
            SELECT status, count(*) AS n, min(created_at) AS oldest FROM payment_attempts
            WHERE status NOT IN ('succeeded', 'failed', 'canceled', 'expired') GROUP BY status
        ), inbox AS (
            SELECT status, count(*) AS n, min(received_at) AS oldest FROM webhook_events
            WHERE status IN ('received', 'failed') GROUP BY status
        ), outbox_pending AS (
            SELECT count(*) AS n, min(created_at) AS oldest FROM notifications
            WHERE next_attempt_at IS NOT NULL AND status = 'pending'
        )
        SELECT 'attempts_open' AS metric, status AS label, n::float8 AS value FROM open_attempts
        UNION ALL SELECT 'attempts_oldest_age', status, extract(epoch FROM now() - oldest)::float8 FROM open_attempts
        UNION ALL SELECT 'sync_lag', 'payment_attempts', coalesce(extract(epoch FROM now() - min(next_sync_at)), 0)::float8
            FROM payment_attempts WHERE status NOT IN ('succeeded', 'failed', 'canceled', 'expired') AND next_sync_at <= now()
        UNION ALL SELECT 'sync_lag', 'refunds', coalesce(extract(epoch FROM now() - min(next_sync_at)), 0)::float8
            FROM refunds WHERE next_sync_at IS NOT NULL AND next_sync_at <= now()
        UNION ALL SELECT 'outbox', 'pending', n::float8 FROM outbox_pending
        UNION ALL SELECT 'outbox_oldest_age', '', coalesce(extract(epoch FROM now() - oldest), 0)::float8 FROM outbox_pending
        UNION ALL SELECT 'outbox', 'failed', count(*)::float8 FROM notifications WHERE status = 'failed'
        UNION ALL SELECT 'inbox', status, n::float8 FROM inbox
        UNION ALL SELECT 'inbox_oldest_age', '', coalesce(extract(epoch FROM now() - min(oldest)), 0)::float8 FROM inbox
        UNION ALL SELECT 'disputes_open', status, count(*)::float8 FROM disputes
            WHERE status IN ('needs_response', 'under_review') GROUP BY status
        UNION ALL SELECT 'disputes_due_soon', '', count(*)::float8 FROM disputes
            -- The partial index's predicate spelled out, so the planner uses it.
            WHERE status IN ('needs_response', 'under_review') AND status = 'needs_response'
              AND evidence_due_by < now() + interval '48 hours'
        UNION ALL SELECT 'sync_lag', 'disputes', coalesce(extract(epoch FROM now() - min(next_sync_at)), 0)::float8
            FROM disputes WHERE next_sync_at IS NOT NULL AND next_sync_at <= now()
        """

    /// Reads the snapshot; the statement may run at most `timeoutMilliseconds`.
    public func read(timeoutMilliseconds: Int = 2000) async throws -> OperationalSnapshot {
        let rows = try await pool.withTransaction { conn in
            _ = try conn.execute("SET LOCAL statement_timeout = \(max(1, timeoutMilliseconds))")
            return try conn.query(Self.sql).map { row in
                (
                    metric: try row.decode("metric", as: String.self), label: try row.decode("label", as: String.self),
                    value: try row.decode("value", as: Double.self)
                )
            }
        }
        var snapshot = OperationalSnapshot()
        for status in Self.openAttemptStatuses {
            snapshot.openAttempts[status] = 0
            snapshot.oldestOpenAttemptAgeSeconds[status] = 0
        }
        snapshot.syncLagSeconds = ["payment_attempts": 0, "refunds": 0, "disputes": 0]
        snapshot.openDisputes = ["needs_response": 0, "under_review": 0]
        snapshot.outbox = ["pending": 0, "failed": 0]
        snapshot.inbox = ["received": 0, "failed": 0]
        for row in rows {
            switch row.metric {
            case "attempts_open": snapshot.openAttempts[row.label] = Int(row.value)
            case "attempts_oldest_age": snapshot.oldestOpenAttemptAgeSeconds[row.label] = max(0, row.value)
            case "sync_lag": snapshot.syncLagSeconds[row.label] = max(0, row.value)
            case "outbox": snapshot.outbox[row.label] = Int(row.value)
            case "outbox_oldest_age": snapshot.outboxOldestPendingAgeSeconds = max(0, row.value)
            case "inbox": snapshot.inbox[row.label] = Int(row.value)
            case "inbox_oldest_age": snapshot.inboxOldestAgeSeconds = max(0, row.value)
            case "disputes_open": snapshot.openDisputes[row.label] = Int(row.value)
            case "disputes_due_soon": snapshot.disputesEvidenceDueSoon = Int(row.value)
            default: break
            }
        }
        return snapshot
    }
}
