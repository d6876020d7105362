extension SandboxState {
    /// `POST /v1/checkout/sessions` (mode `payment`): prices inline lines, creates the
    /// PaymentIntent up front and opens the session for 24 hours (or until `expires_at`).
    func createCheckoutSession(_ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        let mode = try p.requireString("mode")
        guard mode == "payment" else {
            throw .invalid("mode", "The sandbox supports only mode=payment (got \(mode)).")
        }
        let successURL = try p.requireString("success_url")
        let cancelURL = try p.requireString("cancel_url")
        let lines = try lineItems(p)
        let currency = lines[0].currency
        let total = lines.reduce(0) { $0 + $1.total }
        guard total >= 1 else { throw .invalid("line_items", "The total amount must be at least 1.", code: "amount_too_small") }
        _ = try Self.validAmount(total, param: "line_items")
        let created = now()
        var expiresAt = created + sessionLifetimeMilliseconds
        if let requested = try p.int("expires_at") {
            let ms = WireStyle.milliseconds(fromClientTimestamp: requested)
            // Stripe's 30-minute minimum is not enforced, so that tests can watch a session expire.
            guard ms > created, ms <= created + sessionLifetimeMilliseconds + 60_000 else {
                throw .invalid("expires_at", "expires_at must be in the future and at most 24 hours after creation.")
            }
            expiresAt = ms
        }
        let intentData = try p.nested("payment_intent_data")
        let types = try p.stringArray("payment_method_types").flatMap { $0.isEmpty ? nil : $0 } ?? ["card"]
        // WooshPay documents manual capture only as a PaymentIntent's own `capture_method`;
        // no page shows it for a session, so a client relying on it is told here.
        if intentData?.has("capture_method") == true {
            throw .invalid(
                "payment_intent_data[capture_method]",
                "Received unknown parameter: payment_intent_data[capture_method]. WooshPay documents "
                    + "capture_method only on a PaymentIntent.", code: "parameter_unknown")
        }
        let captureMethod = "automatic"
        let billing = try p.string("billing_address_collection")
        if let billing, billing != "auto", billing != "required" {
            throw .invalid("billing_address_collection", "billing_address_collection must be auto or required.")
        }
        let sessionID = newID("cs_test_")
        let intentID = newID("pi_")
        var intent = PaymentIntentRecord(
            id: intentID, clientSecret: "\(intentID)_secret_\(SandboxRandom.alphanumeric(24))", created: created,
            amount: total, currency: currency)
        intent.captureMethod = captureMethod
        intent.paymentMethodTypes = types
        intent.explicitPaymentMethodTypes = true
        intent.checkoutSession = sessionID
        intent.metadata = try intentData?.metadata() ?? JSONObject()
        intent.description = try intentData?.string("description")
        intent.merchantOrderID = try intentData?.string("merchant_order_id")
        intent.customer = try p.string("customer")
        intent.receiptEmail = try p.string("customer_email")
        intent.paymentMethodOptions = try p.rawObject("payment_method_options") ?? JSONObject()
        let session = CheckoutSessionRecord(
            id: sessionID, created: created, expiresAt: expiresAt, currency: currency, lineItems: lines,
            successURL: successURL, cancelURL: cancelURL, customer: intent.customer,
            customerEmail: try p.string("customer_email"), clientReferenceID: try p.string("client_reference_id"),
            metadata: try p.metadata(), paymentMethodTypes: types, paymentMethodOptions: intent.paymentMethodOptions,
            billingAddressCollection: billing, paymentIntent: intentID)
        intents[intentID] = intent
        intentOrder.append(intentID)
        sessions[sessionID] = session
        sessionOrder.append(sessionID)
        emitIntent("payment_intent.created", intentID, request: request)
        return sessionJSON(session)
    }

    /// Validates `line_items[]`: `quantity` plus inline `price_data` (the sandbox has no
    /// stored prices or products), all in one currency.
    private func lineItems(_ p: ParamReader) throws(APIError) -> [LineItemRecord] {
        guard let raw = try p.array("line_items"), !raw.isEmpty else { throw .missing("line_items") }
        var lines = [LineItemRecord]()
        for (i, value) in raw.enumerated() {
            let prefix = "line_items[\(i)]"
            guard let object = value.objectValue else { throw .invalid(prefix, "\(prefix) must be an object.") }
            let line = ParamReader(object, prefix: prefix)
            if let price = try line.string("price") { throw .missingReference("price", price, param: line.name("price")) }
            guard let priceData = try line.nested("price_data") else { throw .missing(line.name("price_data")) }
            let quantity = try line.requireInt("quantity")
            guard quantity >= 1 else { throw .invalid(line.name("quantity"), "Quantity must be at least 1.") }
            let unitAmount = try priceData.requireInt("unit_amount")
            guard unitAmount >= 0 else { throw .invalid(priceData.name("unit_amount"), "unit_amount must be 0 or more.") }
            let currency = try Self.validCurrency(priceData.requireString("currency"))
            if let first = lines.first, first.currency != currency {
                throw .invalid(priceData.name("currency"), "All line items must use the same currency.")
            }
            if let product = try priceData.string("product") {
                throw .missingReference("product", product, param: priceData.name("product"))
            }
            guard let productData = try priceData.nested("product_data") else { throw .missing(priceData.name("product_data")) }
            let (total, overflow) = unitAmount.multipliedReportingOverflow(by: quantity)
            guard !overflow, total <= 99_999_999 else { throw .invalid(prefix, "Line amount is too large.", code: "amount_too_large") }
            lines.append(
                LineItemRecord(
                    id: newID("li_"), priceID: newID("price_"), productID: newID("prod_"),
                    name: try productData.requireString("name"), productDescription: try productData.string("description"),
                    unitAmount: unitAmount, quantity: quantity, currency: currency))
        }
        return lines
    }
}
