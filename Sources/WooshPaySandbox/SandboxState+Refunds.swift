extension SandboxState {
    /// `POST /v1/refunds`.
    func createRefund(_ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        let intentID = try p.requireString("payment_intent")
        let reason = try p.string("reason")
        if let reason, !["duplicate", "fraudulent", "requested_by_customer", "resolved_dispute"].contains(reason) {
            throw .invalid("reason", "Invalid reason: must be one of duplicate, fraudulent, requested_by_customer or resolved_dispute.")
        }
        guard intents[intentID] != nil else { throw .missingReference("payment_intent", intentID, param: "payment_intent") }
        let refund = try refund(
            intentID, amount: p.int("amount"), reason: reason, metadata: p.metadata(),
            description: p.string("description"), source: "api", request: request)
        return refund.json(style: style)
    }

    /// Refunds an intent (API or dashboard): only a succeeded intent, never more than
    /// captured minus refunded (pending refunds count as refunded).
    func refund(
        _ intentID: String, amount requested: Int64?, reason: String?, metadata: JSONObject,
        description: String?, source: String, request: RequestInfo?
    ) throws(APIError) -> RefundRecord {
        var intent = try requireIntent(intentID)
        guard intent.status == .succeeded else {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "This PaymentIntent (\(intentID)) does not have a successful charge to refund; "
                    + "its status is \(intent.status.rawValue).")
        }
        // A charged-back payment cannot be refunded too (Stripe's `charge_disputed`; the
        // money is already with the customer, or may be): a won dispute lifts it.
        if disputes.values.contains(where: { $0.paymentIntent == intentID && $0.status != .won }) {
            throw .unexpectedState("charge_disputed", "Charge for \(intentID) has been charged back; it cannot be refunded.")
        }
        let available = intent.refundableAmount
        guard available > 0 else {
            throw .unexpectedState("charge_already_refunded", "Charge for \(intentID) has already been refunded.")
        }
        let amount = requested ?? available
        guard amount >= 1 else { throw .invalid("amount", "Refund amount must be at least 1.", code: "parameter_invalid_integer") }
        guard amount <= available else {
            throw .invalid(
                "amount", "Refund amount (\(amount)) is greater than unrefunded amount on charge (\(available)).",
                code: "amount_too_large")
        }
        let status = refundInitialStatus
        let record = RefundRecord(
            id: newID("re_"), created: now(), amount: amount, currency: intent.currency, paymentIntent: intentID,
            reason: reason, description: description, metadata: metadata, status: status, failureReason: nil, source: source)
        if status == .succeeded { intent.amountRefunded += amount } else { intent.amountRefundPending += amount }
        intents[intentID] = intent
        refunds[record.id] = record
        refundOrder.append(record.id)
        emit("charge.refund.updated", object: record.json(style: style), objectID: record.id, request: request)
        return record
    }

    /// `GET /v1/refunds/{id}`.
    func retrieveRefund(_ id: String) throws(APIError) -> JSONValue {
        guard let refund = refunds[id] else { throw .notFound("refund", id, param: "refund") }
        return refund.json(style: style)
    }

    /// `GET /v1/refunds` (Stripe's list; WooshPay documents none), optionally by `payment_intent`.
    func listRefunds(_ p: ParamReader) throws(APIError) -> JSONValue {
        let intent = try p.string("payment_intent")
        return try page(
            ids: refundOrder, created: { refunds[$0]?.created }, params: p, url: "/v1/refunds",
            include: { intent == nil || refunds[$0]?.paymentIntent == intent },
            render: { refunds[$0]?.json(style: style) })
    }

    /// Moves a pending refund to its final status (`POST /_sandbox/refunds/{id}/outcome`).
    func settleRefund(_ id: String, to status: RefundRecord.Status) throws(APIError) -> JSONValue {
        guard var refund = refunds[id] else { throw .notFound("refund", id, param: "refund") }
        guard refund.status == .pending, status != .pending else {
            throw .unexpectedState(
                "refund_unexpected_state",
                "Refund \(id) is \(refund.status.rawValue); only a pending refund can become succeeded, failed or canceled.")
        }
        refund.status = status
        if status == .failed { refund.failureReason = "unknown" }
        refunds[id] = refund
        if var intent = intents[refund.paymentIntent] {
            intent.amountRefundPending -= refund.amount
            if status == .succeeded { intent.amountRefunded += refund.amount }
            intents[intent.id] = intent
        }
        emit("charge.refund.updated", object: refund.json(style: style), objectID: id, request: nil)
        return refund.json(style: style)
    }
}
