import OrderDomain

extension PostgresOperationsStore: RefundQueue {
    /// See `RefundQueue.claimDueRefunds`: through the partial index `refunds_due`.
    public func claimDueRefunds(owner: String, limit: Int, leaseSeconds: Int) async throws -> [(id: String, syncAttempts: Int)] {
        try await pool.withConnection { conn in
            try conn.query(
                """
                WITH due AS (
                    SELECT id FROM refunds
                    WHERE next_sync_at IS NOT NULL AND next_sync_at <= now() AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY next_sync_at LIMIT $2
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE refunds r SET lease_until = now() + make_interval(secs => $3), lease_owner = $1
                FROM due WHERE r.id = due.id
                RETURNING r.id, r.sync_attempts
                """, [owner, limit, leaseSeconds]
            ).map { (id: try $0.decode("id"), syncAttempts: try $0.decode("sync_attempts")) }
        }
    }

    /// See `RefundQueue.rescheduleRefund`. Whether it is still open is read here, under
    /// the row lock: a webhook may have closed it meanwhile.
    public func rescheduleRefund(id: String, owner: String, afterSeconds: Int64) async throws {
        try await pool.withConnection { conn in
            _ = try conn.query(
                """
                UPDATE refunds SET sync_attempts = sync_attempts + 1, lease_until = NULL, lease_owner = NULL,
                    next_sync_at = CASE WHEN status IN ('pending', 'requires_action') THEN now() + make_interval(secs => $3::bigint) END
                WHERE id = $1 AND lease_owner = $2
                """, [id, owner, afterSeconds])
        }
    }
}
