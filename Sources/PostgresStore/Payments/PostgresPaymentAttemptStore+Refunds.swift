import CryptoPrimitives
import OrderDomain

extension PostgresPaymentAttemptStore {
    /// See `PaymentAttemptStore.beginDuplicateRefund`. The order row is locked so two
    /// syncs decide on the same set of attempts; the partial unique index keeps one
    /// duplicate refund per attempt whatever races.
    public func beginDuplicateRefund(attemptID: String) async throws -> PendingRefund? {
        let newID = Crypto.randomToken(prefix: "rf_", byteCount: 12)
        return try await pool.withTransaction { tx -> PendingRefund? in
            guard let orderID = try tx.query("SELECT order_id FROM payment_attempts WHERE id = $1", [attemptID]).first?
                .decode("order_id", as: String.self) else { return nil }
            try tx.query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", [orderID])
            let succeeded = try AttemptRows.attempts(tx, orderID: orderID).filter { $0.status == .succeeded }
            // The first successful payment is the order's; every later one is a duplicate.
            guard succeeded.first?.id != attemptID, let duplicate = succeeded.first(where: { $0.id == attemptID }),
                  let intentID = duplicate.paymentIntentID else { return nil }
            let inserted = try tx.query("""
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, idempotency_key, cause)
                VALUES ($1, $2, $3, $4, $5, $6, 'duplicate', 'pending', $7, $8)
                ON CONFLICT DO NOTHING
                """, [newID, orderID, attemptID, intentID, duplicate.amountReceived > 0 ? duplicate.amountReceived : duplicate.amount.amount,
                      duplicate.amount.currency.code, "merchant-\(newID)", "duplicate:\(attemptID)"])
            if inserted.affectedRows == 1 {
                try Self.event(tx, orderID: orderID, type: "payment.duplicate_detected", cause: "sync",
                               data: ["attempt": attemptID, "kept": succeeded.first?.id ?? "", "refund": newID])
            }
            guard let row = try tx.query("""
                SELECT id, payment_intent_id, amount, idempotency_key FROM refunds
                WHERE attempt_id = $1 AND reason = 'duplicate' AND status = 'pending' AND gateway_refund_id IS NULL
                """, [attemptID]).first else { return nil }
            return PendingRefund(id: try row.decode("id"), paymentIntentID: try row.decode("payment_intent_id"),
                                 amount: try row.decode("amount"), idempotencyKey: try row.decode("idempotency_key"))
        }
    }

    /// See `PaymentAttemptStore.recordRefund`. A closed refund never moves again.
    public func recordRefund(id: String, _ snapshot: RefundSnapshot, cause: String) async throws {
        let status: String? = switch snapshot.status {
        case .pending: "pending"
        case .requiresAction: "requires_action"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .canceled: "canceled"
        case .unknown: nil
        }
        try await pool.withTransaction { tx in
            guard let orderID = try tx.query("""
                UPDATE refunds SET gateway_refund_id = $2, gateway_status = $3, failure_reason = $4,
                    status = CASE WHEN status IN ('succeeded', 'failed', 'canceled') THEN status ELSE coalesce($5, status) END,
                    updated_at = now()
                WHERE id = $1 RETURNING order_id
                """, [id, snapshot.id, snapshot.gatewayStatus, snapshot.failureReason, status]).first?.decode("order_id", as: String.self)
            else { return }
            try Self.event(tx, orderID: orderID, type: "refund.\(status ?? snapshot.gatewayStatus)", cause: cause,
                           data: ["refund": id, "gateway_refund": snapshot.id])
        }
    }
}
