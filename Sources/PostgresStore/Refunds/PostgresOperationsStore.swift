import CryptoPrimitives
import OrderDomain

/// Merchant operations in PostgreSQL. Like the attempt store, every transaction locks the
/// order row first, then attempt or refund rows.
public struct PostgresOperationsStore: OperationsStore {
    let pool: PostgresPool
    /// When a refund whose outcome is open is first polled.
    let firstSyncSeconds: Int64

    /// Creates the store over `pool`; open refunds are first polled `firstSyncSeconds` after
    /// they are written.
    public init(pool: PostgresPool, firstSyncSeconds: Int64 = 30) {
        self.pool = pool
        self.firstSyncSeconds = max(1, firstSyncSeconds)
    }

    /// Statuses of refunds that count against what can still be refunded.
    static let holding = "status IN ('pending', 'requires_action', 'succeeded')"

    /// See `OperationsStore.beginRefund`.
    public func beginRefund(orderID: String, amount: Int64?, reason: Refund.Reason, cause: String,
                            requestKey: String?) async throws -> Refund {
        let newID = Crypto.randomToken(prefix: "rf_", byteCount: 12)
        return try await pool.withTransaction { tx -> Refund in
            guard try tx.query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", [orderID]).first != nil else {
                throw DomainError(.notFound, code: "order_not_found", message: "No such order.")
            }
            if let requestKey, let made = try tx.query("""
                SELECT \(RefundRows.columns) FROM refunds
                WHERE order_id = $1 AND request_key = $2 AND created_at > now() - make_interval(secs => $3)
                ORDER BY created_at DESC LIMIT 1
                """, [orderID, requestKey, PostgresIdempotencyStore.defaultRetentionSeconds]).first {
                return try RefundRows.refund(made)
            }
            guard let kept = try AttemptRows.attempts(tx, orderID: orderID).kept,
                  let intentID = kept.paymentIntentID else {
                throw DomainError(.conflict, code: "order_not_refundable", message: "Only a paid order can be refunded.")
            }
            let held: Int64 = try tx.query("SELECT coalesce(sum(amount), 0)::bigint AS n FROM refunds WHERE attempt_id = $1 AND \(Self.holding)",
                                           [kept.id]).first?.decode("n") ?? 0
            let available = kept.capturedAmount - held
            guard available > 0 else {
                throw DomainError(.conflict, code: "order_fully_refunded",
                                  message: "Everything captured for this order is refunded or being refunded.")
            }
            let refundAmount = amount ?? available
            guard refundAmount <= available else {
                throw DomainError(.unprocessable, code: "refund_exceeds_captured",
                                  message: "At most \(available) can still be refunded (captured \(kept.capturedAmount), refunded or pending \(held)).",
                                  param: "amount")
            }
            let row = try tx.query("""
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, idempotency_key,
                                     cause, next_sync_at, request_key)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, now() + make_interval(secs => $10), $11)
                RETURNING \(RefundRows.columns)
                """, [newID, orderID, kept.id, intentID, refundAmount, kept.amount.currency.code, reason.rawValue,
                      "merchant-\(newID)", cause, Double(firstSyncSeconds), requestKey]).first
            guard let row else { throw PostgresError.decoding(column: "refunds", message: "insert returned no row") }
            try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "refund.requested", cause: cause,
                                                  data: ["refund": newID, "amount": "\(refundAmount)", "reason": reason.rawValue])
            return try RefundRows.refund(row)
        }
    }

    /// See `OperationsStore.recordRefund`.
    @discardableResult
    public func recordRefund(id: String, _ snapshot: RefundSnapshot, cause: String) async throws -> Refund {
        try await pool.withTransaction { tx in
            try Self.apply(tx, refundID: id, status: Refund.Status(snapshot.status), gatewayRefundID: snapshot.id,
                           gatewayStatus: snapshot.gatewayStatus, failureReason: snapshot.failureReason, cause: cause)
        }
    }

    /// See `OperationsStore.failRefund`.
    @discardableResult
    public func failRefund(id: String, reason: String, cause: String) async throws -> Refund {
        try await pool.withTransaction { tx in
            try Self.apply(tx, refundID: id, status: .failed, gatewayRefundID: nil, gatewayStatus: nil, failureReason: reason, cause: cause)
        }
    }

    /// The one way a refund changes, inside the caller's transaction: locks the order, then
    /// the refund; a closed refund keeps its status; the first success of a refund of the
    /// order's kept payment adds to `refunded_amount`; the order's status is re-derived.
    static func apply(_ tx: PostgresConnection, refundID: String, status: Refund.Status?, gatewayRefundID: String?,
                      gatewayStatus: String?, failureReason: String?, cause: String) throws -> Refund {
        guard let orderID = try tx.query("SELECT order_id FROM refunds WHERE id = $1", [refundID]).first?.decode("order_id", as: String.self),
              try tx.query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", [orderID]).first != nil,
              let row = try tx.query("SELECT \(RefundRows.columns) FROM refunds WHERE id = $1 FOR UPDATE", [refundID]).first
        else { throw DomainError(.notFound, code: "refund_not_found", message: "No such refund.") }
        let before = try RefundRows.refund(row)
        let after = before.status.isOpen ? (status ?? before.status) : before.status
        let updated = try tx.query("""
            UPDATE refunds SET status = $2, gateway_refund_id = coalesce(gateway_refund_id, $3),
                gateway_status = coalesce($4, gateway_status), failure_reason = coalesce($5, failure_reason), updated_at = now(),
                next_sync_at = CASE WHEN $6 THEN next_sync_at ELSE NULL END
            WHERE id = $1 RETURNING \(RefundRows.columns)
            """, [refundID, after.rawValue, gatewayRefundID, gatewayStatus, failureReason, after.isOpen]).first
        guard let updated else { throw PostgresError.decoding(column: "refunds", message: "update returned no row") }
        guard after != before.status else { return try RefundRows.refund(updated) }
        try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "refund.\(after.rawValue)", cause: cause,
                                              data: ["refund": refundID, "amount": "\(before.amount)",
                                                     "gateway_refund": gatewayRefundID ?? before.gatewayRefundID ?? ""])
        if after == .succeeded {
            // Only refunds of the kept (first successful) payment give the order's money
            // back; a duplicate payment's refund returns money the order never kept.
            let kept = try AttemptRows.attempts(tx, orderID: orderID).kept
            if kept?.id == before.attemptID {
                try tx.query("UPDATE orders SET refunded_amount = refunded_amount + $2, updated_at = now() WHERE id = $1",
                             [orderID, before.amount])
            }
        }
        if let order = try tx.query("SELECT status, total_amount, refunded_amount FROM orders WHERE id = $1", [orderID]).first {
            try PostgresPaymentAttemptStore.deriveOrderStatus(tx, orderID: orderID, order: order, cause: cause)
        }
        return try RefundRows.refund(updated)
    }

    /// See `OperationsStore.refund(id:)`.
    public func refund(id: String) async throws -> Refund? {
        try await pool.withConnection { conn in
            try conn.query("SELECT \(RefundRows.columns) FROM refunds WHERE id = $1", [id]).first.map(RefundRows.refund)
        }
    }

    /// See `OperationsStore.refund(gatewayRefundID:)`.
    public func refund(gatewayRefundID: String) async throws -> Refund? {
        try await pool.withConnection { conn in
            try conn.query("SELECT \(RefundRows.columns) FROM refunds WHERE gateway_refund_id = $1", [gatewayRefundID]).first
                .map(RefundRows.refund)
        }
    }

    /// See `OperationsStore.recordForeignRefund`.
    public func recordForeignRefund(_ snapshot: RefundSnapshot, cause: String) async throws -> Refund? {
        guard let intentID = snapshot.paymentIntentID else { return nil }
        let newID = Crypto.randomToken(prefix: "rf_", byteCount: 12)
        let recorded = try await pool.withTransaction { tx -> String? in
            guard let attempt = try tx.query("""
                      SELECT id, order_id, currency FROM payment_attempts WHERE payment_intent_id = $1 ORDER BY created_at LIMIT 1
                      """, [intentID]).first else { return nil }
            let orderID: String = try attempt.decode("order_id")
            try tx.query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", [orderID])
            if let existing = try tx.query("SELECT id FROM refunds WHERE gateway_refund_id = $1", [snapshot.id]).first {
                return try existing.decode("id", as: String.self)
            }
            try tx.query("""
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, source,
                                     gateway_refund_id, gateway_status, idempotency_key, cause, next_sync_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'unspecified', 'pending', 'dashboard', $7, $8, $9, $10, now())
                """, [newID, orderID, try attempt.decode("id", as: String.self), intentID, snapshot.amount,
                      snapshot.currency ?? (try attempt.decode("currency", as: String.self)), snapshot.id, snapshot.gatewayStatus,
                      "dashboard-\(snapshot.id)", cause])
            try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "refund.seen", cause: cause,
                                                  data: ["refund": newID, "gateway_refund": snapshot.id, "amount": "\(snapshot.amount)",
                                                         "source": "dashboard"])
            return newID
        }
        guard let recorded else { return nil }
        return try await recordRefund(id: recorded, snapshot, cause: cause)
    }

    /// See `OperationsStore.refunds(orderID:)`.
    public func refunds(orderID: String) async throws -> [Refund] {
        try await pool.withConnection { conn in try RefundRows.refunds(conn, orderID: orderID) }
    }

    /// See `OperationsStore.audit`.
    public func audit(orderID: String, type: String, cause: String, data: [String: String]) async throws {
        try await pool.withConnection { conn in
            try PostgresPaymentAttemptStore.event(conn, orderID: orderID, type: type, cause: cause, data: data)
        }
    }

    /// See `OperationsStore.requestedAttempt`.
    public func requestedAttempt(orderID: String, type: String, request: String) async throws -> String? {
        try await pool.withConnection { conn in
            try conn.query("""
                SELECT data->>'attempt' AS attempt FROM order_events
                WHERE order_id = $1 AND type = $2 AND data->>'request' = $3 ORDER BY id DESC LIMIT 1
                """, [orderID, type, request]).first?.decodeIfPresent("attempt", as: String.self)
        }
    }

    /// See `OperationsStore.finishCancel`.
    @discardableResult
    public func finishCancel(orderID: String, cause: String) async throws -> Bool {
        try await pool.withTransaction { tx -> Bool in
            guard let order = try tx.query("SELECT status, stock_reserved FROM orders WHERE id = $1 FOR UPDATE", [orderID]).first,
                  let status = OrderStatus(rawValue: try order.decode("status")) else {
                throw DomainError(.notFound, code: "order_not_found", message: "No such order.")
            }
            if status == .canceled { return false }
            let attempts = try AttemptRows.attempts(tx, orderID: orderID)
            if status.isPaid || attempts.contains(where: { $0.status == .succeeded }) {
                throw DomainError(.conflict, code: "order_already_paid", message: "The order is paid: refund it instead of canceling it.")
            }
            guard status != .expired else {
                throw DomainError(.conflict, code: "order_expired", message: "The order has expired; its stock is already released.")
            }
            guard !attempts.contains(where: { $0.status.isOpen }) else {
                throw DomainError(.conflict, code: "order_not_cancelable",
                                  message: "A payment of this order is still open at WooshPay; try again shortly.")
            }
            let reserved: Bool = try order.decode("stock_reserved")
            if reserved { try OrderRows.releaseStock(tx, orderID: orderID) }
            try tx.query("UPDATE orders SET status = 'canceled', stock_reserved = false, updated_at = now() WHERE id = $1", [orderID])
            try PostgresPaymentAttemptStore.event(tx, orderID: orderID, type: "order.canceled", cause: cause,
                                                  data: ["from": status.rawValue, "stock_released": reserved ? "true" : "false"])
            return true
        }
    }

    /// See `OperationsStore.lapsingAuthorizations`.
    public func lapsingAuthorizations(withinSeconds: Int64) async throws -> [LapsingAuthorization] {
        try await pool.withConnection { conn in
            try conn.query("""
                SELECT order_id, id, amount_capturable, currency, extract(epoch FROM authorized_at)::bigint AS authorized_epoch
                FROM payment_attempts
                WHERE status = 'requires_capture' AND authorized_at < now() + make_interval(secs => $1) - interval '7 days'
                ORDER BY authorized_at
                """, [Double(withinSeconds)]).map { row in
                let authorized: Int64 = try row.decode("authorized_epoch")
                return LapsingAuthorization(orderID: try row.decode("order_id"), attemptID: try row.decode("id"),
                                            amountCapturable: try row.decode("amount_capturable"), currency: try row.decode("currency"),
                                            authorizedAt: authorized, lapsesAt: authorized + 7 * 86_400)
            }
        }
    }
}
