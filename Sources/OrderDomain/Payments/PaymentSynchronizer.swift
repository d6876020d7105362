/// The one sync path: whatever the trigger (return, webhook, poll, read), fetch the
/// attempt's object from WooshPay (the source of truth) and apply it through
/// `PaymentAttempt.applying`, which never moves a closed attempt. An attempt whose creating
/// call never got an answer is completed by re-sending that call with its stored key.
public struct PaymentSynchronizer: Sendable {
    let calls: AttemptGatewayCalls
    let duplicateRefunds: RefundSender?
    let spacing: ReadSpacing

    /// How reads of one attempt are spaced (issue 20: a return flood made two WooshPay
    /// reads per hit).
    public struct ReadSpacing: Sendable {
        /// Seconds between two reads of one attempt by any replica and path
        /// (`RETURN_SYNC_MIN_INTERVAL`); 0 reads every time.
        public var minIntervalSeconds: Double
        /// Shares one in-flight read among concurrent callers (the browser paths).
        public var coalescer: ReadCoalescer?
        /// Whether a creating call whose answer was lost is re-sent. Not from the browser
        /// paths: an unauthenticated GET must not make WooshPay create anything.
        public var resendsLostCalls: Bool
        /// Whether a refused read waits out one interval (up to 5 s) and tries once more:
        /// a customer back from WooshPay must see the payment's fresh state, not one read a
        /// moment before they paid (the browser paths).
        public var waitsForNextRead: Bool

        /// Spacing as given.
        public init(
            minIntervalSeconds: Double = 0, coalescer: ReadCoalescer? = nil, resendsLostCalls: Bool = true,
            waitsForNextRead: Bool = false
        ) {
            self.minIntervalSeconds = minIntervalSeconds
            self.coalescer = coalescer
            self.resendsLostCalls = resendsLostCalls
            self.waitsForNextRead = waitsForNextRead
        }
    }

    /// Creates the synchronizer over the attempt's gateway calls (the start path's too);
    /// with `duplicateRefunds`, a second successful payment of one order is refunded
    /// automatically through it (nil: duplicates are kept for a person to decide).
    public init(calls: AttemptGatewayCalls, duplicateRefunds: RefundSender?, spacing: ReadSpacing = ReadSpacing()) {
        self.calls = calls
        self.duplicateRefunds = duplicateRefunds
        self.spacing = spacing
    }

    /// Syncs one attempt. `cause` goes to the audit trail (`return`, `webhook:<evt id>`,
    /// `poll`, `read`). Throws `GatewayCallFailure` when WooshPay failed (the attempt then
    /// keeps its state and is due for another sync soon).
    @discardableResult
    public func sync(attemptID: String, cause: SyncCause) async throws -> PaymentAttempt {
        guard let attempt = try await calls.store.attempt(id: attemptID) else {
            throw DomainError.paymentNotFound
        }
        return try await sync(attempt, cause: cause)
    }

    /// Syncs an attempt the caller has just read (a webhook's lookup by gateway object),
    /// sparing a second read of the same row.
    ///
    /// A checkout attempt that knows its intent (WooshPay creates it with the session) reads
    /// the intent first: a succeeded intent decides the attempt whatever its session says,
    /// so the session is then not read. Otherwise the session is read and recorded before
    /// the intent, as when the intent is not known yet: an expired session closes the
    /// attempt as expired even if its intent was canceled with it.
    @discardableResult
    public func sync(_ attempt: PaymentAttempt, cause: SyncCause) async throws -> PaymentAttempt {
        let store = calls.store
        guard attempt.hasGatewayObject else {
            guard spacing.resendsLostCalls, attempt.status == .pending, !attempt.usesRawCard, !attempt.detailsWithheld,
                let order = try await store.order(id: attempt.orderID)
            else {
                return attempt
            }
            return try await calls.create(attempt, order: order, paymentMethod: attempt.storedPaymentMethod, cause: cause).0
        }
        guard let coalescer = spacing.coalescer else { return try await spacedRead(attempt, cause: cause) }
        return try await coalescer.run(attempt.id) { try await spacedRead(attempt, cause: cause) }
    }

    /// Reads the attempt at WooshPay unless any replica did within the interval; then the
    /// stored state is the answer (and the store keeps a read owed soon, so a webhook that
    /// arrived meanwhile is not lost).
    private func spacedRead(_ attempt: PaymentAttempt, cause: SyncCause) async throws -> PaymentAttempt {
        let interval = spacing.minIntervalSeconds
        if interval > 0, !(try await calls.store.claimRead(attemptID: attempt.id, minIntervalSeconds: interval)) {
            guard spacing.waitsForNextRead, interval <= 5 else { return try await calls.store.attempt(id: attempt.id) ?? attempt }
            try await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
            guard try await calls.store.claimRead(attemptID: attempt.id, minIntervalSeconds: interval) else {
                return try await calls.store.attempt(id: attempt.id) ?? attempt
            }
        }
        return try await read(attempt, cause: cause)
    }

    /// Reads the attempt's objects at WooshPay and records them.
    private func read(_ attempt: PaymentAttempt, cause: SyncCause) async throws -> PaymentAttempt {
        let store = calls.store
        var current = attempt
        var intent: PaymentIntentSnapshot?
        if attempt.mode == .checkout, let sessionID = attempt.checkoutSessionID {
            if let intentID = attempt.paymentIntentID {
                intent = try await retrieveIntent(intentID, for: attempt, cause: cause)
            }
            if intent.flatMap({ AttemptStatus($0.status) }) != .succeeded {
                let session = try await calls.call(attempt, cause: cause) { () async throws(GatewayError) in
                    try await calls.gateway.retrieveCheckoutSession(id: sessionID)
                }
                current = try await store.record(.checkoutSession(session), attemptID: attempt.id, cause: cause)
            }
        }
        if intent?.id != current.paymentIntentID, let intentID = current.paymentIntentID {
            intent = try await retrieveIntent(intentID, for: attempt, cause: cause)
        }
        if let intent { current = try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: cause) }
        if current.status == .succeeded, let duplicateRefunds { try await refundIfDuplicate(current, through: duplicateRefunds, cause: cause) }
        return current
    }

    /// Reads the intent at WooshPay (a failure is recorded on the attempt).
    private func retrieveIntent(_ intentID: String, for attempt: PaymentAttempt, cause: SyncCause) async throws -> PaymentIntentSnapshot {
        try await calls.call(attempt, cause: cause) { () async throws(GatewayError) in
            try await calls.gateway.retrievePaymentIntent(id: intentID)
        }
    }

    /// Two tabs, two successful payments: the order keeps the one that succeeded first and
    /// the other is refunded in full, under a key stored before the call. A lost answer
    /// leaves the refund pending for the refund poller to re-send; a refusal is recorded.
    func refundIfDuplicate(_ attempt: PaymentAttempt, through sender: RefundSender, cause: SyncCause) async throws {
        guard let refund = try await calls.store.beginDuplicateRefund(attemptID: attempt.id) else { return }
        _ = try await sender.submit(refund, cause: cause)
    }
}
