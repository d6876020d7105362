extension SandboxState {
    /// `POST /v1/payment_intents/{id}/capture`: full or partial (`amount_to_capture`)
    /// capture of an authorisation; the remainder is released.
    func capturePaymentIntent(_ id: String, _ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        var intent = try requireIntent(id)
        guard intent.status == .requiresCapture else {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "This PaymentIntent could not be captured because it has a status of \(intent.status.rawValue). "
                    + "Only a PaymentIntent with one of the following statuses may be captured: requires_capture.")
        }
        let amount = try p.int("amount_to_capture") ?? intent.amountCapturable
        guard amount >= 1 else {
            throw .invalid("amount_to_capture", "amount_to_capture must be a positive integer.", code: "parameter_invalid_integer")
        }
        guard amount <= intent.amountCapturable else {
            throw .invalid(
                "amount_to_capture",
                "The amount_to_capture (\(amount)) must be less than or equal to the amount_capturable (\(intent.amountCapturable)).",
                code: "amount_too_large")
        }
        intent.amountReceived = amount
        intent.amountCapturable = 0
        intent.status = .succeeded
        intents[id] = intent
        if let sessionID = intent.checkoutSession { sessions[sessionID]?.paymentStatus = "paid" }
        emitIntent("payment_intent.succeeded", id, request: request)
        return intentJSON(intent)
    }

    /// `POST /v1/payment_intents/{id}/cancel`. Refused for a Checkout Session's intent
    /// (WooshPay: expire the session instead) and for non-cancellable statuses.
    func cancelPaymentIntent(_ id: String, _ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        let intent = try requireIntent(id)
        if intent.checkoutSession != nil {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "You cannot cancel this PaymentIntent because it was created by a Checkout Session. "
                    + "Expire the Checkout Session instead.")
        }
        guard intent.status.isCancelable else {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "You cannot cancel this PaymentIntent because it has a status of \(intent.status.rawValue). "
                    + "Only a PaymentIntent with one of the following statuses may be canceled: "
                    + "requires_payment_method, requires_capture, requires_confirmation, requires_action.")
        }
        cancel(id, reason: try p.string("cancellation_reason"), request: request)
        return try intentJSON(requireIntent(id))
    }

    /// Cancels an intent (any cancellable status), releasing an authorisation.
    func cancel(_ id: String, reason: String?, request: RequestInfo?) {
        guard var intent = intents[id], intent.status != .canceled, intent.status != .succeeded else { return }
        intent.status = .canceled
        intent.cancellationReason = reason
        intent.amountCapturable = 0
        intent.pendingAction = nil
        intents[id] = intent
        emitIntent("payment_intent.canceled", id, request: request)
    }

    /// `POST /v1/payment_intents/{id}` (update): amount and currency only before a payment
    /// is attempted; descriptive fields any time before a terminal status.
    func updatePaymentIntent(_ id: String, _ p: ParamReader) throws(APIError) -> JSONValue {
        var intent = try requireIntent(id)
        guard intent.status != .canceled, intent.status != .succeeded else {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "You cannot update this PaymentIntent because it has a status of \(intent.status.rawValue).")
        }
        let editable = intent.status == .requiresPaymentMethod || intent.status == .requiresConfirmation
        if p.has("amount") || p.has("currency") {
            guard editable, intent.checkoutSession == nil else {
                throw .unexpectedState(
                    "payment_intent_unexpected_state",
                    "The amount of this PaymentIntent can no longer be changed.")
            }
            if let amount = try p.int("amount") { intent.amount = try Self.validAmount(amount, param: "amount") }
            if let currency = try p.string("currency") { intent.currency = try Self.validCurrency(currency) }
        }
        if let capture = try Self.validCaptureMethod(p.string("capture_method")) { intent.captureMethod = capture }
        if let method = try resolvePaymentMethod(p) {
            try admit(method, to: &intent)
            intent.paymentMethod = method.id
            if intent.status == .requiresPaymentMethod { intent.status = .requiresConfirmation }
        }
        // Stripe's metadata update: an empty value deletes the key.
        let emptied = (try p.nested("metadata"))?.object.entries.filter { $0.value == .string("") }.map(\.key) ?? []
        try applyCommonFields(p, to: &intent)
        for key in emptied { intent.metadata[key] = nil }
        intents[id] = intent
        return intentJSON(intent)
    }

    /// Amounts are positive integers in minor units, at most 8 digits (Stripe's limit).
    static func validAmount(_ amount: Int64, param: String) throws(APIError) -> Int64 {
        guard amount >= 1 else { throw .invalid(param, "Amount must be at least 1.", code: "amount_too_small") }
        guard amount <= 99_999_999 else {
            throw .invalid(param, "Amount must be no more than 99999999.", code: "amount_too_large")
        }
        return amount
    }

    /// A three-letter ISO code, stored upper-case.
    static func validCurrency(_ currency: String) throws(APIError) -> String {
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw .invalid("currency", "Invalid currency: \(currency).", code: "parameter_invalid")
        }
        return currency.uppercased()
    }

    /// `automatic` or `manual` (Stripe's `automatic_async` counts as automatic).
    static func validCaptureMethod(_ value: String?) throws(APIError) -> String? {
        guard let value else { return nil }
        switch value {
        case "automatic", "automatic_async": return "automatic"
        case "manual": return "manual"
        default: throw .invalid("capture_method", "Invalid capture_method: must be one of automatic or manual.")
        }
    }
}
