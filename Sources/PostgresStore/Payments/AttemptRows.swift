import OrderDomain

/// Row <-> domain conversions for `payment_attempts`.
enum AttemptRows {
    static let columns = """
        id, order_id, mode, status, gateway_status, amount, currency, capture_method, payment_method_types, payment_method,
        uses_raw_card, details_withheld, idempotency_key, confirm_count, checkout_session_id, checkout_url, payment_intent_id, next_action_type,
        next_action_url, amount_received, amount_capturable, last_error_code, last_error_message, review_reason,
        extract(epoch FROM updated_at)::bigint AS updated_epoch, (extract(epoch FROM succeeded_at) * 1000000)::bigint AS succeeded_us
        """

    static func attempt(_ row: PostgresRow) throws -> PaymentAttempt {
        let code: String = try row.decode("currency")
        guard let mode = PaymentMode(rawValue: try row.decode("mode")), let status = AttemptStatus(rawValue: try row.decode("status")),
            let currency = Currency(code: code), let capture = CaptureMethod(rawValue: try row.decode("capture_method"))
        else { throw PostgresError.decoding(column: "payment_attempts", message: "unexpected mode/status/currency") }
        let actionType: String? = try row.decodeIfPresent("next_action_type")
        var attempt = PaymentAttempt(
            id: try row.decode("id"), orderID: try row.decode("order_id"), mode: mode, status: status,
            gatewayStatus: try row.decodeIfPresent("gateway_status"), amount: Money(amount: try row.decode("amount"), currency: currency),
            captureMethod: capture,
            paymentMethodTypes: (try row.decode("payment_method_types", as: String.self)).split(separator: ",").map(String.init),
            paymentMethod: try row.decodeIfPresent("payment_method"), usesRawCard: try row.decode("uses_raw_card"),
            idempotencyKey: try row.decode("idempotency_key"), confirmCount: try row.decode("confirm_count"),
            checkoutSessionID: try row.decodeIfPresent("checkout_session_id"), checkoutURL: try row.decodeIfPresent("checkout_url"),
            paymentIntentID: try row.decodeIfPresent("payment_intent_id"),
            nextAction: try actionType.map { GatewayNextAction(type: $0, redirectURL: try row.decodeIfPresent("next_action_url")) },
            amountReceived: try row.decode("amount_received"), amountCapturable: try row.decode("amount_capturable"),
            lastErrorCode: try row.decodeIfPresent("last_error_code"), lastErrorMessage: try row.decodeIfPresent("last_error_message"),
            reviewReason: try row.decodeIfPresent("review_reason"), updatedAt: try row.decode("updated_epoch"),
            succeededAt: try row.decodeIfPresent("succeeded_us"))
        attempt.detailsWithheld = try row.decode("details_withheld")
        return attempt
    }

    /// Every attempt of an order, oldest first.
    static func attempts(_ conn: PostgresConnection, orderID: String) throws -> [PaymentAttempt] {
        try conn.query("SELECT \(columns) FROM payment_attempts WHERE order_id = $1 ORDER BY created_at, id", [orderID]).map(attempt)
    }

    /// Writes every field a fact can change. An open attempt keeps the poller's schedule
    /// (an unknown outcome brings its next sync within 15 s); a closed one is never due again.
    static func update(_ conn: PostgresConnection, _ a: PaymentAttempt, outcomeUnknown: Bool) throws {
        try conn.query(
            """
            UPDATE payment_attempts SET status = $2, gateway_status = $3, checkout_session_id = $4, checkout_url = $5,
                payment_intent_id = $6, next_action_type = $7, next_action_url = $8, amount_received = $9, amount_capturable = $10,
                last_error_code = $11, last_error_message = $12, review_reason = $15, updated_at = now(),
                succeeded_at = CASE WHEN $2 = 'succeeded' THEN coalesce(succeeded_at, clock_timestamp()) ELSE succeeded_at END,
                authorized_at = CASE WHEN $2 = 'requires_capture' THEN coalesce(authorized_at, now()) ELSE authorized_at END,
                next_sync_at = CASE WHEN NOT $13 THEN NULL
                                    WHEN $14 THEN LEAST(coalesce(next_sync_at, 'infinity'), now() + interval '15 seconds')
                                    ELSE coalesce(next_sync_at, now() + interval '60 seconds') END
            WHERE id = $1
            """,
            [
                a.id, a.status.rawValue, a.gatewayStatus, a.checkoutSessionID, a.checkoutURL, a.paymentIntentID,
                a.nextAction?.type, a.nextAction?.storable.redirectURL, a.amountReceived, a.amountCapturable,
                a.lastErrorCode, a.lastErrorMessage, a.status.isOpen, outcomeUnknown, a.reviewReason,
            ])
    }
}
