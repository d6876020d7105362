/// The gateway calls of one payment attempt, shared by the start path (`PaymentStarter`)
/// and the sync path (`PaymentSynchronizer`): each call's failure is recorded on the
/// attempt and becomes the refusal its caller sees. Creating calls carry the attempt's
/// stored idempotency key.
public struct AttemptGatewayCalls: Sendable {
    let store: any PaymentAttemptStore
    let gateway: any PaymentGateway
    /// Our origin as browsers reach it; WooshPay's return URLs point at `<publicBaseURL>/v1/orders/{id}/return`.
    let publicBaseURL: String

    /// Creates the calls over `store` and `gateway`.
    public init(store: any PaymentAttemptStore, gateway: any PaymentGateway, publicBaseURL: String) {
        self.store = store
        self.gateway = gateway
        self.publicBaseURL = publicBaseURL
    }

    /// The same calls over another gateway (e.g. one with a shorter timeout).
    public func using(gateway: any PaymentGateway) -> AttemptGatewayCalls {
        AttemptGatewayCalls(store: store, gateway: gateway, publicBaseURL: publicBaseURL)
    }

    /// Where WooshPay sends the customer back: our return endpoint, never the storefront.
    func returnURL(orderID: String, attemptID: String, canceled: Bool = false) -> String {
        "\(publicBaseURL)/v1/orders/\(orderID)/return?attempt=\(attemptID)" + (canceled ? "&canceled=true" : "")
    }
    /// Sends the attempt's creating call with its stored idempotency key, then records
    /// what WooshPay answered. Re-sending after a lost answer sends identical parameters.
    func create(
        _ attempt: PaymentAttempt, order: Order, paymentMethod: GatewayPaymentMethodInput?, cause: SyncCause = .api
    )
        async throws -> (PaymentAttempt, String?)
    {
        let metadata = ["order_id": order.id, "attempt_id": attempt.id]
        switch attempt.mode {
        case .checkout:
            let request = CreateCheckoutSessionRequest(
                currency: order.currency.code,
                lineItems: order.lines.map { GatewayLineItem(name: $0.name, unitAmount: $0.unitAmount, quantity: $0.quantity) },
                successURL: returnURL(orderID: order.id, attemptID: attempt.id),
                cancelURL: returnURL(orderID: order.id, attemptID: attempt.id, canceled: true),
                // An erased customer's order keeps no address (CustomerErasure): send none.
                merchantReference: order.id, customerEmail: order.customerEmail.isEmpty ? nil : order.customerEmail,
                paymentMethodTypes: attempt.paymentMethodTypes, metadata: metadata)
            let session = try await call(attempt, cause: cause) { () async throws(GatewayError) in
                try await gateway.createCheckoutSession(request, idempotencyKey: attempt.idempotencyKey)
            }
            return (try await store.record(.checkoutSession(session), attemptID: attempt.id, cause: cause), nil)
        case .sdk, .direct:
            let direct = attempt.mode == .direct
            let request = CreatePaymentIntentRequest(
                amount: attempt.amount.amount, currency: order.currency.code, captureMethod: attempt.captureMethod.gateway,
                paymentMethodTypes: attempt.paymentMethodTypes, paymentMethod: direct ? paymentMethod : nil,
                confirm: direct, returnURL: direct ? returnURL(orderID: order.id, attemptID: attempt.id) : nil,
                merchantOrderID: order.id, description: "Order \(order.id)", metadata: metadata)
            let intent = try await call(attempt, cause: cause) { () async throws(GatewayError) in
                try await gateway.createPaymentIntent(request, idempotencyKey: attempt.idempotencyKey)
            }
            return (live(try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: cause), intent), intent.clientSecret)
        }
    }

    /// The recorded attempt with the intent's own next action: the stored one keeps no
    /// client secret (`GatewayNextAction.storable`), which the redirect page may need.
    func live(_ attempt: PaymentAttempt, _ intent: PaymentIntentSnapshot) -> PaymentAttempt {
        var attempt = attempt
        if attempt.status == .requiresAction { attempt.nextAction = intent.nextAction }
        return attempt
    }

    /// Confirms an existing direct-flow intent with the request's (new) payment method,
    /// under a fresh confirm key stored first.
    func confirm(
        _ attempt: PaymentAttempt, paymentMethod: GatewayPaymentMethodInput?, draft: AttemptDraft
    )
        async throws -> (PaymentAttempt, String?)
    {
        guard let intentID = attempt.paymentIntentID else { return (attempt, nil) }
        let key = try await store.beginConfirm(attemptID: attempt.id, draft: draft)
        let request = ConfirmPaymentIntentRequest(
            paymentMethod: paymentMethod,
            returnURL: returnURL(orderID: attempt.orderID, attemptID: attempt.id))
        let intent = try await call(attempt) { () async throws(GatewayError) in
            try await gateway.confirmPaymentIntent(id: intentID, request, idempotencyKey: key)
        }
        return (live(try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: .api), intent), intent.clientSecret)
    }

    /// Runs one gateway call for `attempt`; on failure records what is known and throws
    /// the refusal the storefront should see.
    func call<T: Sendable>(_ attempt: PaymentAttempt, cause: SyncCause = .api, _ body: () async throws(GatewayError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw try await failure(error, attempt: attempt, cause: cause)
        }
    }

    /// Records a gateway failure on the attempt and builds the error for the caller.
    func failure(_ error: GatewayError, attempt: PaymentAttempt, cause: SyncCause = .api) async throws -> GatewayCallFailure {
        let refusal: DomainError
        switch error {
        case .cardDeclined(let code, let declineCode, _, let intentID, _):
            // The declined intent exists at WooshPay; record it so a retry confirms it
            // with another method instead of creating a second intent.
            if let intentID, let intent = try? await gateway.retrievePaymentIntent(id: intentID) {
                _ = try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: cause)
            } else {
                _ = try await store.record(
                    .refused(code: declineCode ?? code ?? "card_declined", message: "declined"), attemptID: attempt.id, cause: cause)
            }
            _ = try await store.countDecline(orderID: attempt.orderID)
            // The issuer's reason (insufficient funds, wrong CVC, stolen card) would tell a
            // card tester which numbers are live: it stays in the attempt for the admin API.
            refusal = DomainError(
                code: .cardDeclined,
                message: "The payment was declined. Try another payment method.")
        case .invalidRequest(let code, _, let param, _):
            _ = try await store.record(.refused(code: code ?? "invalid_request", message: "refused by WooshPay"), attemptID: attempt.id, cause: cause)
            refusal =
                param?.hasPrefix("payment_method") == true
                ? DomainError(code: .invalidPaymentMethod, message: "WooshPay does not accept this payment method.", param: "payment_method")
                : DomainError(code: .paymentRejected, message: "WooshPay refused to start this payment.")
        case .rateLimited, .gatewayUnavailable, .notDelivered, .outcomeUnknown, .unexpectedResponse:
            _ = try await store.record(.outcomeUnknown(reason: error.summary), attemptID: attempt.id, cause: cause)
            refusal = DomainError(
                code: .gatewayUnavailable,
                message: "WooshPay did not answer in time. Send the same request again to continue this payment; it will not be charged twice.")
        case .authentication, .permission, .idempotencyConflict, .notFound:
            refusal = DomainError(
                code: .paymentsUnavailable,
                message: "Payments are temporarily unavailable. Quote the request id when reporting it.")
        }
        return GatewayCallFailure(error: refusal, gateway: error, attemptID: attempt.id)
    }
}
