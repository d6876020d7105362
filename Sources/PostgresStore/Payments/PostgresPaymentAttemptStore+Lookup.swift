import OrderDomain

extension PostgresPaymentAttemptStore {
    /// See `PaymentAttemptStore.attempt(id:)`.
    public func attempt(id: String) async throws -> PaymentAttempt? {
        try await pool.withConnection { conn in
            try conn.query("SELECT \(AttemptRows.columns) FROM payment_attempts WHERE id = $1", [id]).first.map(AttemptRows.attempt)
        }
    }

    /// See `PaymentAttemptStore.attempt(gatewayObjectID:)`.
    public func attempt(gatewayObjectID: String) async throws -> PaymentAttempt? {
        try await pool.withConnection { conn in
            try conn.query(
                """
                SELECT \(AttemptRows.columns) FROM payment_attempts WHERE payment_intent_id = $1 OR checkout_session_id = $1
                ORDER BY created_at LIMIT 1
                """, [gatewayObjectID]
            ).first.map(AttemptRows.attempt)
        }
    }

    /// See `PaymentAttemptStore.attempts(orderID:)`.
    public func attempts(orderID: String) async throws -> [PaymentAttempt] {
        try await pool.withConnection { conn in try AttemptRows.attempts(conn, orderID: orderID) }
    }

    /// See `PaymentAttemptStore.order(id:)`.
    public func order(id: String) async throws -> Order? {
        try await pool.withConnection { conn -> Order? in
            guard let row = try conn.query("SELECT \(OrderRows.columns) FROM orders WHERE id = $1", [id]).first else { return nil }
            return try OrderRows.order(row, lines: try OrderRows.lines(conn, orderID: id))
        }
    }
}
