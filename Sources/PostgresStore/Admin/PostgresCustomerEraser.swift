import OrderDomain

/// Erases a customer's name, e-mail and metadata from every table that holds a copy, in one
/// transaction with its `customer.erased` audit row: all of it happens, or none.
///
/// Where copies live: `orders` (the columns), `order_events.data` (keys of that name, if a
/// writer ever put them there), `notifications.payload` (the order as sent to the merchant),
/// `webhook_events.raw_body` (WooshPay's objects carry the customer's e-mail and details),
/// `idempotency_keys.response_body` (an order creation's cached answer, for 24 h).
public struct PostgresCustomerEraser: Sendable {
    private let pool: PostgresPool

    /// Creates the eraser over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Erases every order whose e-mail is `email` (case-insensitively), audited by `actor`
    /// without the address: the audit trail must not become the last copy of it.
    public func erase(email: String, actor: AdminActor) async throws -> CustomerErasure.Report {
        let email = try CustomerErasure.validatedEmail(email)
        return try await pool.withTransaction { tx in
            let ids: [String] = try tx.query(
                "SELECT id FROM orders WHERE lower(customer_email) = lower($1) ORDER BY created_at, id FOR UPDATE", [email]
            ).map { try $0.decode("id") }
            let list = ids.joined(separator: ",")
            try tx.query(
                """
                UPDATE orders SET customer_email = $2, customer_name = NULL, metadata = '{}', updated_at = now()
                WHERE id = ANY(string_to_array($1, ','))
                """, [list, CustomerErasure.erasedEmail])
            let events = try tx.query(
                """
                UPDATE order_events SET data = data - 'customer_email' - 'customer_name' - 'email' - 'name' - 'metadata'
                WHERE order_id = ANY(string_to_array($1, ',')) AND data ?| array['customer_email', 'customer_name', 'email', 'name', 'metadata']
                """, [list]
            ).affectedRows
            let notifications = try tx.query(
                """
                UPDATE notifications
                SET payload = (jsonb_set(jsonb_set(payload::jsonb, '{data,object,customer_email}', 'null'),
                                         '{data,object,metadata}', '{}') #- '{data,object,customer_name}')::text,
                    updated_at = now()
                WHERE order_id = ANY(string_to_array($1, ','))
                """, [list]
            ).affectedRows
            let webhooks = try Self.eraseWebhookBodies(tx, orderList: list, email: email)
            let cached = try tx.query(
                "DELETE FROM idempotency_keys WHERE strpos(lower(response_body), lower($1)) > 0", [email]
            ).affectedRows
            let report = CustomerErasure.Report(
                orderIDs: ids, orderEvents: events, notifications: notifications,
                webhookEvents: webhooks, idempotencyRecords: cached)
            try PostgresAdminAudit.insert(
                tx,
                AdminAuditEntry(
                    actor: actor, action: "customer.erased", target: list, before: nil,
                    after: try OrderRows.json([
                        "orders": String(ids.count), "order_events": String(events),
                        "notifications": String(notifications), "webhook_events": String(webhooks),
                        "idempotency_records": String(cached),
                    ])))
            return report
        }
    }

    /// Replaces the raw body of every inbox event about the orders' payments or refunds, or
    /// quoting the address, with a stub of its id, type and object id: processing and
    /// replay read only those columns, so the event still works.
    static func eraseWebhookBodies(_ tx: PostgresConnection, orderList: String, email: String) throws -> Int {
        try tx.query(
            """
            WITH objects AS (
                SELECT checkout_session_id AS id FROM payment_attempts WHERE order_id = ANY(string_to_array($1, ','))
                UNION SELECT payment_intent_id FROM payment_attempts WHERE order_id = ANY(string_to_array($1, ','))
                UNION SELECT gateway_refund_id FROM refunds WHERE order_id = ANY(string_to_array($1, ','))
            )
            UPDATE webhook_events SET raw_body = jsonb_build_object(
                'id', event_id, 'object', 'event', 'type', type, 'erased', true,
                'data', jsonb_build_object('object', jsonb_build_object('id', object_id)))::text
            WHERE object_id IN (SELECT id FROM objects WHERE id IS NOT NULL)
               OR sync_object_id IN (SELECT id FROM objects WHERE id IS NOT NULL)
               OR strpos(lower(raw_body), lower($2)) > 0
            """, [orderList, email]
        ).affectedRows
    }
}
