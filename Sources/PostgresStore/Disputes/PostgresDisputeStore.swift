import OrderDomain

/// Disputes in PostgreSQL. Like every store, a change locks the order row first; the
/// decision is `DisputeRules.apply`, and its audit events (with their notifications) are
/// written in the same transaction by the order's ledger.
public struct PostgresDisputeStore: DisputeStore {
    let pool: PostgresPool
    /// How long an open dispute waits before the poller re-reads it.
    let resyncSeconds: Int64

    /// Creates the store; open disputes are re-read every `resyncSeconds` (default 1 hour).
    public init(pool: PostgresPool, resyncSeconds: Int64 = 3600) {
        self.pool = pool
        self.resyncSeconds = max(1, resyncSeconds)
    }

    static let columns = """
        id, order_id, attempt_id, amount, currency, reason, status, gateway_status,
        extract(epoch FROM evidence_due_by)::bigint AS due_epoch, funds_withdrawn, funds_reinstated, evidence_submitted,
        extract(epoch FROM created_at)::bigint AS created_epoch
        """

    static func dispute(_ row: PostgresRow) throws -> Dispute {
        guard let status = DisputeStatus(rawValue: try row.decode("status")) else {
            throw PostgresError.decoding(column: "disputes", message: "unexpected status")
        }
        return Dispute(
            id: try row.decode("id"), orderID: try row.decode("order_id"), attemptID: try row.decode("attempt_id"),
            amount: try row.decode("amount"), currency: try row.decode("currency"), reason: try row.decode("reason"),
            status: status, gatewayStatus: try row.decode("gateway_status"), evidenceDueBy: try row.decodeIfPresent("due_epoch"),
            fundsWithdrawn: try row.decode("funds_withdrawn"), fundsReinstated: try row.decode("funds_reinstated"),
            evidenceSubmitted: try row.decode("evidence_submitted"), createdAt: try row.decode("created_epoch"))
    }

    /// Records what WooshPay answered for a dispute on a payment of ours; `nil` when no
    /// attempt of ours holds its payment intent.
    @discardableResult
    public func record(_ snapshot: DisputeSnapshot, cause: SyncCause) async throws -> Dispute? {
        guard let intentID = snapshot.paymentIntentID, snapshot.amount > 0 else { return nil }
        return try await pool.withTransaction { tx -> Dispute? in
            // The attempt and its currency in one read (the fallback when WooshPay omits it).
            guard
                let attempt = try tx.query(
                    "SELECT id, currency FROM payment_attempts WHERE payment_intent_id = $1 ORDER BY created_at LIMIT 1", [intentID]
                ).first,
                let (ledger, _) = try OrderLedger.lock(tx, attemptID: try attempt.decode("id"), cause: cause)
            else { return nil }
            let attemptID: String = try attempt.decode("id")
            let currency: String = try attempt.decode("currency")
            let existing = try tx.query("SELECT \(Self.columns) FROM disputes WHERE id = $1 FOR UPDATE", [snapshot.id]).first
                .map(Self.dispute)
            let (dispute, events) = DisputeRules.apply(
                existing, snapshot: snapshot, orderID: ledger.orderID, attemptID: attemptID, fallbackCurrency: currency)
            let written = try tx.query(
                """
                INSERT INTO disputes (id, order_id, attempt_id, amount, currency, reason, status, gateway_status, evidence_due_by,
                                      funds_withdrawn, funds_reinstated, evidence_submitted, next_sync_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9), $10, $11, $12,
                        CASE WHEN $13 THEN now() + make_interval(secs => $14) END)
                ON CONFLICT (id) DO UPDATE SET amount = $4, reason = $6, status = $7, gateway_status = $8,
                    evidence_due_by = coalesce(to_timestamp($9), disputes.evidence_due_by), funds_withdrawn = $10,
                    funds_reinstated = $11, evidence_submitted = $12,
                    next_sync_at = CASE WHEN $13 THEN now() + make_interval(secs => $14) END, updated_at = now()
                RETURNING \(Self.columns)
                """,
                [
                    dispute.id, dispute.orderID, dispute.attemptID, dispute.amount, dispute.currency, dispute.reason,
                    dispute.status.rawValue, dispute.gatewayStatus, dispute.evidenceDueBy.map(Double.init), dispute.fundsWithdrawn,
                    dispute.fundsReinstated, dispute.evidenceSubmitted, dispute.status.isOpen, Double(resyncSeconds),
                ])
            for event in events { try ledger.append(event) }
            // The row as written, its creation time included (one statement, no read-back).
            return try written.first.map(Self.dispute) ?? dispute
        }
    }

