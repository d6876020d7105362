/// Starts (or continues) paying an order in one of the three flows.
///
/// The attempt and its idempotency key are stored before WooshPay is called, and no
/// gateway call runs inside a database transaction. An open attempt of the same mode is
/// continued rather than duplicated: its object is re-read at WooshPay (the source of
/// truth) and, when WooshPay never answered, the creating call is re-sent with the same key.
public struct PaymentStarter: Sendable {
    let calls: AttemptGatewayCalls
    let settings: PaymentSettings
    let now: @Sendable () -> Int64
    var store: any PaymentAttemptStore { calls.store }
    var gateway: any PaymentGateway { calls.gateway }

    /// Creates the use case over the attempt's gateway calls.
    public init(calls: AttemptGatewayCalls, settings: PaymentSettings, now: @escaping @Sendable () -> Int64) {
        self.calls = calls
        self.settings = settings
        self.now = now
    }

    /// Starts or continues a payment for the order whose browser presents `clientToken`.
    /// Throws `DomainError` for refusals and `GatewayCallFailure` when WooshPay failed.
    public func start(orderID: String, clientToken: String, request: StartPaymentRequest) async throws -> PaymentStartResult {
        // From here on the request is the checked one: its method's details as they are sent.
        let checked = try request.checked(settings: settings)
        let request = checked.request
        var draft = checked.draft
        draft.maxPaymentFailures = settings.maxPaymentFailuresPerOrder
        // Twice at most: an attempt found closed at WooshPay (expired session, canceled
        // intent) is recorded, and the second round creates a fresh one.
        for _ in 0..<2 {
            let opening = try await store.openAttempt(orderID: orderID, clientToken: clientToken, draft: draft)
            let attempt = opening.attempt
            guard attempt.hasGatewayObject else {
                if attempt.usesRawCard, !opening.created {
                    // The card was never stored, so the lost call cannot be re-sent from here.
                    throw DomainError(
                        code: .paymentInProgress,
                        message: "The previous payment's outcome is being checked with WooshPay; try again shortly.")
                }
                let method = opening.created ? request.paymentMethod : try attempt.resentPaymentMethod(request.paymentMethod)
                let (created, secret) = try await calls.create(attempt, order: opening.order, paymentMethod: method)
                return PaymentStartResult(
                    attempt: created, created: opening.created, clientSecret: secret,
                    publishableKey: gateway.publishableKey)
            }
            if let result = try await resume(attempt, request: request, draft: draft) { return result }
        }
        throw DomainError(code: .paymentInProgress, message: "This order's payment changed meanwhile; try again.")
    }

    /// Continues an attempt WooshPay knows; `nil` when it turned out closed.
    func resume(_ attempt: PaymentAttempt, request: StartPaymentRequest, draft: AttemptDraft) async throws -> PaymentStartResult? {
        var current = attempt
        var secret: String?
        if attempt.mode == .checkout, let sessionID = attempt.checkoutSessionID {
            let session = try await calls.call(attempt) { () async throws(GatewayError) in try await gateway.retrieveCheckoutSession(id: sessionID) }
            current = try await store.record(.checkoutSession(session), attemptID: attempt.id, cause: .api)
            if session.status == .complete, let intentID = current.paymentIntentID {
                // The customer finished on the hosted page: the intent says whether money moved.
                let intent = try await calls.call(attempt) { () async throws(GatewayError) in try await gateway.retrievePaymentIntent(id: intentID) }
                current = try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: .api)
            }
        } else if let intentID = attempt.paymentIntentID {
            let intent = try await calls.call(attempt) { () async throws(GatewayError) in try await gateway.retrievePaymentIntent(id: intentID) }
            current = calls.live(try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: .api), intent)
            secret = intent.clientSecret
            if attempt.mode == .direct, [.requiresPaymentMethod, .requiresConfirmation].contains(current.status) {
                (current, secret) = try await calls.confirm(current, paymentMethod: request.paymentMethod, draft: draft)
            }
        }
        guard current.status.isOpen || current.status == .succeeded else { return nil }
        return PaymentStartResult(attempt: current, created: false, clientSecret: secret, publishableKey: gateway.publishableKey)
    }
}

/// What a started payment hands back to the storefront.
public struct PaymentStartResult: Sendable {
    /// The attempt as stored after the gateway call.
    public var attempt: PaymentAttempt
    /// Whether this call created the attempt (`false`: an open one was continued).
    public var created: Bool
    /// The intent's client secret for the SDK widget (never stored or logged).
    public var clientSecret: String?
    /// The publishable key the SDK widget needs.
    public var publishableKey: String
}

/// WooshPay failed during an attempt's call (a start, a confirm, a sync's read): `error`
/// is what the caller sees, `gateway` is for the logs.
public struct GatewayCallFailure: Error, Sendable {
    /// The refusal to render.
    public var error: DomainError
    /// WooshPay's error.
    public var gateway: GatewayError
    /// The attempt concerned.
    public var attemptID: String
}

extension PaymentAttempt {
    /// The payment method to re-send for a lost creating call from what is stored: never a
    /// raw card, and not a method whose details were withheld (`nil` for both).
    var storedPaymentMethod: GatewayPaymentMethodInput? {
        guard mode == .direct, let method = paymentMethod, !usesRawCard, !detailsWithheld else { return nil }
        return method.hasPrefix("pm_") ? .existing(id: method) : .redirectMethod(type: method, details: PaymentMethodDetails())
    }

    /// The method to re-send when a retry finds the creating call lost: a withheld method
    /// comes again with the retry (same key, so WooshPay answers a same-body repeat with the
    /// first outcome and refuses a different one); the rest from what is stored.
    func resentPaymentMethod(_ retried: GatewayPaymentMethodInput?) throws(DomainError) -> GatewayPaymentMethodInput? {
        guard mode == .direct, detailsWithheld else { return storedPaymentMethod }
        guard case .redirectMethod(let type, _)? = retried, type == paymentMethod else {
            throw DomainError(
                code: .paymentInProgress,
                message: "The previous payment's outcome is being checked with WooshPay; try again shortly.")
        }
        return retried
    }
}
