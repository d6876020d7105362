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
            let attempts = try AttemptRows.attempts(tx, orderID: orderID)
            // The payment that succeeded first is the order's; every later one is a duplicate.
            let kept = attempts.kept
            guard let kept, kept.id != attemptID, let duplicate = attempts.first(where: { $0.id == attemptID && $0.status == .succeeded }),
                  let intentID = duplicate.paymentIntentID else { return nil }
            let inserted = try tx.query("""
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, idempotency_key, cause,
                                     next_sync_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'duplicate', 'pending', $7, $8, now() + interval '30 seconds')
                ON CONFLICT DO NOTHING
                """, [newID, orderID, attemptID, intentID, duplicate.amountReceived > 0 ? duplicate.amountReceived : duplicate.amount.amount,
                      duplicate.amount.currency.code, "merchant-\(newID)", "duplicate:\(attemptID)"])
            if inserted.affectedRows == 1 {
                try Self.event(tx, orderID: orderID, type: "payment.duplicate_detected", cause: "sync",
                               data: ["attempt": attemptID, "kept": kept.id, "refund": newID])
            }
            guard let row = try tx.query("""
                SELECT id, payment_intent_id, amount, idempotency_key FROM refunds
                WHERE attempt_id = $1 AND reason = 'duplicate' AND status = 'pending' AND gateway_refund_id IS NULL
                """, [attemptID]).first else { return nil }
            return PendingRefund(id: try row.decode("id"), paymentIntentID: try row.decode("payment_intent_id"),
                                 amount: try row.decode("amount"), idempotencyKey: try row.decode("idempotency_key"))
        }
    }

    /// See `PaymentAttemptStore.recordRefund`: the one refund path of `PostgresOperationsStore`.
    public func recordRefund(id: String, _ snapshot: RefundSnapshot, cause: String) async throws {
        try await PostgresOperationsStore(pool: pool).recordRefund(id: id, snapshot, cause: cause)
    }
}
