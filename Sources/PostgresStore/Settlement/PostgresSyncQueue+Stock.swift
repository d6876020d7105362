import OrderDomain

extension PostgresSyncQueue {
    /// Attempts that keep an order's stock held past `STOCK_HOLD`, as `StockHold.keepsStock`
    /// decides (a SQL predicate so the candidates come from an index).
    static func holdsStock(_ a: String) -> String {
        let modes = PaymentMode.allCases.map { mode in
            let statuses = AttemptStatus.allCases.filter { StockHold.keepsStock($0, mode: mode) }.map { "'\($0.rawValue)'" }
            return "(\(a)mode = '\(mode.rawValue)' AND \(a)status IN (\(statuses.joined(separator: ", "))))"
        }
        return "(" + modes.joined(separator: " OR ") + ")"
    }

    /// `holdsStock` of an unaliased `payment_attempts`, built once.
    static let attemptHoldsStock = holdsStock("")

    /// Orders whose hold lapsed, through `orders_stock_hold`.
    static let lapsedHoldsSQL = """
        SELECT id FROM orders o WHERE stock_reserved AND stock_held_until <= now() AND \(expirable)
        AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.order_id = o.id AND \(holdsStock("a.")))
        ORDER BY stock_held_until LIMIT $1
        """

    /// See `SyncQueue.releaseLapsedStock`. Each order is re-checked under its row lock, as
    /// `expire(orderID:)` does, so a payment start holding the lock wins.
    public func releaseLapsedStock(limit: Int) async throws -> [String] {
        let candidates = try await pool.withConnection { conn in
            try conn.query(Self.lapsedHoldsSQL, [limit]).map { try $0.decode("id", as: String.self) }
        }
        var released: [String] = []
        for id in candidates where try await releaseHold(orderID: id) { released.append(id) }
        return released
    }

    func releaseHold(orderID: String) async throws -> Bool {
        try await pool.withTransaction { tx -> Bool in
            guard
                try tx.query(
                    """
                    SELECT 1 FROM orders WHERE id = $1 AND stock_reserved AND stock_held_until <= now() AND \(Self.expirable)
                    FOR UPDATE SKIP LOCKED
                    """, [orderID]
                ).count == 1,
                try tx.query("SELECT 1 FROM payment_attempts WHERE order_id = $1 AND \(Self.attemptHoldsStock) LIMIT 1", [orderID]).count == 0
            else { return false }
            try OrderRows.releaseStock(tx, orderID: orderID)
            try tx.query("UPDATE orders SET stock_reserved = false, updated_at = now() WHERE id = $1", [orderID])
            try OrderLedger(tx, orderID: orderID, cause: .poll).append(.orderStockReleased)
            return true
        }
    }
}
