/// The payment gateway as the order domain needs it (the *port*; WooshPay is one adapter).
///
/// Rules every implementation follows:
/// - Every mutating call takes the caller's `idempotencyKey`, which the caller persisted
///   before calling; a retry of the same logical operation must reuse it.
/// - Snapshots are normalised: currencies upper-case, timestamps in `GatewayTimestamp`,
///   statuses in domain enums (with `unknown` for anything new).
/// - Errors are `GatewayError`; `outcomeUnknown` means "retry with the same key", never
///   "failed".
public protocol PaymentGateway: Sendable {
    /// The public key the storefront's SDK widget needs alongside an intent's client secret.
    var publishableKey: String { get }

    /// Starts a hosted checkout; redirect the customer to the snapshot's `url`.
    func createCheckoutSession(
        _ request: CreateCheckoutSessionRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> CheckoutSessionSnapshot

    /// Fetches a checkout session's current state.
    func retrieveCheckoutSession(id: String) async throws(GatewayError) -> CheckoutSessionSnapshot

    /// Expires an open checkout session so it can no longer be paid (the way to abandon a
    /// session's payment intent, which cannot be canceled directly).
    func expireCheckoutSession(
        id: String, idempotencyKey: String
    )
        async throws(GatewayError) -> CheckoutSessionSnapshot

    /// Creates a payment intent, confirming it in the same call when `request.confirm`.
    func createPaymentIntent(
        _ request: CreatePaymentIntentRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot

    /// Fetches a payment intent's current state: the source of truth for a payment.
    func retrievePaymentIntent(id: String) async throws(GatewayError) -> PaymentIntentSnapshot

    /// Confirms a payment intent (attempts the payment).
    func confirmPaymentIntent(
        id: String, _ request: ConfirmPaymentIntentRequest,
        idempotencyKey: String
    ) async throws(GatewayError) -> PaymentIntentSnapshot

    /// Captures an authorised intent; `amount` below the authorised amount captures
    /// partially and releases the rest, `nil` captures everything.
    func capturePaymentIntent(
        id: String, amount: Int64?, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot

    /// Cancels an intent that has not succeeded (releasing any authorisation).
    func cancelPaymentIntent(
        id: String, reason: String?, idempotencyKey: String
    )
        async throws(GatewayError) -> PaymentIntentSnapshot

    /// Refunds (part of) a succeeded payment.
    func createRefund(
        _ request: CreateRefundRequest, idempotencyKey: String
    )
        async throws(GatewayError) -> RefundSnapshot

    /// Fetches a refund's current state.
    func retrieveRefund(id: String) async throws(GatewayError) -> RefundSnapshot

    /// Lists the intents created in a time window, following pages until the gateway has
    /// no more or `query.maxResults` is reached (reconciliation).
    func listPaymentIntents(_ query: PaymentIntentListQuery) async throws(GatewayError) -> PaymentIntentList

    /// Authenticates a webhook from its exact raw body and signature header, then decodes
    /// the event. `now` drives the freshness check.
    func verifyWebhook(
        rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp
    )
        throws(WebhookVerificationError) -> GatewayEvent

    /// Authenticates a webhook as `verifyWebhook` does, but decodes only its envelope (id,
    /// type, the object's kind and id): what the webhook route stores.
    func verifyWebhookEnvelope(
        rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp
    )
        throws(WebhookVerificationError) -> WebhookEnvelope
}

extension PaymentGateway {
    /// The envelope of the fully decoded event: right for any gateway, and what an adapter
    /// with a cheaper envelope decoder must agree with.
    public func verifyWebhookEnvelope(
        rawBody: [UInt8], signatureHeader: String?, now: GatewayTimestamp
    )
        throws(WebhookVerificationError) -> WebhookEnvelope
    {
        WebhookEnvelope(try verifyWebhook(rawBody: rawBody, signatureHeader: signatureHeader, now: now))
    }
}
