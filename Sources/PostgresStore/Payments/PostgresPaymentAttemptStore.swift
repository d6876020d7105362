import CryptoPrimitives
import OrderDomain

/// Payment attempts in PostgreSQL. Every transaction locks the order row first, then
/// attempt rows, so concurrent starts, returns, webhooks and polls of one order queue
/// up instead of deadlocking; no gateway call ever runs inside one.
public struct PostgresPaymentAttemptStore: PaymentAttemptStore {
    let pool: PostgresPool
    /// When a new attempt is first due for a poll: the first `SYNC_SCHEDULE` delay.
    let firstSyncSeconds: Int64
    /// How long a payment start holds the order's tracked stock (`STOCK_HOLD`).
    let stockHoldSeconds: Int64

    /// Creates the store over `pool`; new attempts are first polled `firstSyncSeconds`
    /// after they open, and each start holds stock `stockHoldSeconds` more.
    public init(pool: PostgresPool, firstSyncSeconds: Int64 = 30, stockHoldSeconds: Int64 = 15 * 60) {
        self.pool = pool
        self.firstSyncSeconds = max(1, firstSyncSeconds)
        self.stockHoldSeconds = stockHoldSeconds
    }

    /// See `PaymentAttemptStore.openAttempt`.
    public func openAttempt(orderID: String, clientToken: String, draft: AttemptDraft) async throws -> AttemptOpening {
        let newID = Crypto.randomToken(prefix: "pay_", byteCount: 12)
        return try await pool.withTransaction { tx -> AttemptOpening in
            guard
                let row = try tx.query(
                    """
                    SELECT \(OrderRows.columns), client_token_hash, extract(epoch FROM now())::bigint AS now_epoch
                    FROM orders WHERE id = $1 FOR UPDATE
                    """, [orderID]
                ).first,
                try OrderRows.tokenMatches(row, clientToken: clientToken)
            else { throw DomainError.orderNotFoundForToken }
            let order = try OrderRows.order(row, lines: try OrderRows.lines(tx, orderID: orderID))
            if let key = draft.requestKey,
                let done = try tx.query(
                    """
                    SELECT \(AttemptRows.columns) FROM payment_attempts
                    WHERE order_id = $1 AND request_key = $2 AND status IN ('succeeded', 'requires_capture')
                    """, [orderID, key]
                ).first
            {
                // A re-run of the request that paid or authorised the order (its owner died
                // before answering): continue that attempt, which re-reads it at WooshPay.
                return AttemptOpening(order: order, attempt: try AttemptRows.attempt(done), created: false)
            }
            // Narrowed or refused by the order's currency (a decision, under the lock).
            let fitted = try draft.fitted(currency: order.currency.code)
            let attempts = try AttemptRows.attempts(tx, orderID: orderID)
            let ledger = OrderLedger(tx, orderID: orderID, cause: .api)
            switch try PaymentStartPolicy.decide(
                order: order, attempts: attempts, mode: draft.mode, now: try row.decode("now_epoch"),
                maxFailures: draft.maxPaymentFailures)
            {
            case .reuse(let attempt):
                try ledger.holdStock(seconds: stockHoldSeconds)
                if let key = draft.requestKey {
                    try tx.query("UPDATE payment_attempts SET request_key = $2 WHERE id = $1", [attempt.id, key])
                }
                return AttemptOpening(order: order, attempt: attempt, created: false)
            case .create:
                try ledger.holdStock(seconds: stockHoldSeconds)
                // Written and committed before WooshPay is called: the key survives a crash.
                let inserted = try tx.query(
                    """
                    INSERT INTO payment_attempts (id, order_id, mode, status, amount, currency, capture_method, payment_method_types,
                                                  payment_method, uses_raw_card, idempotency_key, next_sync_at, request_key, details_withheld)
                    VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11), $12, $13)
                    RETURNING \(AttemptRows.columns)
                    """,
                    [
                        newID, orderID, draft.mode.rawValue, order.total.amount, order.currency.code, draft.captureMethod.rawValue,
                        fitted.paymentMethodTypes.joined(separator: ","), draft.paymentMethod, draft.usesRawCard, "merchant-\(newID)",
                        Double(firstSyncSeconds), draft.requestKey, draft.detailsWithheld,
                    ])
                try ledger.append(.paymentStarted(attemptID: newID, mode: draft.mode))
                guard let attemptRow = inserted.first else {
                    throw PostgresError.decoding(column: "payment_attempts", message: "insert returned no row")
                }
                return AttemptOpening(order: order, attempt: try AttemptRows.attempt(attemptRow), created: true)
            }
        }
    }

