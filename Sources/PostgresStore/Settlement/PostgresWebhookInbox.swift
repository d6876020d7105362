import OrderDomain

/// The webhook inbox in the `webhook_events` table. Every statement is a single short
/// one (no transaction spans a gateway call); claims use `FOR UPDATE SKIP LOCKED`, so
/// replicas never wait on each other or claim the same row twice.
public struct PostgresWebhookInbox: WebhookInbox {
    /// Where `webhook_events` lives.
    let pool: PostgresPool
    /// Stores go through group commit: deliveries arriving together share one INSERT.
    private let stores: GroupCommit<InboxedWebhook, Bool>

    /// Creates the inbox over `pool`. Up to `maxWriters` group inserts run at once (each on
    /// a pooled connection), each of at most 64 events.
    public init(pool: PostgresPool, maxWriters: Int = 4) {
        self.pool = pool
        self.stores = GroupCommit(maxWriters: maxWriters, maxBatch: 64) { events in
            try await Self.insert(events, pool: pool)
        }
    }

    /// See `WebhookInbox.store`. The answer comes once the event is committed, alone or
    /// with others delivered at the same moment.
    public func store(_ event: InboxedWebhook) async throws -> Bool {
        try await stores.submit(event)
    }

    /// Inserts `events` in one statement; per event, whether it was new. A duplicate delivery
    /// changes nothing (the first copy is the one processed); of two copies of one event in
    /// the same batch the first counts as new.
    static func insert(_ events: [InboxedWebhook], pool: PostgresPool) async throws -> [Bool] {
        var firstIndex: [String: Int] = [:]
        var unique: [InboxedWebhook] = []
        for (index, event) in events.enumerated() where firstIndex[event.eventID] == nil {
            firstIndex[event.eventID] = index
            unique.append(event)
        }
        let rows = unique.indices.map { i in (1...6).map { "$\(6 * i + $0)" }.joined(separator: ", ") }.map { "(\($0))" }
        let parameters: [(any PostgresBindable)?] = unique.flatMap { event -> [(any PostgresBindable)?] in
            [event.eventID, event.type, event.objectID, event.syncTarget?.objectID, event.syncTarget?.kind, event.rawBody]
        }
        let inserted = try await pool.withConnection { conn in
            try conn.query(
                """
                INSERT INTO webhook_events (event_id, type, object_id, sync_object_id, sync_kind, raw_body)
                VALUES \(rows.joined(separator: ", ")) ON CONFLICT (event_id) DO NOTHING RETURNING event_id
                """, parameters
            ).map { try $0.decode("event_id", as: String.self) }
        }
        let new = Set(inserted)
        return events.enumerated().map { index, event in new.contains(event.eventID) && firstIndex[event.eventID] == index }
    }

    /// See `WebhookInbox.claimDue`.
    public func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [ClaimedWebhook] {
        try await pool.withConnection { conn in
            // The inner SELECT walks the partial index on next_attempt_at; a row whose lease
            // expired (its processor crashed) is due again, which makes this the sweeper too.
            try conn.query(
                """
                UPDATE webhook_events
                SET lease_until = now() + $3::int * interval '1 second', lease_owner = $1, attempts = attempts + 1
                WHERE event_id IN (
                    SELECT event_id FROM webhook_events
                    WHERE status IN ('received', 'failed') AND next_attempt_at <= now()
                      AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY next_attempt_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
                RETURNING event_id, type, sync_object_id, sync_kind, attempts, extract(epoch FROM next_attempt_at)::float8 AS due
                """, [owner, limit, leaseSeconds]
            )
            .map { row in
                (
                    due: try row.decode("due", as: Double.self),
                    event: ClaimedWebhook(
                        eventID: try row.decode("event_id"), type: try row.decode("type"),
                        syncTarget: SyncTarget(
                            kind: try row.decodeIfPresent("sync_kind"),
                            objectID: try row.decodeIfPresent("sync_object_id")),
                        attempts: try row.decode("attempts"))
                )
            }
            // RETURNING has no order; oldest first keeps processing close to arrival order.
            .sorted { ($0.due, $0.event.eventID) < ($1.due, $1.event.eventID) }
            .map(\.event)
        }
    }

    /// See `WebhookInbox.markProcessed`.
    public func markProcessed(eventID: String, owner: String) async throws -> Bool {
        try await finish(eventID: eventID, owner: owner, status: "processed", error: nil)
    }

    /// See `WebhookInbox.markIgnored`.
    public func markIgnored(eventID: String, owner: String, reason: String) async throws -> Bool {
        try await finish(eventID: eventID, owner: owner, status: "ignored", error: reason)
    }

    /// See `WebhookInbox.markFailed`.
    public func markFailed(eventID: String, owner: String, error: String, retryAfterSeconds: Int64) async throws -> Bool {
        try await pool.withConnection { conn in
            try conn.query(
                """
                UPDATE webhook_events
                SET status = 'failed', last_error = $3, next_attempt_at = now() + $4::bigint * interval '1 second',
                    lease_until = NULL, lease_owner = NULL
                WHERE event_id = $1 AND lease_owner = $2
                """, [eventID, owner, error, retryAfterSeconds]
            ).affectedRows == 1
        }
    }

    /// Closes an event the lease holder finished with.
    private func finish(eventID: String, owner: String, status: String, error: String?) async throws -> Bool {
        try await pool.withConnection { conn in
            // Only the lease holder may close it: a replica whose lease expired must not
            // overwrite the outcome of the one that claimed the event after it.
            try conn.query(
                """
                UPDATE webhook_events
                SET status = $3, last_error = $4, processed_at = now(), lease_until = NULL, lease_owner = NULL
                WHERE event_id = $1 AND lease_owner = $2
                """, [eventID, owner, status, error]
            ).affectedRows == 1
        }
    }
}
