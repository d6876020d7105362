import OrderDomain

/// Reconciliation's own writes: review flags and audit lines. Each locks the order row
/// first, like every other writer of an order, so it queues behind a sync in progress.
public struct PostgresReconciliationStore: ReconciliationStore {
    let pool: PostgresPool

    /// Creates the store over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// See `ReconciliationStore.flagForReview`.
    public func flagForReview(attemptID: String, reason: String, cause: SyncCause) async throws {
        try await pool.withTransaction { tx in
            guard let (ledger, order) = try OrderLedger.lock(tx, attemptID: attemptID, cause: cause) else { throw DomainError.paymentNotFound }
            let decision = ReviewFlag.decide(
                flagged: order.needsReview, current: order.reviewReason, reason: reason, attemptID: attemptID,
                overwrite: .whenReasonDiffers)
            guard decision != nil else { return }
            try tx.query("UPDATE payment_attempts SET review_reason = $2, updated_at = now() WHERE id = $1", [attemptID, reason])
            try ledger.flag(decision, reason: reason)
        }
    }

    /// See `ReconciliationStore.appendEvent`.
    public func appendEvent(orderID: String, _ event: AuditEvent, cause: SyncCause) async throws {
        try await pool.withConnection { conn in try OrderLedger(conn, orderID: orderID, cause: cause).append(event) }
    }
}
