import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// A page of the admin lists costs O(page): over 20,000 orders, every common filter (and
/// the cursor) walks an index of migration 0009 instead of scanning the table.
@Suite("Admin: list indexes") struct AdminIndexTests {
    /// The plan of `sql` run with `parameters`.
    static func plan(_ conn: PostgresConnection, _ sql: String, _ parameters: [(any PostgresBindable)?]) throws -> String {
        try conn.query("EXPLAIN " + sql, parameters).map { try $0.decode("QUERY PLAN", as: String.self) }.joined(separator: "\n")
    }

    @Test func everyCommonOrderFilterWalksAnIndex() async throws {
        try await TestDatabase.with { pool, _ in
            try await pool.withConnection { conn in
                try conn.execute(
                    """
                    INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, client_token_hash,
                                        expires_at, created_at, review_reason)
                    SELECT 'ord_' || lpad(g::text, 6, '0'), (ARRAY['paid', 'expired', 'awaiting_payment', 'canceled'])[g % 4 + 1], 'USD',
                           100, 100, 'customer' || (g % 5000) || '@example.com', 'x', now(), now() - g * interval '1 minute',
                           CASE WHEN g % 500 = 0 THEN 'amount_mismatch' END
                    FROM generate_series(1, 20000) g;
                    ANALYZE orders;
                    """)
                let cursor = try conn.query("SELECT created_at::text AS c FROM orders WHERE id = 'ord_000100'").first?.decode("c", as: String.self)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let day: Int64 = 86_400_000
                // `ordered`: many rows match, so they must come in index order (no sort of
                // them all); a selective filter (4 orders of one customer) may sort its few.
                let cases: [(OrderListQuery, String?, String, ordered: Bool)] = [
                    (OrderListQuery(), nil, "orders_admin_created", true),
                    (OrderListQuery(startingAfter: "ord_000100"), cursor, "orders_admin_created", true),
                    (OrderListQuery(status: .paid), nil, "orders_admin_status", true),
                    (OrderListQuery(status: .paid, startingAfter: "ord_000100"), cursor, "orders_admin_status", true),
                    (OrderListQuery(email: "Customer42@example.com"), nil, "orders_admin_email", false),
                    (OrderListQuery(needsReview: true), nil, "orders_admin_review", false),
                    (OrderListQuery(createdFrom: now - 2 * day, createdBefore: now - day), nil, "orders_admin_created", true),
                ]
                for (query, cursor, index, ordered) in cases {
                    let (sql, parameters) = PostgresBackOfficeOrders.listSQL(query, cursorCreatedAt: cursor)
                    let plan = try Self.plan(conn, sql, parameters)
                    #expect(plan.contains(index), "\(query): \(plan)")
                    #expect(!plan.contains("Seq Scan"), "\(query): \(plan)")
                    #expect(!ordered || !plan.contains("Sort"), "\(query): rows come in index order: \(plan)")
                }
            }
        }
    }

    @Test func theWebhookInboxListWalksAnIndex() async throws {
        try await TestDatabase.with { pool, _ in
            try await pool.withConnection { conn in
                try conn.execute(
                    """
                    INSERT INTO webhook_events (event_id, type, raw_body, status, received_at)
                    SELECT 'evt_' || g, 'payment_intent.succeeded', '{}', (ARRAY['processed', 'ignored', 'failed', 'received'])[g % 4 + 1],
                           now() - g * interval '1 second'
                    FROM generate_series(1, 20000) g;
                    ANALYZE webhook_events;
                    """)
                let cursor = try conn.query("SELECT received_at::text AS c FROM webhook_events WHERE event_id = 'evt_100'").first?
                    .decode("c", as: String.self)
                let cases: [(WebhookEventListQuery, String?, String)] = [
                    (WebhookEventListQuery(), nil, "webhook_events_admin_received"),
                    (WebhookEventListQuery(startingAfter: "evt_100"), cursor, "webhook_events_admin_received"),
                    (WebhookEventListQuery(status: .failed), nil, "webhook_events_admin_status"),
                    (WebhookEventListQuery(status: .failed, startingAfter: "evt_100"), cursor, "webhook_events_admin_status"),
                ]
                for (query, cursor, index) in cases {
                    let (sql, parameters) = PostgresWebhookInbox.listSQL(query, cursorReceivedAt: cursor)
                    let plan = try Self.plan(conn, sql, parameters)
                    #expect(plan.contains(index), "\(query): \(plan)")
                    #expect(!plan.contains("Seq Scan"), "\(query): \(plan)")
                    #expect(!plan.contains("Sort"), "\(query): \(plan)")
                }
            }
        }
    }
}
