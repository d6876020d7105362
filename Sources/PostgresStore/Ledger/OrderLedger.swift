import OrderDomain

/// The one writer of an order's aggregate, inside a transaction that holds the order's row
/// lock: it applies what an OrderDomain decision returned (status, stock, review flag) and
/// appends the decision's audit events, each with its notification in the same
/// transaction (both or neither). Stores decide nothing about money themselves; they load
/// rows, ask the domain, and hand the answer to this.
struct OrderLedger {
    let tx: PostgresConnection
    let orderID: String
    /// Who or what made the change, for the audit trail.
    let cause: SyncCause

    init(_ tx: PostgresConnection, orderID: String, cause: SyncCause) {
        self.tx = tx
        self.orderID = orderID
        self.cause = cause
    }

    /// The order's state under its row lock (nil: no such order).
    static func lock(_ tx: PostgresConnection, orderID: String, cause: SyncCause) throws -> (OrderLedger, LockedOrder)? {
        guard
            let row = try tx.query(
                """
                SELECT status, stock_reserved, needs_review, review_reason, total_amount, refunded_amount
                FROM orders WHERE id = $1 FOR UPDATE
                """, [orderID]
            ).first
        else { return nil }
        return (OrderLedger(tx, orderID: orderID, cause: cause), try LockedOrder(row))
    }

    /// The state of the order holding attempt `attemptID` under its row lock (nil: no such
    /// attempt), found and locked in one statement.
    static func lock(_ tx: PostgresConnection, attemptID: String, cause: SyncCause) throws -> (OrderLedger, LockedOrder)? {
        guard
            let row = try tx.query(
                """
                SELECT id, status, stock_reserved, needs_review, review_reason, total_amount, refunded_amount FROM orders
                WHERE id = (SELECT order_id FROM payment_attempts WHERE id = $1) FOR UPDATE
                """, [attemptID]
            ).first
        else { return nil }
        return (OrderLedger(tx, orderID: try row.decode("id"), cause: cause), try LockedOrder(row))
    }

    /// Holds the order's tracked stock for `seconds` more as a payment starts: retaken if
    /// its hold had lapsed (`StockHold.onStart` refuses when it sold out meanwhile, before
    /// anything is sent to WooshPay), else extended. Orders without tracked lines hold nothing.
    func holdStock(seconds: Int64) throws {
        guard let reserved = try trackedStockReserved() else { return }
        if !reserved {
            try append(try StockHold.onStart(retaken: try OrderRows.retakeStock(tx, orderID: orderID)))
        }
        try tx.query(
            """
            UPDATE orders SET stock_reserved = true,
                stock_held_until = greatest(coalesce(stock_held_until, now()), now() + make_interval(secs => $2)), updated_at = now()
            WHERE id = $1
            """, [orderID, Double(seconds)])
    }

    /// Whether the order's tracked stock is reserved now; nil when it tracks none.
    private func trackedStockReserved() throws -> Bool? {
        guard
            let row = try tx.query(
                """
                SELECT stock_reserved, EXISTS (SELECT 1 FROM order_items WHERE order_id = $1 AND stock_tracked) AS tracked
                FROM orders WHERE id = $1
                """, [orderID]
            ).first,
            try row.decode("tracked", as: Bool.self)
        else { return nil }
        return try row.decode("stock_reserved", as: Bool.self)
    }

    /// Appends `event` to the audit trail, and to the notification outbox when it announces one.
    func append(_ event: AuditEvent) throws {
        try tx.query(
            "INSERT INTO order_events (order_id, type, cause, data) VALUES ($1, $2, $3, $4::jsonb)",
            [orderID, event.type, cause.description, try OrderRows.json(event.data)])
        if let kind = event.notification {
            try PostgresNotificationStore.enqueue(tx, orderID: orderID, kind: kind)
        }
    }

    /// Re-derives the order's status from all its attempts (read here unless the caller
    /// holds them as they now stand); writes it and its event only when it changed, and
    /// holds the stock again when money starts moving.
    func deriveStatus(current: OrderStatus, refunded: Int64, total: Int64, attempts known: [PaymentAttempt]? = nil) throws {
        let attempts = try known ?? AttemptRows.attempts(tx, orderID: orderID)
        let derived = OrderStatus.derived(current: current, attempts: attempts, refunded: refunded, total: total)
        guard derived != current else { return }
        try tx.query("UPDATE orders SET status = $2, updated_at = now() WHERE id = $1", [orderID, derived.rawValue])
        try append(.orderStatusChanged(from: current, to: derived))
        if StockHold.moneyMoves(derived) { try keepStock() }
    }

    /// Money is moving for an order whose hold lapsed (an SDK payment confirmed in the
    /// browser after its stock went back on sale): `StockHold.afterMoneyMoved` says what
    /// the retake's outcome means.
    func keepStock() throws {
        guard try trackedStockReserved() == false else { return }
        let outcome = StockHold.afterMoneyMoved(retaken: try OrderRows.retakeStock(tx, orderID: orderID))
        if outcome.reserved {
            try tx.query("UPDATE orders SET stock_reserved = true, updated_at = now() WHERE id = $1", [orderID])
        } else {
            try flag(reason: StockHold.paidWithoutStock)
        }
        try append(outcome.event)
    }

    /// Flags the order for review (the event is the caller's decision, from `ReviewFlag`).
    func flag(reason: String) throws {
        try tx.query("UPDATE orders SET needs_review = true, review_reason = $2, updated_at = now() WHERE id = $1", [orderID, reason])
    }

    /// Applies a `ReviewFlag` decision: flags and audits when it returned an event.
    @discardableResult
    func flag(_ decision: AuditEvent?, reason: String) throws -> Bool {
        guard let decision else { return false }
        try flag(reason: reason)
        try append(decision)
        return true
    }

    /// Closes an unpaid order as canceled or expired, giving its reserved stock back.
    func close(as status: OrderStatus, releaseStock: Bool, event: AuditEvent) throws {
        if releaseStock { try OrderRows.releaseStock(tx, orderID: orderID) }
        try tx.query(
            "UPDATE orders SET status = $2, stock_reserved = false, updated_at = now() WHERE id = $1",
            [orderID, status.rawValue])
        try append(event)
    }
}

/// The columns of an order its ledger's decisions need.
struct LockedOrder {
    var status: OrderStatus
    var stockReserved: Bool
    var needsReview: Bool
    var reviewReason: String?
    var total: Int64
    var refunded: Int64

    init(_ row: PostgresRow) throws {
        guard let status = OrderStatus(rawValue: try row.decode("status")) else {
            throw PostgresError.decoding(column: "orders.status", message: "unexpected value")
        }
        self.status = status
        stockReserved = try row.decode("stock_reserved")
        needsReview = try row.decode("needs_review")
        reviewReason = try row.decodeIfPresent("review_reason")
        total = try row.decode("total_amount")
        refunded = try row.decode("refunded_amount")
    }
}
