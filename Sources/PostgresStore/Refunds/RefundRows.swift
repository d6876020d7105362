import OrderDomain

/// Reading `refunds` rows.
enum RefundRows {
    /// The columns `refund(_:)` reads.
    static let columns = """
        id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, source, gateway_refund_id,
        failure_reason, idempotency_key, cause, extract(epoch FROM created_at)::bigint AS created_epoch,
        extract(epoch FROM updated_at)::bigint AS updated_epoch
        """

    /// One row as a `Refund`.
    static func refund(_ row: PostgresRow) throws -> Refund {
        guard let reason = Refund.Reason(rawValue: try row.decode("reason")),
            let status = Refund.Status(rawValue: try row.decode("status")),
            let source = Refund.Source(rawValue: try row.decode("source"))
        else { throw PostgresError.decoding(column: "refunds", message: "unexpected reason/status/source") }
        return Refund(
            id: try row.decode("id"), orderID: try row.decode("order_id"), attemptID: try row.decode("attempt_id"),
            paymentIntentID: try row.decode("payment_intent_id"), amount: try row.decode("amount"),
            currency: try row.decode("currency"), reason: reason, status: status, source: source,
            gatewayRefundID: try row.decodeIfPresent("gateway_refund_id"),
            failureReason: try row.decodeIfPresent("failure_reason"), idempotencyKey: try row.decode("idempotency_key"),
            cause: try row.decode("cause"), createdAt: try row.decode("created_epoch"), updatedAt: try row.decode("updated_epoch"))
    }

    /// Every refund of an order, oldest first.
    static func refunds(_ conn: PostgresConnection, orderID: String) throws -> [Refund] {
        try conn.query("SELECT \(columns) FROM refunds WHERE order_id = $1 ORDER BY created_at, id", [orderID]).map(refund)
    }
}
