import OrderDomain

extension WooshPayGateway {
    /// `POST /v1/refunds`; amounts are sent as integers (the spec's "string" type is
    /// contradicted by every example and integration).
    public func createRefund(
        _ request: CreateRefundRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> RefundSnapshot
    {
        try await post(
            "refunds.create", "/v1/refunds", body: WireCreateRefund(request),
            idempotencyKey: idempotencyKey, as: WireRefund.self
        ).snapshot
    }

    /// `GET /v1/refunds/{id}`.
    public func retrieveRefund(id: String) async throws(GatewayError) -> RefundSnapshot {
        try await get(
            "refunds.retrieve", "/v1/refunds/" + URLEscaping.segment(id),
            as: WireRefund.self
        ).snapshot
    }
}
