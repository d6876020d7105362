import OrderDomain

extension PostgresPaymentAttemptStore {
    /// Re-derives the (locked) order's status from all its attempts (read here unless the
    /// caller holds them as they now stand); writes it and an audit event only when it changed.
    static func deriveOrderStatus(_ tx: PostgresConnection, orderID: String, order: PostgresRow,
                                  attempts known: [PaymentAttempt]? = nil, cause: String) throws {
        guard let current = OrderStatus(rawValue: try order.decode("status")) else {
            throw PostgresError.decoding(column: "orders.status", message: "unexpected value")
        }
        let attempts = try known ?? AttemptRows.attempts(tx, orderID: orderID)
        let derived = OrderStatus.derived(current: current, attempts: attempts,
                                          refunded: try order.decode("refunded_amount"), total: try order.decode("total_amount"))
        guard derived != current else { return }
        try tx.query("UPDATE orders SET status = $2, updated_at = now() WHERE id = $1", [orderID, derived.rawValue])
        try event(tx, orderID: orderID, type: "order.\(derived.rawValue)", cause: cause, data: ["from": current.rawValue])
        if [.processing, .authorized, .paid].contains(derived) { try keepStock(tx, orderID: orderID, cause: cause) }
    }

    /// Money is moving for an order whose hold lapsed (an SDK payment confirmed in the
    /// browser after its stock went back on sale): take the stock again. If it sold out
    /// meanwhile nothing oversells; the order is flagged for a person to refund or restock.
    static func keepStock(_ tx: PostgresConnection, orderID: String, cause: String) throws {
        guard let row = try tx.query("""
                  SELECT stock_reserved, EXISTS (SELECT 1 FROM order_items WHERE order_id = $1 AND stock_tracked) AS tracked
                  FROM orders WHERE id = $1
                  """, [orderID]).first,
              try row.decode("tracked", as: Bool.self), !(try row.decode("stock_reserved", as: Bool.self))
        else { return }
        if try OrderRows.retakeStock(tx, orderID: orderID) {
            try tx.query("UPDATE orders SET stock_reserved = true, updated_at = now() WHERE id = $1", [orderID])
            try event(tx, orderID: orderID, type: "order.stock_reserved", cause: cause, data: [:])
        } else {
            try tx.query("UPDATE orders SET needs_review = true, review_reason = 'paid_without_stock', updated_at = now() WHERE id = $1",
                         [orderID])
            try event(tx, orderID: orderID, type: "order.needs_review", cause: cause, data: ["reason": "paid_without_stock"])
        }
    }

    /// Appends to the order's audit trail, and to the notification outbox when the event
    /// is one the merchant's systems are told about (same transaction: both or neither).
    static func event(_ tx: PostgresConnection, orderID: String, type: String, cause: String, data: [String: String]) throws {
        try tx.query("INSERT INTO order_events (order_id, type, cause, data) VALUES ($1, $2, $3, $4::jsonb)",
                     [orderID, type, cause, try OrderRows.json(data)])
        if let kind = OrderNotification.Kind(auditType: type) {
            try PostgresNotificationStore.enqueue(tx, orderID: orderID, kind: kind)
        }
    }
}
