import OrderDomain
import Testing

/// A `PaymentGateway` made of one closure per endpoint. Every endpoint the test does not
/// set records an issue (failing the test) and throws: a code path that calls WooshPay
/// where the test says it must not is caught, not answered with a guess. `forwarding(to:)`
/// starts from a real gateway instead, for a test that replaces one endpoint.
public struct StubPaymentGateway: PaymentGateway {
    public var publishableKey = "pk_test_stub"
    public var createCheckoutSession: @Sendable (CreateCheckoutSessionRequest, String) async throws(GatewayError) -> CheckoutSessionSnapshot = {
        _, _ throws(GatewayError) in throw unset("createCheckoutSession")
    }
    public var retrieveCheckoutSession: @Sendable (String) async throws(GatewayError) -> CheckoutSessionSnapshot = { _ throws(GatewayError) in
        throw unset("retrieveCheckoutSession")
    }
    public var expireCheckoutSession: @Sendable (String, String) async throws(GatewayError) -> CheckoutSessionSnapshot = {
        _, _ throws(GatewayError) in throw unset("expireCheckoutSession")
    }
    public var createPaymentIntent: @Sendable (CreatePaymentIntentRequest, String) async throws(GatewayError) -> PaymentIntentSnapshot = {
        _, _ throws(GatewayError) in throw unset("createPaymentIntent")
    }
    public var retrievePaymentIntent: @Sendable (String) async throws(GatewayError) -> PaymentIntentSnapshot = { _ throws(GatewayError) in
        throw unset("retrievePaymentIntent")
    }
    public var confirmPaymentIntent: @Sendable (String, ConfirmPaymentIntentRequest, String) async throws(GatewayError) -> PaymentIntentSnapshot = {
        _, _, _ throws(GatewayError) in throw unset("confirmPaymentIntent")
    }
    public var capturePaymentIntent: @Sendable (String, Int64?, String) async throws(GatewayError) -> PaymentIntentSnapshot = {
        _, _, _ throws(GatewayError) in throw unset("capturePaymentIntent")
    }
    public var cancelPaymentIntent: @Sendable (String, String?, String) async throws(GatewayError) -> PaymentIntentSnapshot = {
        _, _, _ throws(GatewayError) in throw unset("cancelPaymentIntent")
    }
    public var createRefund: @Sendable (CreateRefundRequest, String) async throws(GatewayError) -> RefundSnapshot = { _, _ throws(GatewayError) in
        throw unset("createRefund")
    }
    public var retrieveRefund: @Sendable (String) async throws(GatewayError) -> RefundSnapshot = { _ throws(GatewayError) in
        throw unset("retrieveRefund")
    }
    public var listPaymentIntents: @Sendable (PaymentIntentListQuery) async throws(GatewayError) -> PaymentIntentList = { _ throws(GatewayError) in
        throw unset("listPaymentIntents")
    }
    public var verifyWebhook: @Sendable ([UInt8], String?, GatewayTimestamp) throws(WebhookVerificationError) -> GatewayEvent = {
        _, _, _ throws(WebhookVerificationError) in
        Issue.record("StubPaymentGateway.verifyWebhook called but not set by the test")
        throw .malformedPayload
    }

    /// A stub whose every endpoint fails the test until the test sets it.
    public init() {}

    /// A stub forwarding every endpoint to `base`; the test replaces the ones it is about.
    public static func forwarding(to base: any PaymentGateway) -> StubPaymentGateway {
        var stub = StubPaymentGateway()
        stub.publishableKey = base.publishableKey
        stub.createCheckoutSession = { r, k throws(GatewayError) in try await base.createCheckoutSession(r, idempotencyKey: k) }
        stub.retrieveCheckoutSession = { id throws(GatewayError) in try await base.retrieveCheckoutSession(id: id) }
        stub.expireCheckoutSession = { id, k throws(GatewayError) in try await base.expireCheckoutSession(id: id, idempotencyKey: k) }
        stub.createPaymentIntent = { r, k throws(GatewayError) in try await base.createPaymentIntent(r, idempotencyKey: k) }
        stub.retrievePaymentIntent = { id throws(GatewayError) in try await base.retrievePaymentIntent(id: id) }
        stub.confirmPaymentIntent = { id, r, k throws(GatewayError) in try await base.confirmPaymentIntent(id: id, r, idempotencyKey: k) }
        stub.capturePaymentIntent = { id, a, k throws(GatewayError) in try await base.capturePaymentIntent(id: id, amount: a, idempotencyKey: k) }
        stub.cancelPaymentIntent = { id, r, k throws(GatewayError) in try await base.cancelPaymentIntent(id: id, reason: r, idempotencyKey: k) }
        stub.createRefund = { r, k throws(GatewayError) in try await base.createRefund(r, idempotencyKey: k) }
        stub.retrieveRefund = { id throws(GatewayError) in try await base.retrieveRefund(id: id) }
        stub.listPaymentIntents = { q throws(GatewayError) in try await base.listPaymentIntents(q) }
        stub.verifyWebhook = { b, h, n throws(WebhookVerificationError) in try base.verifyWebhook(rawBody: b, signatureHeader: h, now: n) }
        return stub
    }

    public func createCheckoutSession(
        _ request: CreateCheckoutSessionRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> CheckoutSessionSnapshot
    { try await createCheckoutSession(request, idempotencyKey) }
    public func retrieveCheckoutSession(id: String) async throws(GatewayError) -> CheckoutSessionSnapshot {
        try await retrieveCheckoutSession(id)
    }
    public func expireCheckoutSession(id: String, idempotencyKey: String) async throws(GatewayError) -> CheckoutSessionSnapshot {
        try await expireCheckoutSession(id, idempotencyKey)
    }
    public func createPaymentIntent(
        _ request: CreatePaymentIntentRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    { try await createPaymentIntent(request, idempotencyKey) }
    public func retrievePaymentIntent(id: String) async throws(GatewayError) -> PaymentIntentSnapshot { try await retrievePaymentIntent(id) }
    public func confirmPaymentIntent(
        id: String, _ request: ConfirmPaymentIntentRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    { try await confirmPaymentIntent(id, request, idempotencyKey) }
    public func capturePaymentIntent(
        id: String, amount: Int64?, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    { try await capturePaymentIntent(id, amount, idempotencyKey) }
    public func cancelPaymentIntent(
        id: String, reason: String?, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot
    { try await cancelPaymentIntent(id, reason, idempotencyKey) }
    public func createRefund(_ request: CreateRefundRequest, idempotencyKey: String) async throws(GatewayError) -> RefundSnapshot {
        try await createRefund(request, idempotencyKey)
    }
    public func retrieveRefund(id: String) async throws(GatewayError) -> RefundSnapshot { try await retrieveRefund(id) }
    public func listPaymentIntents(_ query: PaymentIntentListQuery) async throws(GatewayError) -> PaymentIntentList {
        try await listPaymentIntents(query)
    }
    public func verifyWebhook(
        rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp
    )
        throws(WebhookVerificationError) -> GatewayEvent
    { try verifyWebhook(rawBody, signatureHeader, now) }
}

/// Records the unexpected call and returns the error the stub throws for it.
private func unset(_ endpoint: String) -> GatewayError {
    Issue.record("StubPaymentGateway.\(endpoint) called but not set by the test")
    return .notDelivered(reason: "stub: \(endpoint) not set")
}
