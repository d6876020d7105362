/// What the merchant's staff do after a payment: refund, capture, cancel (or void), and
/// force a sync. Each decision about money is taken by the store under the order's lock
/// and written (with its idempotency key) before WooshPay is called; each call's result
/// goes through the same recording paths as payments, so webhooks and polls agree.
/// `actor` names who asked (`admin:<key name>`) in the audit trail.
public struct MerchantOperations: Sendable {
    let store: any OperationsStore
    let payments: any PaymentAttemptStore
    let gateway: any PaymentGateway
    let synchronizer: PaymentSynchronizer
    let sender: RefundSender

    /// Creates the operations over the stores, WooshPay, and the one payment sync path.
    public init(
        store: any OperationsStore, payments: any PaymentAttemptStore, gateway: any PaymentGateway,
        synchronizer: PaymentSynchronizer
    ) {
        self.store = store
        self.payments = payments
        self.gateway = gateway
        self.synchronizer = synchronizer
        self.sender = RefundSender(store: store, gateway: gateway)
    }

    // MARK: Refunds

    /// Refunds `amount` (nil: all that remains) of the order's payment. Returns the refund
    /// as WooshPay left it (`succeeded`, or `pending` when its answer comes later or was
    /// lost: the refund poller then finishes it with the same key). Throws `refund_failed`
    /// (402) when WooshPay refuses it; the refund is then recorded `failed`.
    ///
    /// `requestKey` is the request's `Idempotency-Key`: a re-run of a request whose first
    /// run died continues the refund that run made (sent again with its own WooshPay key,
    /// or re-read), and answers as that run would have.
    public func refund(
        orderID: String, amount: Int64?, reason: Refund.Reason, actor: SyncCause,
        requestKey: String? = nil
    ) async throws -> Refund {
        let refund = try await store.beginRefund(
            orderID: orderID, amount: amount, reason: reason, cause: actor,
            requestKey: requestKey.map { "\(actor) \($0)" })
        switch refund.status {
        case .failed:
            throw Self.refused(refund)
        case _ where !refund.status.isOpen:
            return refund
        case _ where refund.gatewayRefundID != nil:
            return try await syncRefund(id: refund.id, cause: actor)
        default:
            let sent = try await sender.submit(refund, cause: actor)
            if let refusal = sent.refusal { throw refusal }
            return sent.refund
        }
    }

    /// The error for a refund WooshPay refused (as `RefundSender` words it).
    static func refused(_ refund: Refund) -> DomainError {
        DomainError(
            code: .refundFailed,
            message: "WooshPay refused the refund \(refund.id): \(refund.failureReason ?? "no reason given").")
    }

    /// The one refund sync path (poll, webhook, admin): a refund WooshPay has not
    /// acknowledged is re-sent with its key; an acknowledged one is re-read.
    @discardableResult
    public func syncRefund(id: String, cause: SyncCause) async throws -> Refund {
        guard let refund = try await store.refund(id: id) else {
            throw DomainError.refundNotFound
        }
        guard refund.status.isOpen else { return refund }
        guard let gatewayID = refund.gatewayRefundID else { return try await sender.submit(refund, cause: cause).refund }
        let snapshot = try await gateway.retrieveRefund(id: gatewayID)
        return try await store.recordRefund(id: refund.id, snapshot, cause: cause)
    }

    /// A refund WooshPay told us about (`charge.refund.updated`): re-read it there, then
    /// record it on our refund, or as a dashboard refund when we did not make it. `false`
    /// when no payment of ours holds it.
    public func syncGatewayRefund(_ gatewayRefundID: String, cause: SyncCause) async throws -> Bool {
        if let known = try await store.refund(gatewayRefundID: gatewayRefundID) {
            try await syncRefund(id: known.id, cause: cause)
            return true
        }
        let snapshot = try await gateway.retrieveRefund(id: gatewayRefundID)
        // Ours, but its create answer is not recorded yet (the webhook overtook it).
        if let ours = snapshot.metadata["refund_id"], try await store.refund(id: ours) != nil {
            try await store.recordRefund(id: ours, snapshot, cause: cause)
            return true
        }
        return try await store.recordForeignRefund(snapshot, cause: cause) != nil
    }

    // MARK: Capture, cancel, sync

    /// Captures an authorised payment: all of it, or `amount` (the rest is released).
    /// The key is derived from the attempt's id, so a retry after a lost answer is the same
    /// request to WooshPay.
    ///
    /// `requestKey` is the request's `Idempotency-Key`: a re-run of a capture whose first
    /// run died after WooshPay captured answers with the captured payment, not a refusal.
    @discardableResult
    public func capture(orderID: String, amount: Int64?, actor: SyncCause, requestKey: String? = nil) async throws -> PaymentAttempt {
        let request = requestKey.map { "\(actor) \($0)" }
        let attempts = try await payments.attempts(orderID: orderID)
        if let request, let done = try await store.requestedAttempt(orderID: orderID, type: "payment.capture_requested", request: request),
            let attempt = attempts.first(where: { $0.id == done }), attempt.status != .requiresCapture
        {
            return attempt
        }
        guard let attempt = attempts.first(where: { $0.status == .requiresCapture }),
            let intentID = attempt.paymentIntentID
        else {
            guard try await payments.order(id: orderID) != nil else {
                throw DomainError.orderNotFound
            }
            throw DomainError(code: .orderNotCapturable, message: "The order has no authorised payment to capture.")
        }
        if let amount, amount > attempt.amountCapturable {
            throw DomainError(
                code: .captureExceedsAuthorized,
                message: "At most \(attempt.amountCapturable) can be captured.", param: "amount_to_capture")
        }
        try await store.audit(orderID: orderID, .paymentCaptureRequested(attemptID: attempt.id, amount: amount, request: request), cause: actor)
        let snapshot: PaymentIntentSnapshot
        do {
            snapshot = try await gateway.capturePaymentIntent(id: intentID, amount: amount, idempotencyKey: "capture-\(attempt.id)")
        } catch {
            throw try await refusal(error, attempt: attempt, action: .capture, cause: actor)
        }
        return try await payments.record(.paymentIntent(snapshot), attemptID: attempt.id, cause: actor)
    }

