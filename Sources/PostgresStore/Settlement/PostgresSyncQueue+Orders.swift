import OrderDomain

extension PostgresSyncQueue {
    /// Statuses of an unpaid order that may still expire (`OrderExpiry.expirable`; the
    /// predicate of `orders_expiring`, whose definition must spell the same list).
    static let expirable = "status IN (\(OrderExpiry.expirable.map { "'\($0.rawValue)'" }.joined(separator: ", ")))"

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
            guard let (ledger, order) = try OrderLedger.lock(tx, orderID: orderID, cause: .poll) else { return false }
            return try ledger.flag(
                ReviewFlag.decide(
                    flagged: order.needsReview, current: order.reviewReason, reason: reason,
                    attemptID: attemptID, overwrite: .never), reason: reason)
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
            guard
                let order = try tx.query(
                    """
                    SELECT status, stock_reserved, expires_at <= now() AS past_expiry FROM orders
                    WHERE id = $1 AND \(Self.expirable) AND expires_at <= now() FOR UPDATE SKIP LOCKED
                    """, [orderID]
                ).first,
                let status = OrderStatus(rawValue: try order.decode("status"))
            else { return false }
            // A separate statement, so its snapshot is taken after the lock: an attempt
            // inserted by a payment start that held the lock before us is seen here.
            let open = try tx.query("SELECT 1 FROM payment_attempts WHERE order_id = $1 AND \(Self.open) LIMIT 1", [orderID]).count > 0
            switch OrderExpiry.decide(
                status: status, pastExpiry: try order.decode("past_expiry"), hasOpenAttempt: open,
                stockReserved: try order.decode("stock_reserved"))
            {
            case .keep:
                return false
            case .expire(let releaseStock, let event):
                try OrderLedger(tx, orderID: orderID, cause: .poll).close(as: .expired, releaseStock: releaseStock, event: event)
                return true
            }
        }
    }
}
