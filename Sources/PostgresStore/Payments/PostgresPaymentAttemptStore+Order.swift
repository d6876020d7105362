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
