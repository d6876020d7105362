/// Deletes what is past the retention period (`RETENTION_DAYS`): rows whose work is
/// finished and whose payloads (raw WooshPay bodies, order payloads with the customer's
/// e-mail) there is no reason to keep. Open work is never touched.
public struct PostgresRetention: Sendable {
    private let pool: PostgresPool
    private let batchSize: Int

    /// Creates the purger over `pool`, deleting at most `batchSize` rows per transaction so
    /// a first purge of a large backlog never holds long locks.
    public init(pool: PostgresPool, batchSize: Int = 5000) {
        self.pool = pool
        self.batchSize = batchSize
    }

    /// Deletes webhook inbox events processed or ignored more than `days` days ago; events
    /// still to process (`received`, or `failed` and due for a retry) stay whatever their
    /// age. A purged event id delivered again is stored and processed again, which is
    /// harmless: processing re-reads the object from WooshPay.
    public func purgeProcessedWebhookEvents(olderThanDays days: Int) async throws -> Int {
        try await purge(
            """
            DELETE FROM webhook_events WHERE event_id IN (
                SELECT event_id FROM webhook_events
                WHERE status IN ('processed', 'ignored') AND processed_at < now() - make_interval(days => $1)
                LIMIT $2)
            """, days: days)
    }

    /// Deletes notifications delivered more than `days` days ago, their per-endpoint
    /// delivery rows with them (`ON DELETE CASCADE`); pending and failed ones stay.
    public func purgeDeliveredNotifications(olderThanDays days: Int) async throws -> Int {
        try await purge(
            """
            DELETE FROM notifications WHERE id IN (
                SELECT id FROM notifications
                WHERE status = 'delivered' AND updated_at < now() - make_interval(days => $1)
                LIMIT $2)
            """, days: days)
    }

    /// Runs the batched `DELETE` until a batch comes back short; returns the rows deleted.
    private func purge(_ sql: String, days: Int) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await pool.withConnection { conn in try conn.query(sql, [days, batchSize]).affectedRows }
            total += deleted
            if deleted < batchSize { return total }
        }
    }
}
