import CryptoPrimitives
import OrderDomain

extension PostgresPaymentAttemptStore {
    /// See `PaymentAttemptStore.beginDuplicateRefund`. The order row is locked so two
    /// syncs decide on the same set of attempts; the partial unique index keeps one
    /// duplicate refund per attempt whatever races.
    ///
    /// Every sync of a paid attempt asks, and nearly every order has one payment: a single
    /// unlocked read answers that case (a duplicate refund, even one left pending by a
    /// crash, implies another succeeded attempt). It cannot miss a duplicate: syncs of one order
    /// record under the order's lock, so the later of two successes commits after the
    /// earlier one and its own question, asked after that commit, sees both.
    public func beginDuplicateRefund(attemptID: String) async throws -> Refund? {
        let alone = try await pool.withConnection { conn in
            try conn.query(
                """
                SELECT NOT EXISTS (
                    SELECT 1 FROM payment_attempts o JOIN payment_attempts a ON a.order_id = o.order_id
                    WHERE a.id = $1 AND o.id <> $1 AND o.status = 'succeeded') AS alone
                """, [attemptID]
            ).first?.decode("alone", as: Bool.self) ?? true
        }
        if alone { return nil }
        let newID = Crypto.randomToken(prefix: "rf_", byteCount: 12)
        return try await pool.withTransaction { tx -> Refund? in
            guard
                let orderID = try tx.query("SELECT order_id FROM payment_attempts WHERE id = $1", [attemptID]).first?
                    .decode("order_id", as: String.self)
            else { return nil }
            try tx.query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", [orderID])
            let attempts = try AttemptRows.attempts(tx, orderID: orderID)
            // The payment that succeeded first is the order's; every later one is a duplicate.
            let kept = attempts.kept
            guard let kept, kept.id != attemptID, let duplicate = attempts.first(where: { $0.id == attemptID && $0.status == .succeeded }),
                let intentID = duplicate.paymentIntentID
            else { return nil }
            let inserted = try tx.query(
                """
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, idempotency_key, cause,
                                     next_sync_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'duplicate', 'pending', $7, $8, now() + make_interval(secs => $9))
                ON CONFLICT DO NOTHING
                """,
                [
                    newID, orderID, attemptID, intentID, duplicate.capturedAmount,
                    duplicate.amount.currency.code, "merchant-\(newID)", SyncCause.duplicate(attemptID: attemptID).description,
                    Double(firstSyncSeconds),
                ])
            if inserted.affectedRows == 1 {
                try OrderLedger(tx, orderID: orderID, cause: .sync)
                    .append(.paymentDuplicateDetected(attemptID: attemptID, keptAttemptID: kept.id, refundID: newID))
            }
            return try tx.query(
                """
                SELECT \(RefundRows.columns) FROM refunds
                WHERE attempt_id = $1 AND reason = 'duplicate' AND status = 'pending' AND gateway_refund_id IS NULL
                """, [attemptID]
            ).first.map(RefundRows.refund)
        }
    }
}
