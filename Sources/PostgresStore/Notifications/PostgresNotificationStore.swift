import CryptoPrimitives
import OrderDomain

/// The `notifications` outbox and its deliveries.
public struct PostgresNotificationStore: NotificationStore, NotificationQueue {
    private let pool: PostgresPool

    /// Creates the store over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Writes a notification of the order as it is now, inside the caller's transaction
    /// (the one that changed the order), so it exists exactly when the change does.
    static func enqueue(_ tx: PostgresConnection, orderID: String, kind: OrderNotification.Kind) throws {
        let id = Crypto.randomToken(prefix: "evt_", byteCount: 12)
        try tx.query(
            """
            INSERT INTO notifications (id, order_id, type, payload)
            SELECT $1::text, o.id, $3::text, jsonb_build_object(
                'id', $1::text, 'object', 'event', 'type', $3::text, 'created', extract(epoch FROM now())::bigint,
                'data', jsonb_build_object('object', jsonb_build_object(
                    'id', o.id, 'object', 'order', 'status', o.status, 'currency', o.currency,
                    'total_amount', o.total_amount, 'refunded_amount', o.refunded_amount,
                    'customer_email', o.customer_email, 'metadata', o.metadata,
                    'needs_review', o.needs_review, 'review_reason', o.review_reason,
                    'created', extract(epoch FROM o.created_at)::bigint,
                    'items', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', i.sku, 'name', i.name, 'quantity', i.quantity,
                                                                          'unit_amount', i.unit_amount, 'amount', i.amount)
                                                        ORDER BY i.line), '[]'::jsonb)
                              FROM order_items i WHERE i.order_id = o.id))))::text
            FROM orders o WHERE o.id = $2
            """, [id, orderID, kind.rawValue])
    }

    static let columns = """
        id, seq, order_id, type, payload, status, attempts, extract(epoch FROM next_attempt_at)::bigint AS next_epoch,
        extract(epoch FROM created_at)::bigint AS created_epoch
        """

    /// `columns` qualified for the claim's `UPDATE ... FROM due` (where `id` is ambiguous).
    static let claimedColumns = columns.replacingOccurrences(of: "id, seq", with: "n.id, n.seq")

    static func notification(_ row: PostgresRow) throws -> OrderNotification {
        guard let kind = OrderNotification.Kind(rawValue: try row.decode("type")),
            let status = OrderNotification.Status(rawValue: try row.decode("status"))
        else { throw PostgresError.decoding(column: "notifications", message: "unexpected type or status") }
        return OrderNotification(
            id: try row.decode("id"), sequence: try row.decode("seq"), orderID: try row.decode("order_id"),
            kind: kind, payload: try row.decode("payload"), status: status, attempts: try row.decode("attempts"),
            nextAttemptAt: try row.decodeIfPresent("next_epoch"), createdAt: try row.decode("created_epoch"))
    }

    /// The notifications of `rows` with their deliveries (one query for all of them).
    static func withDeliveries(_ conn: PostgresConnection, _ rows: [PostgresRow]) throws -> [OrderNotification] {
        var items = try rows.map(notification)
        guard !items.isEmpty else { return items }
        let deliveries = try conn.query(
            """
            SELECT notification_id, url, attempts, last_status, last_error, extract(epoch FROM delivered_at)::bigint AS delivered_epoch
            FROM notification_deliveries WHERE notification_id = ANY(string_to_array($1, ',')) ORDER BY url
            """, [items.map(\.id).joined(separator: ",")])
        var byID = [String: [OrderNotification.Delivery]]()
        for row in deliveries {
            byID[try row.decode("notification_id"), default: []].append(
                OrderNotification.Delivery(
                    url: try row.decode("url"), attempts: try row.decode("attempts"), lastStatus: try row.decodeIfPresent("last_status"),
                    lastError: try row.decodeIfPresent("last_error"), deliveredAt: try row.decodeIfPresent("delivered_epoch")))
        }
        for i in items.indices { items[i].deliveries = byID[items[i].id] ?? [] }
        return items
    }

    // MARK: NotificationStore

    /// See `NotificationStore.notification(id:)`.
    public func notification(id: String) async throws -> OrderNotification? {
        try await pool.withConnection { conn in
            try Self.withDeliveries(conn, try conn.query("SELECT \(Self.columns) FROM notifications WHERE id = $1", [id]).map { $0 }).first
        }
    }

    /// See `NotificationStore.notifications(_:)`: newest first, the cursor by creation order.
    public func notifications(_ query: OrderNotificationQuery) async throws -> (items: [OrderNotification], hasMore: Bool) {
        try await pool.withConnection { conn in
            if let cursor = query.startingAfter, try conn.query("SELECT 1 FROM notifications WHERE id = $1", [cursor]).first == nil {
                throw DomainError.invalidCursor(naming: "notification")
            }
            let rows = try conn.query(
                """
                SELECT \(Self.columns) FROM notifications
                WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR order_id = $2)
                  AND ($3::text IS NULL OR seq < coalesce((SELECT seq FROM notifications WHERE id = $3), 0))
                ORDER BY seq DESC LIMIT $4
                """, [query.status?.rawValue, query.orderID, query.startingAfter, query.limit + 1])
            let items = try Self.withDeliveries(conn, Array(rows.prefix(query.limit)))
            return (items, rows.count > query.limit)
        }
    }

