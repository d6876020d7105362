import PostgresStore
import TestSupport
import Testing

/// A tick costs O(due), not O(all orders): the poller's scans go through partial indexes.
@Suite("Poll: partial indexes") struct PollIndexTests {
    /// The plan of `sql` (with `$n` parameters of `types`) executed with `arguments`.
    static func plan(_ conn: PostgresConnection, _ sql: String, types: String, arguments: String) throws -> String {
        try conn.execute("PREPARE probe(\(types)) AS \(sql)")
        let plan = try conn.query("EXPLAIN EXECUTE probe(\(arguments))").map { try $0.decode("QUERY PLAN", as: String.self) }
        try conn.execute("DEALLOCATE probe")
        return plan.joined(separator: "\n")
    }

    @Test func claimingAndExpiringScanOnlyTheDueRows() async throws {
        try await TestDatabase.with { pool, _ in
            try await pool.withConnection { conn in
                // 5 open and due among 5,000 settled orders and attempts.
                try conn.execute(
                    """
                    INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, client_token_hash, expires_at)
                    SELECT 'ord_' || g, CASE WHEN g <= 5 THEN 'awaiting_payment' ELSE 'paid' END, 'USD', 100, 100, 'a@example.com', 'x',
                           now() - interval '1 hour'
                    FROM generate_series(1, 5000) g;
                    INSERT INTO payment_attempts (id, order_id, mode, status, amount, currency, capture_method, payment_method_types,
                                                  idempotency_key, next_sync_at)
                    SELECT 'pay_' || g, 'ord_' || g, 'sdk', CASE WHEN g <= 5 THEN 'requires_payment_method' ELSE 'succeeded' END,
                           100, 'USD', 'automatic', 'card', 'key_' || g, CASE WHEN g <= 5 THEN now() - interval '1 second' END
                    FROM generate_series(1, 5000) g;
                    ANALYZE orders; ANALYZE payment_attempts;
                    """)
                let claim = try Self.plan(conn, PostgresSyncQueue.claimSQL, types: "text, bigint, float8", arguments: "'owner', 16, 60")
                #expect(claim.contains("payment_attempts_due"), "\(claim)")
                #expect(!claim.contains("Seq Scan on payment_attempts"), "\(claim)")
                let expiry = try Self.plan(conn, PostgresSyncQueue.expiryCandidatesSQL, types: "bigint", arguments: "16")
                #expect(expiry.contains("orders_expiring"), "\(expiry)")
                #expect(!expiry.contains("Seq Scan on orders"), "\(expiry)")
            }
            let claimed = try await PostgresSyncQueue(pool: pool).claimDue(owner: "a", limit: 16, leaseSeconds: 60)
            #expect(claimed.map(\.attemptID).sorted() == (1...5).map { "pay_\($0)" })
            #expect(try await PostgresSyncQueue(pool: pool).claimDue(owner: "b", limit: 16, leaseSeconds: 60).isEmpty, "leased to a")
        }
    }
}