    /// One dispute, or `nil`.
    public func dispute(id: String) async throws -> Dispute? {
        try await pool.withConnection { conn in
            try conn.query("SELECT \(Self.columns) FROM disputes WHERE id = $1", [id]).first.map(Self.dispute)
        }
    }

    /// See `DisputeStore.disputes(_:)`: keyset pages on `(created_at, id)`, like the order list.
    public func disputes(_ query: DisputeQuery) async throws -> ListPage<Dispute> {
        try await pool.withConnection { conn in
            var conditions = [String]()
            var parameters = [(any PostgresBindable)?]()
            func bind(_ value: any PostgresBindable) -> String {
                parameters.append(value)
                return "$\(parameters.count)"
            }
            if let after = query.startingAfter {
                // The cursor row's exact timestamp (microseconds, as text) keeps ties ordered by id.
                guard let row = try conn.query("SELECT created_at::text AS created FROM disputes WHERE id = $1", [after]).first else {
                    throw DomainError.invalidCursor(naming: "dispute")
                }
                let created: String = try row.decode("created")
                conditions.append("(created_at, id) < (\(bind(created))::timestamptz, \(bind(after)))")
            }
            if let status = query.status { conditions.append("status = \(bind(status.rawValue))") }
            if let due = query.dueBefore { conditions.append("evidence_due_by < to_timestamp(\(bind(Double(due))))") }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try conn.query(
                "SELECT \(Self.columns) FROM disputes \(filter) ORDER BY created_at DESC, id DESC LIMIT \(bind(Int64(query.limit + 1)))",
                parameters
            ).map(Self.dispute)
            return ListPage(items: Array(rows.prefix(query.limit)), hasMore: rows.count > query.limit)
        }
    }

    /// Every dispute of an order, oldest first.
    public func disputes(orderID: String) async throws -> [Dispute] {
        try await pool.withConnection { conn in try Self.disputes(conn, orderID: orderID) }
    }

    /// The disputes of an order, inside the caller's connection or transaction.
    static func disputes(_ conn: PostgresConnection, orderID: String) throws -> [Dispute] {
        try conn.query("SELECT \(columns) FROM disputes WHERE order_id = $1 ORDER BY created_at, id", [orderID]).map(dispute)
    }

    /// Claims up to `limit` open disputes whose re-read is due, oldest due first, by moving
    /// their next re-read `leaseSeconds` ahead in the same statement: another replica's
    /// poller skips them until then, and recording the re-read reschedules them.
    public func claimDue(limit: Int, leaseSeconds: Int) async throws -> [String] {
        try await pool.withConnection { conn in
            try conn.query(
                """
                UPDATE disputes SET next_sync_at = now() + make_interval(secs => $2)
                WHERE id IN (
                    SELECT id FROM disputes WHERE next_sync_at <= now() ORDER BY next_sync_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING id
                """, [Int64(limit), Double(leaseSeconds)]
            ).map { try $0.decode("id") }
        }
    }

    /// The disputes on one attempt, inside the caller's transaction (the refund check).
    static func disputes(_ tx: PostgresConnection, attemptID: String) throws -> [Dispute] {
        try tx.query("SELECT \(columns) FROM disputes WHERE attempt_id = $1", [attemptID]).map(dispute)
    }
}
