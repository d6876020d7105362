import OrderDomain

extension WooshPayGateway {
    /// `POST /v1/payment_intents`, confirming in the same call when `request.confirm`.
    public func createPaymentIntent(
        _ request: CreatePaymentIntentRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    {
        try await post(
            "payment_intents.create", "/v1/payment_intents",
            body: WireCreatePaymentIntent(request), idempotencyKey: idempotencyKey,
            as: WirePaymentIntent.self
        ).snapshot
    }

    /// `GET /v1/payment_intents/{id}`.
    public func retrievePaymentIntent(id: String) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await get("payment_intents.retrieve", intentPath(id), as: WirePaymentIntent.self).snapshot
    }

    /// `POST /v1/payment_intents/{id}/confirm`.
    public func confirmPaymentIntent(
        id: String, _ request: ConfirmPaymentIntentRequest,
        idempotencyKey: String
    ) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await post(
            "payment_intents.confirm", intentPath(id, "confirm"),
            body: WireConfirmPaymentIntent(request), idempotencyKey: idempotencyKey,
            as: WirePaymentIntent.self
        ).snapshot
    }

    /// `POST /v1/payment_intents/{id}/capture` with `amount_to_capture` when partial.
    public func capturePaymentIntent(
        id: String, amount: Int64?, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    {
        try await post(
            "payment_intents.capture", intentPath(id, "capture"),
            body: WireCapturePaymentIntent(amountToCapture: amount),
            idempotencyKey: idempotencyKey, as: WirePaymentIntent.self
        ).snapshot
    }

    /// `POST /v1/payment_intents/{id}/cancel`. WooshPay's spec requires a reason, so a
    /// neutral one is sent when the caller has none.
    public func cancelPaymentIntent(
        id: String, reason: String?, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    {
        let body = WireCancelPaymentIntent(cancellationReason: reason ?? "requested_by_customer")
        return try await post(
            "payment_intents.cancel", intentPath(id, "cancel"), body: body,
            idempotencyKey: idempotencyKey, as: WirePaymentIntent.self
        ).snapshot
    }

    private func intentPath(_ id: String, _ action: String? = nil) -> String {
        let base = "/v1/payment_intents/" + URLEscaping.segment(id)
        return action.map { base + "/" + $0 } ?? base
    }
}
