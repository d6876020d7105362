/// How an attempt to pay ended (for now).
enum AttemptResult: Sendable, Equatable {
    /// Money taken (or authorised, for manual capture).
    case succeeded
    /// The customer must complete a 3-D Secure challenge or a redirect.
    case requiresAction
    /// Declined or not authorised; the intent is back in `requires_payment_method`.
    case failed(PaymentError)
}

extension SandboxState {
    /// Runs one payment attempt on an intent with `method`: the single path shared by API
    /// confirms, the hosted page and the outcome controls. The caller has checked that the
    /// intent is confirmable.
    func attempt(
        _ id: String, with method: StoredPaymentMethod, errorOnRequiresAction: Bool = false,
        request: RequestInfo?
    ) -> AttemptResult {
        guard var intent = intents[id] else { return .failed(Self.authFailure) }
        intent.paymentMethod = method.id
        intent.lastPaymentError = nil
        intent.pendingAction = nil
        let forced3DS = intent.paymentMethodOptions["card"]?["request_three_d_secure"]?.stringValue == "any"
        let needs3DS = method.type == "card" && (method.behaviour == .threeDSecure || forced3DS)
        let needsRedirect = method.behaviour == .redirect
        intents[id] = intent
        guard needs3DS || needsRedirect else { return finish(id, behaviour: method.behaviour, request: request) }
        if errorOnRequiresAction {
            return fail(
                id,
                PaymentError(
                    type: "card_error", code: "authentication_required",
                    declineCode: "authentication_required",
                    message: "This payment requires authentication, and error_on_requires_action was set."),
                request: request)
        }
        intent.status = .requiresAction
        intent.pendingAction = needs3DS ? .threeDSecure : .redirect(type: method.type)
        intents[id] = intent
        emitIntent("payment_intent.requires_action", id, request: request)
        return .requiresAction
    }

    /// Finishes the pending challenge or redirect: approval runs the method's own outcome
    /// (a 3-D Secure test card then succeeds; a declining card forced through 3-D Secure
    /// still declines), denial fails the attempt.
    func completePendingAction(_ id: String, approved: Bool, request: RequestInfo? = nil) -> AttemptResult? {
        guard let intent = intents[id], intent.status == .requiresAction, let pending = intent.pendingAction else {
            return nil
        }
        guard approved else {
            switch pending {
            case .threeDSecure: return fail(id, Self.authFailure, request: request)
            case .redirect:
                return fail(
                    id,
                    PaymentError(
                        type: "invalid_request_error", code: "payment_intent_payment_attempt_failed",
                        declineCode: nil, message: "The customer did not authorize the payment."),
                    request: request)
            }
        }
        let behaviour = intent.paymentMethod.flatMap { paymentMethods[$0]?.behaviour } ?? .succeed
        let after: PaymentBehaviour = (behaviour == .threeDSecure || behaviour == .redirect) ? .succeed : behaviour
        return finish(id, behaviour: after, request: request)
    }

    /// 3-D Secure failed or was denied.
    static let authFailure = PaymentError(
        type: "card_error", code: "payment_intent_authentication_failure", declineCode: nil,
        message: "The provided PaymentMethod has failed authentication.")

    private func finish(_ id: String, behaviour: PaymentBehaviour, request: RequestInfo?) -> AttemptResult {
        if case .decline(let code, let declineCode, let message) = behaviour {
            return fail(
                id, PaymentError(type: "card_error", code: code, declineCode: declineCode, message: message),
                request: request)
        }
        authorize(id, request: request)
        return .succeeded
    }

    /// Takes the money: `succeeded` (automatic capture) or `requires_capture` (manual), and
    /// completes the intent's checkout session.
    func authorize(_ id: String, request: RequestInfo?) {
        guard var intent = intents[id], intent.chargeCount == 0 else { return }
        intent.chargeCount += 1
        intent.pendingAction = nil
        intent.lastPaymentError = nil
        let manual = intent.captureMethod == "manual"
        if manual {
            intent.status = .requiresCapture
            intent.amountCapturable = intent.amount
        } else {
            intent.status = .succeeded
            intent.amountReceived = intent.amount
        }
        intents[id] = intent
        if let sessionID = intent.checkoutSession, var session = sessions[sessionID] {
            session.status = .complete
            // An authorisation is not money in the merchant's account yet.
            session.paymentStatus = manual ? "unpaid" : "paid"
            sessions[sessionID] = session
        }
        emitIntent(manual ? "payment_intent.amount_capturable_updated" : "payment_intent.succeeded", id, request: request)
    }

    /// Records a failed attempt: back to `requires_payment_method` with `last_payment_error`.
    func fail(_ id: String, _ error: PaymentError, request: RequestInfo?) -> AttemptResult {
        guard var intent = intents[id] else { return .failed(error) }
        intent.status = .requiresPaymentMethod
        intent.pendingAction = nil
        intent.lastPaymentError = error
        intents[id] = intent
        emitIntent("payment_intent.payment_failed", id, request: request)
        return .failed(error)
    }
}
