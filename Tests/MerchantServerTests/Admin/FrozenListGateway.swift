import OrderDomain

/// The real gateway, except that listing answers a list taken earlier: what a slow
/// reconciliation sees when payments move while it runs.
struct FrozenListGateway: PaymentGateway {
    let base: any PaymentGateway
    let frozen: PaymentIntentList

    var publishableKey: String { base.publishableKey }

    func listPaymentIntents(_ query: PaymentIntentListQuery) async throws(GatewayError) -> PaymentIntentList { frozen }

    func createCheckoutSession(_ request: CreateCheckoutSessionRequest, idempotencyKey: String) async throws(GatewayError) -> CheckoutSessionSnapshot {
        try await base.createCheckoutSession(request, idempotencyKey: idempotencyKey)
    }
    func retrieveCheckoutSession(id: String) async throws(GatewayError) -> CheckoutSessionSnapshot {
        try await base.retrieveCheckoutSession(id: id)
    }
    func expireCheckoutSession(id: String, idempotencyKey: String) async throws(GatewayError) -> CheckoutSessionSnapshot {
        try await base.expireCheckoutSession(id: id, idempotencyKey: idempotencyKey)
    }
    func createPaymentIntent(_ request: CreatePaymentIntentRequest, idempotencyKey: String) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await base.createPaymentIntent(request, idempotencyKey: idempotencyKey)
    }
    func retrievePaymentIntent(id: String) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await base.retrievePaymentIntent(id: id)
    }
    func confirmPaymentIntent(id: String, _ request: ConfirmPaymentIntentRequest, idempotencyKey: String) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await base.confirmPaymentIntent(id: id, request, idempotencyKey: idempotencyKey)
    }
    func capturePaymentIntent(id: String, amount: Int64?, idempotencyKey: String) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await base.capturePaymentIntent(id: id, amount: amount, idempotencyKey: idempotencyKey)
    }
    func cancelPaymentIntent(id: String, reason: String?, idempotencyKey: String) async throws(GatewayError) -> PaymentIntentSnapshot {
        try await base.cancelPaymentIntent(id: id, reason: reason, idempotencyKey: idempotencyKey)
    }
    func createRefund(_ request: CreateRefundRequest, idempotencyKey: String) async throws(GatewayError) -> RefundSnapshot {
        try await base.createRefund(request, idempotencyKey: idempotencyKey)
    }
    func retrieveRefund(id: String) async throws(GatewayError) -> RefundSnapshot { try await base.retrieveRefund(id: id) }
    func verifyWebhook(rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp) throws(WebhookVerificationError) -> GatewayEvent {
        try base.verifyWebhook(rawBody: rawBody, signatureHeader: signatureHeader, now: now)
    }
}
