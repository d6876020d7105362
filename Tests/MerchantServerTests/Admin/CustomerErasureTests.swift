import Foundation
import HTTPTypes
import OrderDomain
import TestSupport
import Testing

@testable import PostgresStore

/// `merchant customers erase`'s store against real PostgreSQL: after erasing one customer,
/// no table holds their e-mail or name any more, the other customer's data is untouched,
/// and amounts, ids and statuses are unchanged.
@Suite("Admin: customer erasure") struct CustomerErasureTests {
    static let erased = (email: "Erin.Erased@Example.com", name: "Erin Erasedottir")
    static let kept = (email: "kim.kept@example.com", name: "Kim Keptsson")

    /// Places an order for the customer through the API; returns its id.
    static func order(_ h: CatalogHarness, email: String, name: String, metadata: String) async throws -> String {
        let placed = try await h.send(
            .post, "/v1/orders",
            """
            {"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"\(email)","name":"\(name)"},\
            "metadata":{"note":"\(metadata)"}}
            """)
        guard placed.status == .created, let id = jsonObject(placed)["id"] as? String else {
            throw ErasureTestError("order not placed: \(placed.status) \(String(buffer: placed.body))")
        }
        return id
    }

    /// Everything the tables that may hold a copy of customer data hold, as text.
    static func dump(_ pool: PostgresPool) async throws -> String {
        try await pool.withConnection { conn in
            try [
                "orders", "order_items", "order_events", "notifications", "notification_deliveries", "webhook_events",
                "payment_attempts", "refunds", "idempotency_keys", "admin_audit",
            ].map { table in
                try conn.query("SELECT coalesce(string_agg(row_to_json(t)::text, E'\\n'), '') AS t FROM \(table) t")
                    .first?.decode("t", as: String.self) ?? ""
            }.joined(separator: "\n")
        }
    }

    /// Amounts, statuses and ids of every order, to prove they survive.
    static func books(_ pool: PostgresPool) async throws -> [String] {
        try await pool.withConnection { conn in
            try conn.query("SELECT id || ' ' || status || ' ' || total_amount || ' ' || refunded_amount AS b FROM orders ORDER BY id")
                .map { try $0.decode("b", as: String.self) }
        }
    }

    @Test func erasingOneCustomerLeavesNoCopyOfTheirDataAndKeepsTheBooks() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let mine = [
                try await Self.order(h, email: Self.erased.email, name: Self.erased.name, metadata: "erin-note"),
                try await Self.order(h, email: Self.erased.email.lowercased(), name: Self.erased.name, metadata: "erin-note"),
            ]
            let theirs = try await Self.order(h, email: Self.kept.email, name: Self.kept.name, metadata: "kim-note")
            try await h.pool.withTransaction { tx in
                for order in mine + [theirs] {
                    try PostgresNotificationStore.enqueue(tx, orderID: order, kind: .canceled)
                    let attempt = "pay_" + order.dropFirst(4)
                    try tx.query(
                        """
                        INSERT INTO payment_attempts (id, order_id, mode, status, amount, currency, capture_method,
                                                      payment_method_types, idempotency_key, payment_intent_id)
                        VALUES ($1, $2, 'direct', 'succeeded', 1250, 'USD', 'automatic', 'card', $1, $3)
                        """, [attempt, order, "pi_" + order.dropFirst(4)])
                    let email =
                        try tx.query("SELECT customer_email FROM orders WHERE id = $1", [order]).first?.decode("customer_email", as: String.self)
                        ?? ""
                    // A WooshPay event about the order's payment, quoting the customer.
                    try tx.query(
                        """
                        INSERT INTO webhook_events (event_id, type, object_id, sync_object_id, sync_kind, raw_body, status)
                        VALUES ($1, 'payment_intent.succeeded', $2, $2, 'payment', $3, 'processed')
                        """,
                        [
                            "evt_" + order.dropFirst(4), "pi_" + order.dropFirst(4),
                            #"{"data":{"object":{"id":"pi_x","receipt_email":"\#(email)","shipping":{"name":"\#(email == Self.kept.email ? Self.kept.name : Self.erased.name)"}}}}"#,
                        ])
                    try tx.query(
                        """
                        INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
                        VALUES ('POST /v1/orders', $1, 'h', 201, $2)
                        """, [order, #"{"customer":{"email":"\#(email)"}}"#])
                }
            }
            let books = try await Self.books(h.pool)
            let before = try await Self.dump(h.pool)
            #expect(before.contains(Self.erased.name) && before.lowercased().contains(Self.erased.email.lowercased()))

            let report = try await PostgresCustomerEraser(pool: h.pool).erase(email: "ERIN.erased@example.COM", actor: .cli)

            #expect(Set(report.orderIDs) == Set(mine))
            #expect(report.notifications == 2 && report.webhookEvents == 2 && report.idempotencyRecords == 2)
            let after = try await Self.dump(h.pool)
            for gone in [Self.erased.email.lowercased(), Self.erased.name.lowercased(), "erin-note", "erin"] {
                #expect(!after.lowercased().contains(gone), "\(gone) is still stored")
            }
            for still in [Self.kept.email, Self.kept.name, "kim-note"] {
                #expect(after.contains(still), "\(still) was erased too")
            }
            #expect(try await Self.books(h.pool) == books, "amounts, ids and statuses unchanged")
            #expect(try await h.count("SELECT count(*)::int AS n FROM payment_attempts WHERE amount = 1250") == 3)
            let audit = try await h.count(
                """
                SELECT count(*)::int AS n FROM admin_audit WHERE action = 'customer.erased' AND actor = 'cli'
                  AND target = '\(report.orderIDs.joined(separator: ","))' AND after->>'orders' = '2'
                """)
            #expect(audit == 1)
            // Nothing left to erase: a second run finds no order.
            #expect(try await PostgresCustomerEraser(pool: h.pool).erase(email: Self.erased.email, actor: .cli).orderIDs == [])
            await #expect(throws: DomainError.self) { try await PostgresCustomerEraser(pool: h.pool).erase(email: "", actor: .cli) }
        }
    }
}

struct ErasureTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
