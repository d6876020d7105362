import OrderDomain

/// Reconciliation's own writes: review flags and audit lines. Each locks the order row
/// first, like every other writer of an order, so it queues behind a sync in progress.
public struct PostgresReconciliationStore: ReconciliationStore {
    let pool: PostgresPool

    /// Creates the store over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// See `ReconciliationStore.flagForReview`.
    public func flagForReview(attemptID: String, reason: String, cause: String) async throws {
        try await pool.withTransaction { tx in
            guard let orderID = try tx.query("SELECT order_id FROM payment_attempts WHERE id = $1", [attemptID]).first?
                .decode("order_id", as: String.self),
                  let order = try tx.query("SELECT review_reason FROM orders WHERE id = $1 FOR UPDATE", [orderID]).first
            else { throw DomainError(.notFound, code: "payment_not_found", message: "No such payment attempt.") }
            guard try order.decodeIfPresent("review_reason", as: String.self) != reason else { return }
            try tx.query("UPDATE payment_attempts SET review_reason = $2, updated_at = now() WHERE id = $1", [attemptID, reason])
            try tx.query("UPDATE orders SET needs_review = true, review_reason = $2, updated_at = now() WHERE id = $1", [orderID, reason])
            try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "order.needs_review", cause: cause,
                                                  data: ["attempt": attemptID, "reason": reason])
        }
    }

    /// See `ReconciliationStore.appendEvent`.
    public func appendEvent(orderID: String, type: String, cause: String, data: [String: String]) async throws {
        try await pool.withConnection { conn in
            try PostgresPaymentAttemptStore.event(conn, orderID: orderID, type: type, cause: cause, data: data)
        }
    }
}