    /// See `PaymentAttemptStore.record`. Two reads take the locks (the order, then all its
    /// attempts at once) and give the order's status its inputs, so deriving it needs no
    /// third read; `AttemptChange` decides what the ledger writes.
    public func record(_ update: AttemptUpdate, attemptID: String, cause: SyncCause) async throws -> PaymentAttempt {
        try await pool.withTransaction { tx -> PaymentAttempt in
            guard let (ledger, order) = try OrderLedger.lock(tx, attemptID: attemptID, cause: cause) else { throw DomainError.paymentNotFound }
            var attempts = try tx.query(
                "SELECT \(AttemptRows.columns) FROM payment_attempts WHERE order_id = $1 ORDER BY created_at, id FOR UPDATE",
                [ledger.orderID]
            ).map(AttemptRows.attempt)
            guard let index = attempts.firstIndex(where: { $0.id == attemptID }) else { throw DomainError.paymentNotFound }
            let change = AttemptChange(attempts[index], learning: update)
            let unknown = if case .outcomeUnknown = update { true } else { false }
            try AttemptRows.update(tx, change.after, outcomeUnknown: unknown)
            if let reason = change.flagsOrder { try ledger.flag(reason: reason) }
            for event in change.events { try ledger.append(event) }
            // A newly succeeded attempt has no `succeededAt` yet (the database stamps it), so
            // it sorts after every earlier success, exactly as the stamp will.
            attempts[index] = change.after
            try ledger.deriveStatus(current: order.status, refunded: order.refunded, total: order.total, attempts: attempts)
            return change.after
        }
    }

    /// See `PaymentAttemptStore.countDecline`.
    public func countDecline(orderID: String) async throws -> Int {
        try await pool.withConnection { conn -> Int in
            try conn.query(
                "UPDATE orders SET payment_failures = payment_failures + 1 WHERE id = $1 RETURNING payment_failures",
                [orderID]
            ).first?.decode("payment_failures", as: Int.self) ?? 0
        }
    }

    /// See `PaymentAttemptStore.claimRead`. The row lock orders concurrent claims, and a
    /// waiting one re-checks the time the winner wrote, so one read per interval passes.
    public func claimRead(attemptID: String, minIntervalSeconds: Double) async throws -> Bool {
        try await pool.withConnection { conn -> Bool in
            let claimed =
                try conn.query(
                    """
                    UPDATE payment_attempts SET gateway_read_at = now()
                    WHERE id = $1 AND (gateway_read_at IS NULL OR gateway_read_at <= now() - make_interval(secs => $2))
                    """, [attemptID, minIntervalSeconds]
                ).affectedRows == 1
            if !claimed {
                try conn.query(
                    """
                    UPDATE payment_attempts SET next_sync_at = least(next_sync_at, gateway_read_at + make_interval(secs => $2))
                    WHERE id = $1 AND next_sync_at IS NOT NULL AND gateway_read_at IS NOT NULL
                    """, [attemptID, minIntervalSeconds])
            }
            return claimed
        }
    }

    /// See `PaymentAttemptStore.beginConfirm`.
    public func beginConfirm(attemptID: String, draft: AttemptDraft) async throws -> String {
        try await pool.withConnection { conn -> String in
            guard
                let row = try conn.query(
                    """
                    UPDATE payment_attempts SET confirm_count = confirm_count + 1, payment_method = $2, uses_raw_card = $3,
                                                details_withheld = $4, updated_at = now()
                    WHERE id = $1 RETURNING idempotency_key, confirm_count
                    """, [attemptID, draft.paymentMethod, draft.usesRawCard, draft.detailsWithheld]
                ).first
            else { throw DomainError.paymentNotFound }
            return "\(try row.decode("idempotency_key", as: String.self))-confirm-\(try row.decode("confirm_count", as: Int.self))"
        }
    }
}
