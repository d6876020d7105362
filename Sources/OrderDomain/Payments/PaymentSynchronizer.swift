/// The one sync path: whatever the trigger (return, webhook, poll, read), fetch the
/// attempt's object from WooshPay (the source of truth) and apply it through
/// `PaymentAttempt.applying`, which never moves a closed attempt. An attempt whose creating
/// call never got an answer is completed by re-sending that call with its stored key.
public struct PaymentSynchronizer: Sendable {
    let starter: PaymentStarter
    let refundDuplicates: Bool

    /// Creates the synchronizer over the same store, gateway and settings as `starter`;
    /// `refundDuplicates` refunds a second successful payment of one order automatically.
    public init(starter: PaymentStarter, refundDuplicates: Bool = true) {
        self.starter = starter
        self.refundDuplicates = refundDuplicates
    }

    /// Syncs one attempt. `cause` goes to the audit trail (`return`, `webhook:<evt id>`,
    /// `poll`, `read`). Throws `PaymentStartFailure` when WooshPay failed (the attempt then
    /// keeps its state and is due for another sync soon).
    @discardableResult
    public func sync(attemptID: String, cause: String) async throws -> PaymentAttempt {
        let store = starter.store
        let gateway = starter.gateway
        guard let attempt = try await store.attempt(id: attemptID) else {
            throw DomainError(.notFound, code: "payment_not_found", message: "No such payment attempt.")
        }
        guard attempt.hasGatewayObject else {
            guard attempt.status == .pending, !attempt.usesRawCard, let order = try await store.order(id: attempt.orderID) else {
                return attempt
            }
            return try await starter.create(attempt, order: order, paymentMethod: attempt.storedPaymentMethod, cause: cause).0
        }
        var current = attempt
        if attempt.mode == .checkout, let sessionID = attempt.checkoutSessionID {
            let session = try await starter.call(attempt, cause: cause) { () async throws(GatewayError) in
                try await gateway.retrieveCheckoutSession(id: sessionID)
            }
            current = try await store.record(.checkoutSession(session), attemptID: attempt.id, cause: cause)
        }
        if let intentID = current.paymentIntentID {
            let intent = try await starter.call(attempt, cause: cause) { () async throws(GatewayError) in
                try await gateway.retrievePaymentIntent(id: intentID)
            }
            current = try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: cause)
        }
        if current.status == .succeeded, refundDuplicates { try await refundIfDuplicate(current, cause: cause) }
        return current
    }

    /// Two tabs, two successful payments: the order keeps the first and the later one is
    /// refunded in full, under a key stored before the call (a lost answer is re-sent).
    func refundIfDuplicate(_ attempt: PaymentAttempt, cause: String) async throws {
        guard let refund = try await starter.store.beginDuplicateRefund(attemptID: attempt.id) else { return }
        let request = CreateRefundRequest(paymentIntentID: refund.paymentIntentID, amount: refund.amount, reason: .duplicate,
                                          metadata: ["order_id": attempt.orderID, "attempt_id": attempt.id, "refund_id": refund.id])
        let snapshot = try await starter.call(attempt, cause: cause) { () async throws(GatewayError) in
            try await starter.gateway.createRefund(request, idempotencyKey: refund.idempotencyKey)
        }
        try await starter.store.recordRefund(id: refund.id, snapshot, cause: cause)
    }
}