    /// See `NotificationStore.notifications(orderID:after:limit:)`.
    public func notifications(orderID: String, after sequence: Int64, limit: Int) async throws -> [OrderNotification] {
        try await pool.withConnection { conn in
            try conn.query(
                "SELECT \(Self.columns) FROM notifications WHERE order_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                [orderID, sequence, limit]
            ).map(Self.notification)
        }
    }

    /// See `NotificationStore.notifications(after:limit:)`: the cursors go in as two lists
    /// (order ids are `ord_` and hex, no commas), each order read through
    /// `notifications_order` up to its own limit.
    public func notifications(after cursors: [String: Int64], limit: Int) async throws -> [OrderNotification] {
        let valid = cursors.filter { !$0.key.isEmpty && !$0.key.contains(",") }
        guard !valid.isEmpty else { return [] }
        return try await pool.withConnection { conn in
            try conn.query(
                """
                SELECT n.* FROM unnest(string_to_array($1, ','), string_to_array($2, ',')::bigint[]) AS c(order_id, after)
                CROSS JOIN LATERAL (SELECT \(Self.columns) FROM notifications
                                    WHERE order_id = c.order_id AND seq > c.after ORDER BY seq LIMIT $3) n
                ORDER BY n.seq
                """, [valid.keys.joined(separator: ","), valid.values.map(String.init).joined(separator: ","), limit]
            )
            .map(Self.notification)
        }
    }

    /// See `NotificationStore.lastSequence(orderID:)`.
    public func lastSequence(orderID: String) async throws -> Int64 {
        try await pool.withConnection { conn in
            try conn.query("SELECT coalesce(max(seq), 0)::bigint AS n FROM notifications WHERE order_id = $1", [orderID])
                .first?.decode("n") ?? 0
        }
    }

    /// See `NotificationStore.replay(id:cause:)`; audited as `notification.replayed`.
    public func replay(id: String, cause: SyncCause) async throws -> OrderNotification? {
        try await pool.withTransaction { tx -> OrderNotification? in
            guard
                let orderID = try tx.query(
                    """
                    UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL,
                        lease_owner = NULL, updated_at = now()
                    WHERE id = $1 RETURNING order_id
                    """, [id]
                ).first?.decode("order_id", as: String.self)
            else { return nil }
            try tx.query("UPDATE notification_deliveries SET delivered_at = NULL, updated_at = now() WHERE notification_id = $1", [id])
            try OrderLedger(tx, orderID: orderID, cause: cause).append(.notificationReplayed(notificationID: id))
            return try Self.withDeliveries(tx, try tx.query("SELECT \(Self.columns) FROM notifications WHERE id = $1", [id]).map { $0 }).first
        }
    }

    // MARK: NotificationQueue

    /// See `NotificationQueue.claimDue`: through the partial index `notifications_due`.
    public func claimDue(owner: String, limit: Int, leaseSeconds: Int) async throws -> [OrderNotification] {
        try await pool.withConnection { conn in
            try conn.query(
                """
                WITH due AS (
                    SELECT id FROM notifications
                    WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= now() AND status = 'pending' AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY next_attempt_at LIMIT $2
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE notifications n SET lease_until = now() + make_interval(secs => $3), lease_owner = $1
                FROM due WHERE n.id = due.id
                RETURNING \(Self.claimedColumns)
                """, [owner, limit, leaseSeconds]
            ).map(Self.notification).sorted { $0.sequence < $1.sequence }
        }
    }

    /// See `NotificationQueue.deliveredURLs`.
    public func deliveredURLs(notificationID: String) async throws -> Set<String> {
        try await pool.withConnection { conn in
            Set(
                try conn.query(
                    "SELECT url FROM notification_deliveries WHERE notification_id = $1 AND delivered_at IS NOT NULL",
                    [notificationID]
                ).map { try $0.decode("url", as: String.self) })
        }
    }

    /// See `NotificationQueue.recordTry`.
    public func recordTry(notificationID: String, url: String, status: Int?, error: String?) async throws {
        _ = try await pool.withConnection { conn in
            try conn.query(
                """
                INSERT INTO notification_deliveries (notification_id, url, attempts, last_status, last_error, delivered_at)
                VALUES ($1, $2, 1, $3, $4, CASE WHEN $3::int BETWEEN 200 AND 299 THEN now() END)
                ON CONFLICT (notification_id, url) DO UPDATE SET attempts = notification_deliveries.attempts + 1,
                    last_status = excluded.last_status, last_error = excluded.last_error,
                    delivered_at = coalesce(excluded.delivered_at, notification_deliveries.delivered_at), updated_at = now()
                """, [notificationID, url, status, error])
        }
    }

    /// See `NotificationQueue.finishRound`.
    public func finishRound(notificationID: String, owner: String, delivered: Bool, retryAfterSeconds: Int64?) async throws {
        _ = try await pool.withConnection { conn in
            try conn.query(
                """
                UPDATE notifications SET attempts = attempts + 1, lease_until = NULL, lease_owner = NULL, updated_at = now(),
                    status = CASE WHEN $3 THEN 'delivered' WHEN $4::bigint IS NULL THEN 'failed' ELSE 'pending' END,
                    next_attempt_at = CASE WHEN $3 OR $4::bigint IS NULL THEN NULL ELSE now() + make_interval(secs => $4::bigint) END
                WHERE id = $1 AND lease_owner = $2
                """, [notificationID, owner, delivered, retryAfterSeconds])
        }
    }
}
