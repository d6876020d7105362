import Foundation
import MerchantServer
import OrderDomain
import TestSupport
import Testing

@testable import PostgresStore

/// The retention purges (`RETENTION_DAYS`) against real PostgreSQL: only rows both old and
/// finished go; young ones and unfinished ones of any age stay.
@Suite("Admin: retention purges") struct RetentionTests {
    static func ids(_ pool: PostgresPool, _ sql: String) async throws -> Set<String> {
        try await pool.withConnection { conn in Set(try conn.query(sql).map { try $0.decode("id", as: String.self) }) }
    }

    @Test func onlyOldProcessedOrIgnoredWebhookEventsArePurged() async throws {
        try await TestDatabase.with { pool, _ in
            try await pool.withConnection { conn in
                // (id, status, age in days of processed_at / received_at)
                let rows: [(String, String, Int)] = [
                    ("evt_old_processed", "processed", 91), ("evt_old_ignored", "ignored", 200), ("evt_young_processed", "processed", 89),
                    ("evt_old_received", "received", 400), ("evt_old_failed", "failed", 400),
                ]
                for (id, status, days) in rows {
                    let done = status == "processed" || status == "ignored"
                    _ = try conn.query(
                        """
                        INSERT INTO webhook_events (event_id, type, raw_body, status, received_at, processed_at)
                        VALUES ($1, 'payment_intent.succeeded', '{}', $2, now() - make_interval(days => $3),
                                CASE WHEN $4 THEN now() - make_interval(days => $3) END)
                        """, [id, status, days, done])
                }
            }
            let purged = try await PostgresRetention(pool: pool, batchSize: 1).purgeProcessedWebhookEvents(olderThanDays: 90)
            #expect(purged == 2)
            #expect(
                try await Self.ids(pool, "SELECT event_id AS id FROM webhook_events")
                    == ["evt_young_processed", "evt_old_received", "evt_old_failed"])
        }
    }

    @Test func onlyOldDeliveredNotificationsArePurgedWithTheirDeliveries() async throws {
        try await TestDatabase.with { pool, _ in
            try await pool.withConnection { conn in
                _ = try conn.query(
                    """
                    INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, client_token_hash, expires_at)
                    VALUES ('ord_r', 'paid', 'USD', 100, 100, 'r@example.com', 'x', now())
                    """)
                let rows: [(String, String, Int)] = [
                    ("evt_old_delivered", "delivered", 31), ("evt_young_delivered", "delivered", 29),
                    ("evt_old_pending", "pending", 400), ("evt_old_failed", "failed", 400),
                ]
                for (id, status, days) in rows {
                    _ = try conn.query(
                        """
                        INSERT INTO notifications (id, order_id, type, payload, status, created_at, updated_at)
                        VALUES ($1, 'ord_r', 'order.paid', '{}', $2, now() - make_interval(days => $3), now() - make_interval(days => $3))
                        """, [id, status, days])
                    _ = try conn.query("INSERT INTO notification_deliveries (notification_id, url) VALUES ($1, 'https://a.example')", [id])
                }
            }
            let purged = try await PostgresRetention(pool: pool).purgeDeliveredNotifications(olderThanDays: 30)
            #expect(purged == 1)
            let left: Set<String> = ["evt_young_delivered", "evt_old_pending", "evt_old_failed"]
            #expect(try await Self.ids(pool, "SELECT id FROM notifications") == left)
            #expect(try await Self.ids(pool, "SELECT notification_id AS id FROM notification_deliveries") == left)
        }
    }

    @Test func retentionDaysIsReadWithADefaultAndARange() throws {
        func read(_ value: String?) throws(ServerConfiguration.Invalid) -> Int {
            var environment = ["PGHOST": "127.0.0.1"]
            environment["RETENTION_DAYS"] = value
            return try ServerConfiguration(environment: environment).retentionDays
        }
        #expect(try read(nil) == 90)
        #expect(try read("1") == 1)
        #expect(try read("3650") == 3650)
        for bad in ["0", "3651", "-1", "ninety", "90d"] {
            do {
                _ = try read(bad)
                Issue.record("RETENTION_DAYS=\(bad) was accepted")
            } catch {
                #expect(error.problems == ["RETENTION_DAYS must be a whole number of days 1-3650, got \"\(bad)\""])
            }
        }
    }
}
