import OrderDomain

/// The inbox as the back office reads it, and replay. Lists are keyset-paginated on
/// `(received_at, event_id)`, newest first.
extension PostgresWebhookInbox: BackOfficeWebhooks {
    /// The columns `record` reads; the raw body only for a single event (lists leave it out).
    static func columns(rawBody: Bool) -> String {
        """
        event_id, type, object_id, sync_object_id, status, attempts, last_error\(rawBody ? ", raw_body" : ""),
        extract(epoch FROM received_at)::bigint AS received_epoch, extract(epoch FROM processed_at)::bigint AS processed_epoch,
        extract(epoch FROM next_attempt_at)::bigint AS next_epoch, extract(epoch FROM lease_until)::bigint AS lease_epoch
        """
    }

    /// See `BackOfficeWebhooks.events`.
    public func events(_ query: WebhookEventListQuery) async throws -> ListPage<WebhookEventRecord> {
        try await pool.withConnection { conn in
            var cursor: String?
            if let after = query.startingAfter {
                guard
                    let row = try conn.query(
                        "SELECT received_at::text AS received FROM webhook_events WHERE event_id = $1",
                        [after]
                    ).first
                else {
                    throw DomainError.invalidCursor(naming: "webhook event")
                }
                cursor = try row.decode("received")
            }
            let (sql, parameters) = Self.listSQL(query, cursorReceivedAt: cursor)
            let rows = try conn.query(sql, parameters).map(Self.record)
            return ListPage(items: Array(rows.prefix(query.limit)), hasMore: rows.count > query.limit)
        }
    }

    /// The list statement for `query` (one row more than the page, for `has_more`). Public
    /// so tests can check its plans.
    public static func listSQL(_ query: WebhookEventListQuery, cursorReceivedAt: String?) -> (sql: String, parameters: [(any PostgresBindable)?]) {
        var conditions = [String]()
        var parameters = [(any PostgresBindable)?]()
        if let status = query.status {
            parameters.append(status.rawValue)
            conditions.append("status = $\(parameters.count)")
        }
        if let cursor = cursorReceivedAt, let after = query.startingAfter {
            parameters += [cursor, after]
            conditions.append("(received_at, event_id) < ($\(parameters.count - 1)::timestamptz, $\(parameters.count))")
        }
        parameters.append(query.limit + 1)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT \(columns(rawBody: false)) FROM webhook_events \(filter)
            ORDER BY received_at DESC, event_id DESC LIMIT $\(parameters.count)
            """
        return (sql, parameters)
    }

    /// See `BackOfficeWebhooks.event`.
    public func event(id: String) async throws -> WebhookEventRecord? {
        try await pool.withConnection { conn in
            try conn.query("SELECT \(Self.columns(rawBody: true)) FROM webhook_events WHERE event_id = $1", [id]).first.map(Self.record)
        }
    }

    /// See `BackOfficeWebhooks.replay`. The event and its audit line are written in one
    /// transaction; the running processors pick the event up on their next tick.
    public func replay(id: String, cause: SyncCause) async throws -> WebhookEventRecord? {
        try await pool.withTransaction { tx -> WebhookEventRecord? in
            guard
                let before = try tx.query(
                    "SELECT status, coalesce(sync_object_id, object_id) AS object FROM webhook_events WHERE event_id = $1 FOR UPDATE",
                    [id]
                ).first
            else { return nil }
            guard
                let row = try tx.query(
                    """
                    UPDATE webhook_events
                    SET status = 'received', next_attempt_at = now(), lease_until = NULL, lease_owner = NULL, processed_at = NULL
                    WHERE event_id = $1 RETURNING \(Self.columns(rawBody: true))
                    """, [id]
                ).first
            else { return nil }
            if let object: String = try before.decodeIfPresent("object"), let orderID = try Self.orderHolding(object, tx) {
                try OrderLedger(tx, orderID: orderID, cause: cause).append(
                    .webhookReplayed(
                        eventID: id, eventType: try row.decode("type"), previousStatus: try before.decode("status"), object: object))
            }
            return try Self.record(row)
        }
    }

    /// The order of the attempt holding a payment object (as the processor finds it), or
    /// of the refund a refund event names.
    static func orderHolding(_ object: String, _ tx: PostgresConnection) throws -> String? {
        let attempt = try tx.query(
            """
            SELECT order_id FROM payment_attempts WHERE payment_intent_id = $1 OR checkout_session_id = $1 ORDER BY created_at LIMIT 1
            """, [object]
        ).first
        let row = try attempt ?? tx.query("SELECT order_id FROM refunds WHERE gateway_refund_id = $1", [object]).first
        return try row?.decode("order_id", as: String.self)
    }

    /// One row as a `WebhookEventRecord`.
    static func record(_ row: PostgresRow) throws -> WebhookEventRecord {
        guard let status = WebhookEventStatus(rawValue: try row.decode("status")) else {
            throw PostgresError.decoding(column: "webhook_events.status", message: "unexpected value")
        }
        return WebhookEventRecord(
            id: try row.decode("event_id"), type: try row.decode("type"), objectID: try row.decodeIfPresent("object_id"),
            syncObjectID: try row.decodeIfPresent("sync_object_id"), status: status, attempts: try row.decode("attempts"),
            lastError: try row.decodeIfPresent("last_error"), rawBody: row.index.positions["raw_body"] == nil ? nil : try row.decode("raw_body"),
            receivedAt: try row.decode("received_epoch"), processedAt: try row.decodeIfPresent("processed_epoch"),
            nextAttemptAt: try row.decode("next_epoch"), leaseUntil: try row.decodeIfPresent("lease_epoch"))
    }
}
