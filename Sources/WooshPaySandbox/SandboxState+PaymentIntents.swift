import CryptoPrimitives

extension SandboxState {
    /// `POST /v1/payment_intents`.
    func createPaymentIntent(_ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        let amount = try Self.validAmount(p.requireInt("amount"), param: "amount")
        let currency = try Self.validCurrency(p.requireString("currency"))
        let captureMethod = try Self.validCaptureMethod(p.string("capture_method")) ?? "automatic"
        let confirm = try p.bool("confirm") ?? false
        let types = try p.stringArray("payment_method_types")
        let method = try resolvePaymentMethod(p)
        if confirm && method == nil { throw .missing("payment_method") }
        if confirm, let method {
            try requireDocumentedInput(method, options: p.rawObject("payment_method_options") ?? JSONObject())
        }
        let created = now()
        let id = newID("pi_")
        var intent = PaymentIntentRecord(
            id: id, clientSecret: "\(id)_secret_\(SandboxRandom.alphanumeric(24))", created: created,
            amount: amount, currency: currency)
        intent.captureMethod = captureMethod
        if let types, !types.isEmpty {
            intent.paymentMethodTypes = types
            intent.explicitPaymentMethodTypes = true
        } else if let method {
            intent.paymentMethodTypes = [method.type]
        }
        try applyCommonFields(p, to: &intent)
        if let method {
            try admit(method, to: &intent)
            intent.paymentMethod = method.id
            intent.status = .requiresConfirmation
        }
        intents[id] = intent
        intentOrder.append(id)
        emitIntent("payment_intent.created", id, request: request)
        guard confirm, let method else { return intentJSON(intent) }
        return try runConfirm(
            id, method: method, errorOnRequiresAction: p.bool("error_on_requires_action") ?? false,
            request: request)
    }

    /// `POST /v1/payment_intents/{id}/confirm`. A browser's call (publishable key) must
    /// carry the intent's `client_secret`; otherwise it is the same confirm.
    func confirmPaymentIntent(_ id: String, _ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        var intent = try requireIntent(id)
        if request.caller == .publishableKey { try Self.checkClientSecret(p, of: intent) }
        guard intent.status.isConfirmable else {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "You cannot confirm this PaymentIntent because it has a status of \(intent.status.rawValue).")
        }
        if let sessionID = intent.checkoutSession, sessions[sessionID]?.status != .open {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "This PaymentIntent's Checkout Session is no longer open.")
        }
        if let returnURL = try p.string("return_url") { intent.returnURL = returnURL }
        if let options = try p.rawObject("payment_method_options") { intent.paymentMethodOptions = options }
        if let capture = try Self.validCaptureMethod(p.string("capture_method")) { intent.captureMethod = capture }
        let method: StoredPaymentMethod
        if let given = try resolvePaymentMethod(p) {
            method = given
        } else if let attached = intent.paymentMethod.flatMap({ paymentMethods[$0] }) {
            method = attached
        } else {
            throw .unexpectedState(
                "payment_intent_unexpected_state",
                "You cannot confirm this PaymentIntent because it's missing a payment method.")
        }
        try admit(method, to: &intent)
        try requireDocumentedInput(method, options: intent.paymentMethodOptions)
        intents[id] = intent
        return try runConfirm(
            id, method: method, errorOnRequiresAction: p.bool("error_on_requires_action") ?? false,
            request: request)
    }

    /// Runs the attempt and turns a failure into the 402 `card_error` WooshPay answers
    /// (the intent's new state is already recorded, as a real decline is).
    private func runConfirm(
        _ id: String, method: StoredPaymentMethod, errorOnRequiresAction: Bool,
        request: RequestInfo
    ) throws(APIError) -> JSONValue {
        let result = attempt(id, with: method, errorOnRequiresAction: errorOnRequiresAction, request: request)
        let json = try intentJSON(requireIntent(id))
        if case .failed(let error) = result {
            throw APIError(
                status: 402, type: error.type, code: error.code, declineCode: error.declineCode,
                message: error.message, param: nil, paymentIntent: json)
        }
        return json
    }

    /// Refuses a browser's confirm without the intent's client secret (400, as Stripe answers).
    private static func checkClientSecret(_ p: ParamReader, of intent: PaymentIntentRecord) throws(APIError) {
        let given = try p.requireString("client_secret")
        guard Crypto.constantTimeEquals(Array(given.utf8), Array(intent.clientSecret.utf8)) else {
            throw .invalid(
                "client_secret",
                "The client_secret provided does not match the client_secret associated "
                    + "with the PaymentIntent.", code: "payment_intent_invalid_parameter")
        }
    }

    /// Fields create and update share.
    func applyCommonFields(_ p: ParamReader, to intent: inout PaymentIntentRecord) throws(APIError) {
        if let v = try p.string("return_url") { intent.returnURL = v }
        if let v = try p.string("merchant_order_id") { intent.merchantOrderID = v }
        if let v = try p.string("merchant_user_id") { intent.merchantUserID = v }
        if let v = try p.string("customer") { intent.customer = v }
        if let v = try p.string("description") { intent.description = v }
        if let v = try p.string("receipt_email") { intent.receiptEmail = v }
        if let v = try p.string("setup_future_usage") { intent.setupFutureUsage = v }
        if let v = try p.rawObject("payment_method_options") { intent.paymentMethodOptions = v }
        if p.has("metadata") {
            for (key, value) in try p.metadata().entries { intent.metadata[key] = value }
        }
    }
}