    /// Cancels an unpaid order: an open hosted checkout is expired (WooshPay refuses to
    /// cancel a session's intent), an open intent is canceled, an authorisation is voided;
    /// then the order is `canceled` and its stock released. A payment that completes
    /// meanwhile wins: `order_already_paid`.
    public func cancel(orderID: String, actor: SyncCause) async throws {
        guard let order = try await payments.order(id: orderID) else {
            throw DomainError.orderNotFound
        }
        if order.status.isPaid { throw DomainError.orderPaidRefundInstead }
        if order.status == .canceled { return }
        for attempt in try await payments.attempts(orderID: orderID) where attempt.status.isOpen {
            // The truth first: a payment may have completed since we last looked.
            let current = try await resync(attempt, cause: actor)
            guard current.status.isOpen else { continue }
            if current.status == .processing {
                throw DomainError(
                    code: .paymentProcessing,
                    message: "A payment of this order is processing at WooshPay; cancel once its outcome is known.")
            }
            try await release(current, cause: actor)
        }
        try await store.finishCancel(orderID: orderID, cause: actor)
    }

    /// Expires the attempt's session or cancels its intent at WooshPay and records it. A
    /// checkout's intent is never cancelled directly (WooshPay's Cancel spec refuses it):
    /// expiring the session is the documented route, for an authorisation too.
    func release(_ attempt: PaymentAttempt, cause: SyncCause) async throws {
        do {
            if attempt.mode == .checkout, let sessionID = attempt.checkoutSessionID {
                let session = try await gateway.expireCheckoutSession(id: sessionID, idempotencyKey: "cancel-\(attempt.id)")
                _ = try await payments.record(.checkoutSession(session), attemptID: attempt.id, cause: cause)
            } else if let intentID = attempt.paymentIntentID {
                let intent = try await gateway.cancelPaymentIntent(
                    id: intentID, reason: "requested_by_customer",
                    idempotencyKey: "cancel-\(attempt.id)")
                _ = try await payments.record(.paymentIntent(intent), attemptID: attempt.id, cause: cause)
            }
        } catch {
            throw try await refusal(error, attempt: attempt, action: .cancel, cause: cause)
        }
        _ = try await resync(attempt, cause: cause)
    }

    /// Re-reads every attempt and open refund of the order at WooshPay. Returns how many
    /// objects were synced and how many could not be (WooshPay unreachable).
    public func forceSync(orderID: String, actor: SyncCause) async throws -> (synced: Int, failed: Int) {
        guard try await payments.order(id: orderID) != nil else {
            throw DomainError.orderNotFound
        }
        try await store.audit(orderID: orderID, .orderSyncRequested, cause: actor)
        var result = (synced: 0, failed: 0)
        for attempt in try await payments.attempts(orderID: orderID) {
            do {
                _ = try await synchronizer.sync(attemptID: attempt.id, cause: actor)
                result.synced += 1
            } catch { result.failed += 1 }
        }
        for refund in try await store.refunds(orderID: orderID) where refund.status.isOpen {
            do {
                _ = try await syncRefund(id: refund.id, cause: actor)
                result.synced += 1
            } catch { result.failed += 1 }
        }
        return result
    }

    /// Syncs one attempt through the one sync path.
    func resync(_ attempt: PaymentAttempt, cause: SyncCause) async throws -> PaymentAttempt {
        do {
            return try await synchronizer.sync(attemptID: attempt.id, cause: cause)
        } catch let failure as GatewayCallFailure {
            throw Self.unavailable(failure.gateway)
        }
    }

    /// The error for a refused capture or cancel: after re-reading the attempt (WooshPay
    /// usually refuses because its state moved), `order_already_paid` if it was paid.
    func refusal(_ error: any Error, attempt: PaymentAttempt, action: GatewayAction, cause: SyncCause) async throws -> DomainError {
        guard let error = error as? GatewayError else { throw error }
        if error.isRetryableWithSameKey || error.mayHaveTakenEffect { return Self.unavailable(error) }
        let current = try await resync(attempt, cause: cause)
        if current.status == .succeeded, action == .cancel {
            return DomainError(code: .orderAlreadyPaid, message: "The customer paid before the cancel: refund the order instead.")
        }
        return DomainError(
            code: action.refusedCode,
            message: "WooshPay refused to \(action.rawValue) the payment (now \(current.status.rawValue)): \(error.summary).")
    }

    /// What a refused call tried to do.
    enum GatewayAction: String {
        case capture, cancel

        /// The code of its refusal.
        var refusedCode: ErrorCode {
            switch self {
            case .capture: .captureRefused
            case .cancel: .cancelRefused
            }
        }
    }

    static func unavailable(_ error: GatewayError) -> DomainError {
        DomainError(
            code: .gatewayUnavailable,
            message: "WooshPay did not answer (\(error.summary)). Send the same request again: it is safe to repeat.")
    }
}
