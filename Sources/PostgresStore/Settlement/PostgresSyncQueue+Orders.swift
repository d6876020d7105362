import OrderDomain

extension PostgresSyncQueue {
    /// Statuses of an unpaid order that may still expire (the predicate of `orders_expiring`).
    static let expirable = "status IN ('awaiting_payment', 'payment_failed', 'requires_action')"

    /// Unpaid orders past expiry without an open attempt, through `orders_expiring` (also
    /// what the EXPLAIN test checks).
    public static let expiryCandidatesSQL = """
        SELECT id FROM orders o WHERE \(expirable) AND expires_at <= now()
        AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.order_id = o.id AND a.\(open))
        ORDER BY expires_at LIMIT $1
        """

    /// See `SyncQueue.flagReview`.
    @discardableResult
    public func flagReview(orderID: String, attemptID: String, reason: String) async throws -> Bool {
        try await pool.withTransaction { tx -> Bool in
            let flagged = try tx.query("""
                UPDATE orders SET needs_review = true, review_reason = $2, updated_at = now()
                WHERE id = $1 AND NOT needs_review
                """, [orderID, reason])
            guard flagged.affectedRows == 1 else { return false }
            try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "order.needs_review", cause: "poll",
                                                  data: ["attempt": attemptID, "reason": reason])
            return true
        }
    }

    /// See `SyncQueue.expireOrders`. Candidates come from the `orders_expiring` index;
    /// each is then expired in its own short transaction that re-checks everything under
    /// the order's row lock.
    public func expireOrders(limit: Int) async throws -> [String] {
        let candidates = try await pool.withConnection { conn in
            try conn.query(Self.expiryCandidatesSQL, [limit]).map { try $0.decode("id", as: String.self) }
        }
        var expired: [String] = []
        for id in candidates {
            if try await expire(orderID: id) { expired.append(id) }
        }
        return expired
    }

    /// Expires one order if it still qualifies; `false` when another replica holds it, it
    /// changed meanwhile, or an attempt opened.
    func expire(orderID: String) async throws -> Bool {
        try await pool.withTransaction { tx -> Bool in
            // SKIP LOCKED: a replica already expiring it (or a payment start holding it)
            // wins; the order is looked at again on a later tick if still due.
            guard let order = try tx.query("""
                      SELECT status, stock_reserved FROM orders
                      WHERE id = $1 AND \(Self.expirable) AND expires_at <= now() FOR UPDATE SKIP LOCKED
                      """, [orderID]).first
            else { return false }
            // A separate statement, so its snapshot is taken after the lock: an attempt
            // inserted by a payment start that held the lock before us is seen here.
            guard try tx.query("SELECT 1 FROM payment_attempts WHERE order_id = $1 AND \(Self.open) LIMIT 1", [orderID]).count == 0
            else { return false }
            let reserved: Bool = try order.decode("stock_reserved")
            if reserved { try OrderRows.releaseStock(tx, orderID: orderID) }
            try tx.query("UPDATE orders SET status = 'expired', stock_reserved = false, updated_at = now() WHERE id = $1", [orderID])
            try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "order.expired", cause: "poll",
                                                  data: ["from": try order.decode("status"), "stock_released": reserved ? "true" : "false"])
            return true
        }
    }
}
