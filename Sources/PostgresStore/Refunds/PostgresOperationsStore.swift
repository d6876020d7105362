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

    /// Refunds that count against what can still be refunded (`Refund.Status.holdsCapturedMoney`).
    static let holding = "status IN (\(Refund.Status.allCases.filter(\.holdsCapturedMoney).map { "'\($0.rawValue)'" }.joined(separator: ", ")))"

    /// See `OperationsStore.beginRefund`.
    public func beginRefund(
        orderID: String, amount: Int64?, reason: Refund.Reason, cause: SyncCause,
        requestKey: String?
    ) async throws -> Refund {
        let newID = Crypto.randomToken(prefix: "rf_", byteCount: 12)
        return try await pool.withTransaction { tx -> Refund in
            guard let (ledger, _) = try OrderLedger.lock(tx, orderID: orderID, cause: cause) else { throw DomainError.orderNotFound }
            if let requestKey,
                let made = try tx.query(
                    """
                    SELECT \(RefundRows.columns) FROM refunds
                    WHERE order_id = $1 AND request_key = $2 AND created_at > now() - make_interval(secs => $3)
                    ORDER BY created_at DESC LIMIT 1
                    """, [orderID, requestKey, PostgresIdempotencyStore.defaultRetentionSeconds]
                ).first
            {
                return try RefundRows.refund(made)
            }
            let kept = try AttemptRows.attempts(tx, orderID: orderID).kept
            let held: Int64 =
                try kept.map { kept in
                    try tx.query(
                        "SELECT coalesce(sum(amount), 0)::bigint AS n FROM refunds WHERE attempt_id = $1 AND \(Self.holding)",
                        [kept.id]
                    ).first?.decode("n") ?? 0
                } ?? 0
            // A charged-back payment is not refunded too: the customer has (or may get) the
            // money from their bank already, and WooshPay refuses it (`charge_disputed`).
            if let kept, DisputeRules.blocksRefund(try PostgresDisputeStore.disputes(tx, attemptID: kept.id)) {
                throw DomainError(
                    code: .chargeDisputed,
                    message: "The payment is under a dispute (chargeback); it cannot be refunded unless the dispute is won.")
            }
            let (refundAmount, refunded, intentID) = try RefundPolicy.decide(kept: kept, held: held, amount: amount)
            let row = try tx.query(
                """
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, idempotency_key,
                                     cause, next_sync_at, request_key)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, now() + make_interval(secs => $10), $11)
                RETURNING \(RefundRows.columns)
                """,
                [
                    newID, orderID, refunded.id, intentID, refundAmount, refunded.amount.currency.code, reason.rawValue,
                    "merchant-\(newID)", cause.description, Double(firstSyncSeconds), requestKey,
                ]
            ).first
            guard let row else { throw PostgresError.decoding(column: "refunds", message: "insert returned no row") }
            try ledger.append(.refundRequested(refundID: newID, amount: refundAmount, reason: reason))
            return try RefundRows.refund(row)
        }
    }

    /// See `OperationsStore.recordRefund`.
    @discardableResult
    public func recordRefund(id: String, _ snapshot: RefundSnapshot, cause: SyncCause) async throws -> Refund {
        try await pool.withTransaction { tx in
            try Self.apply(
                tx, refundID: id, status: Refund.Status(snapshot.status), gatewayRefundID: snapshot.id,
                gatewayStatus: snapshot.gatewayStatus, failureReason: snapshot.failureReason, cause: cause)
        }
    }

    /// See `OperationsStore.failRefund`.
    @discardableResult
    public func failRefund(id: String, reason: String, cause: SyncCause) async throws -> Refund {
        try await pool.withTransaction { tx in
            try Self.apply(tx, refundID: id, status: .failed, gatewayRefundID: nil, gatewayStatus: nil, failureReason: reason, cause: cause)
        }
    }

    /// The one way a refund changes, inside the caller's transaction: locks the order, then
    /// the refund, and applies `Refund.applying` (a closed refund keeps its status) and
    /// `refundedIncrease` (only the kept payment's refund gives the order's money back);
    /// the order's status is re-derived.
    static func apply(
        _ tx: PostgresConnection, refundID: String, status: Refund.Status?, gatewayRefundID: String?,
        gatewayStatus: String?, failureReason: String?, cause: SyncCause
    ) throws -> Refund {
        guard let orderID = try tx.query("SELECT order_id FROM refunds WHERE id = $1", [refundID]).first?.decode("order_id", as: String.self),
            let (ledger, order) = try OrderLedger.lock(tx, orderID: orderID, cause: cause),
            let row = try tx.query("SELECT \(RefundRows.columns) FROM refunds WHERE id = $1 FOR UPDATE", [refundID]).first
        else { throw DomainError.refundNotFound }
        let before = try RefundRows.refund(row)
        let change = before.applying(status)
        let updated = try tx.query(
            """
            UPDATE refunds SET status = $2, gateway_refund_id = coalesce(gateway_refund_id, $3),
                gateway_status = coalesce($4, gateway_status), failure_reason = coalesce($5, failure_reason), updated_at = now(),
                next_sync_at = CASE WHEN $6 THEN next_sync_at ELSE NULL END
            WHERE id = $1 RETURNING \(RefundRows.columns)
            """, [refundID, change.status.rawValue, gatewayRefundID, gatewayStatus, failureReason, change.status.isOpen]
        ).first
        guard let updated else { throw PostgresError.decoding(column: "refunds", message: "update returned no row") }
        guard change.changed else { return try RefundRows.refund(updated) }
        try ledger.append(
            .refundChanged(
                refundID: refundID, to: change.status, amount: before.amount,
                gatewayRefundID: gatewayRefundID ?? before.gatewayRefundID))
        var refunded = order.refunded
        if change.status == .succeeded {
            let increase = before.refundedIncrease(after: change, keptAttemptID: try AttemptRows.attempts(tx, orderID: orderID).kept?.id)
            if increase > 0 {
                try tx.query(
                    "UPDATE orders SET refunded_amount = refunded_amount + $2, updated_at = now() WHERE id = $1",
                    [orderID, increase])
                refunded += increase
            }
        }
        try ledger.deriveStatus(current: order.status, refunded: refunded, total: order.total)
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
    public func recordForeignRefund(_ snapshot: RefundSnapshot, cause: SyncCause) async throws -> Refund? {
        guard let intentID = snapshot.paymentIntentID else { return nil }
        let newID = Crypto.randomToken(prefix: "rf_", byteCount: 12)
        let recorded = try await pool.withTransaction { tx -> String? in
            guard
                let attempt = try tx.query(
                    """
                    SELECT id, order_id, currency FROM payment_attempts WHERE payment_intent_id = $1 ORDER BY created_at LIMIT 1
                    """, [intentID]
                ).first
            else { return nil }
            let orderID: String = try attempt.decode("order_id")
            guard let (ledger, _) = try OrderLedger.lock(tx, orderID: orderID, cause: cause) else { return nil }
            if let existing = try tx.query("SELECT id FROM refunds WHERE gateway_refund_id = $1", [snapshot.id]).first {
                return try existing.decode("id", as: String.self)
            }
            try tx.query(
                """
                INSERT INTO refunds (id, order_id, attempt_id, payment_intent_id, amount, currency, reason, status, source,
                                     gateway_refund_id, gateway_status, idempotency_key, cause, next_sync_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'unspecified', 'pending', 'dashboard', $7, $8, $9, $10, now())
                """,
                [
                    newID, orderID, try attempt.decode("id", as: String.self), intentID, snapshot.amount,
                    snapshot.currency ?? (try attempt.decode("currency", as: String.self)), snapshot.id, snapshot.gatewayStatus,
                    "dashboard-\(snapshot.id)", cause.description,
                ])
            try ledger.append(.refundSeen(refundID: newID, gatewayRefundID: snapshot.id, amount: snapshot.amount))
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
    public func audit(orderID: String, _ event: AuditEvent, cause: SyncCause) async throws {
        try await pool.withConnection { conn in try OrderLedger(conn, orderID: orderID, cause: cause).append(event) }
    }

    /// See `OperationsStore.requestedAttempt`.
    public func requestedAttempt(orderID: String, type: String, request: String) async throws -> String? {
        try await pool.withConnection { conn in
            try conn.query(
                """
                SELECT data->>'attempt' AS attempt FROM order_events
                WHERE order_id = $1 AND type = $2 AND data->>'request' = $3 ORDER BY id DESC LIMIT 1
                """, [orderID, type, request]
            ).first?.decodeIfPresent("attempt", as: String.self)
        }
    }

    /// See `OperationsStore.finishCancel`.
    @discardableResult
    public func finishCancel(orderID: String, cause: SyncCause) async throws -> Bool {
        try await pool.withTransaction { tx -> Bool in
            let locked = try OrderLedger.lock(tx, orderID: orderID, cause: cause)
            let attempts = locked == nil ? [] : try AttemptRows.attempts(tx, orderID: orderID)
            switch try CancelPolicy.decide(status: locked?.1.status, attempts: attempts, stockReserved: locked?.1.stockReserved ?? false) {
            case .alreadyCanceled:
                return false
            case .cancel(let releaseStock, let event):
                try locked?.0.close(as: .canceled, releaseStock: releaseStock, event: event)
                return true
            }
        }
    }

    /// See `OperationsStore.lapsingAuthorizations`.
    public func lapsingAuthorizations(withinSeconds: Int64) async throws -> [LapsingAuthorization] {
        try await pool.withConnection { conn in
            try conn.query(
                """
                SELECT order_id, id, amount_capturable, currency, extract(epoch FROM authorized_at)::bigint AS authorized_epoch
                FROM payment_attempts
                WHERE status = 'requires_capture' AND authorized_at < now() + make_interval(secs => $1) - interval '7 days'
                ORDER BY authorized_at
                """, [Double(withinSeconds)]
            ).map { row in
                let authorized: Int64 = try row.decode("authorized_epoch")
                return LapsingAuthorization(
                    orderID: try row.decode("order_id"), attemptID: try row.decode("id"),
                    amountCapturable: try row.decode("amount_capturable"), currency: try row.decode("currency"),
                    authorizedAt: authorized, lapsesAt: authorized + 7 * 86_400)
            }
        }
    }
}
