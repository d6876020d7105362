/// Outcomes `POST /_sandbox/payment_intents/{id}/outcome` can drive an intent to.
enum IntentOutcome: String, Sendable {
    /// Paid, declined, in flight, canceled.
    case succeeded, failed, processing, canceled
    /// Waiting for the customer.
    case requiresAction = "requires_action"
}

extension SandboxState {
    /// Drives an intent as its customer (or the payment network) would, emitting the same
    /// events: `succeeded` pays (or authorises, for manual capture) and completes the
    /// session; `failed` declines; `requires_action` starts a 3-D Secure challenge (or the
    /// wallet redirect); `processing` parks the payment; `canceled` lapses it (a session's
    /// intent is canceled by expiring its session, as WooshPay does).
    func driveIntent(_ id: String, to outcome: IntentOutcome) throws(APIError) -> JSONValue {
        expireDueSessions()
        let intent = try requireIntent(id)
        let status = intent.status
        let open = status.isConfirmable || status == .processing
        func refuse() -> APIError {
            .unexpectedState(
                "payment_intent_unexpected_state",
                "Cannot move a PaymentIntent from \(status.rawValue) to \(outcome.rawValue).")
        }
        switch outcome {
        case .succeeded:
            guard open else { throw refuse() }
            attach(id, fallback: "pm_card_visa")
            authorize(id, request: nil)
        case .failed:
            guard open else { throw refuse() }
            attach(id, fallback: "pm_card_chargeDeclined")
            _ = fail(
                id,
                PaymentError(
                    type: "card_error", code: "card_declined", declineCode: "generic_decline",
                    message: "Your card was declined."), request: nil)
        case .requiresAction:
            guard status == .requiresPaymentMethod || status == .requiresConfirmation else { throw refuse() }
            let method =
                paymentMethods[intent.paymentMethod ?? ""].flatMap { $0.type == "card" ? nil : $0 }
                ?? paymentMethods["pm_card_threeDSecure"]
            guard let method else { throw refuse() }
            _ = attempt(id, with: method, request: nil)
        case .processing:
            guard status.isConfirmable else { throw refuse() }
            attach(id, fallback: "pm_card_visa")
            intents[id]?.status = .processing
            intents[id]?.pendingAction = nil
            emitIntent("payment_intent.processing", id, request: nil)
        case .canceled:
            guard status.isCancelable || status == .processing else { throw refuse() }
            if let sessionID = intent.checkoutSession {
                guard status != .requiresCapture else { throw refuse() }
                expire(sessionID, request: nil)
            } else {
                cancel(id, reason: "automatic", request: nil)
            }
        }
        return try intentJSON(requireIntent(id))
    }

    /// Gives a payment method to an intent that has none yet, so that its object looks as
    /// it would after a real customer paid.
    private func attach(_ id: String, fallback: String) {
        if intents[id]?.paymentMethod == nil { intents[id]?.paymentMethod = fallback }
    }

    /// `POST /_sandbox/payment_intents/{id}/refund`: a refund made in the dashboard, not
    /// through the API (no request, no idempotency key), emitting `charge.refund.updated`.
    func dashboardRefund(_ id: String, amount: Int64?) throws(APIError) -> JSONValue {
        try refund(
            id, amount: amount, reason: "requested_by_customer", metadata: JSONObject(), description: nil,
            source: "dashboard", request: nil
        ).json(style: style)
    }

    /// `GET /_sandbox/settings`.
    func settingsJSON() -> JSONValue {
        ["refund_initial_status": .string(refundInitialStatus.rawValue)]
    }

    /// `POST /_sandbox/settings`.
    func updateSettings(_ p: ParamReader) throws(APIError) -> JSONValue {
        if let value = try p.string("refund_initial_status") {
            guard value == "succeeded" || value == "pending" else {
                throw .invalid("refund_initial_status", "refund_initial_status must be succeeded or pending.")
            }
            refundInitialStatus = value == "pending" ? .pending : .succeeded
        }
        return settingsJSON()
    }

    /// `POST /_sandbox/faults`.
    func updateFaults(_ p: ParamReader) throws(APIError) -> JSONValue {
        var updated = faults
        try updated.update(from: p)
        faults = updated
        return faults.json
    }
}
