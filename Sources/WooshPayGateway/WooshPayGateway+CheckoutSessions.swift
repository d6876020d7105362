import OrderDomain

extension WooshPayGateway {
    /// `POST /v1/checkout/sessions` in `payment` mode with inline `price_data` line items
    /// (prices come from our catalog, so no WooshPay price objects are needed).
    public func createCheckoutSession(
        _ request: CreateCheckoutSessionRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> CheckoutSessionSnapshot
    {
        try await post(
            "checkout_sessions.create", "/v1/checkout/sessions",
            body: WireCreateCheckoutSession(request), idempotencyKey: idempotencyKey,
            as: WireCheckoutSession.self
        ).snapshot
    }

    /// `GET /v1/checkout/sessions/{id}`.
    public func retrieveCheckoutSession(id: String) async throws(GatewayError) -> CheckoutSessionSnapshot {
        try await get(
            "checkout_sessions.retrieve", "/v1/checkout/sessions/" + URLEscaping.segment(id),
            as: WireCheckoutSession.self
        ).snapshot
    }

    /// `POST /v1/checkout/sessions/{id}/expire`.
    public func expireCheckoutSession(
        id: String, idempotencyKey: String
    )
        async throws(GatewayError) -> CheckoutSessionSnapshot
    {
        try await post(
            "checkout_sessions.expire",
            "/v1/checkout/sessions/" + URLEscaping.segment(id) + "/expire",
            body: WireEmptyBody(), idempotencyKey: idempotencyKey,
            as: WireCheckoutSession.self
        ).snapshot
    }
}
