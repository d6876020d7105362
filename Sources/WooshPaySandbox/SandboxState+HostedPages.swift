import Foundation

/// What the hosted pages do after a form POST.
enum PageOutcome: Sendable {
    /// Send the browser here (303).
    case redirect(String)
    /// Show the page again with this message (a decline the customer may retry).
    case retry(String)
    /// Show a final message page (no redirect target, stale link, wrong secret).
    case message(title: String, text: String, status: Int)
}

/// The models the hosted pages render.
struct CheckoutPageModel: Sendable {
    /// The session shown.
    var session: CheckoutSessionRecord
    /// Its intent.
    var intent: PaymentIntentRecord
    /// For the forms' `?key=`.
    var publishableKey: String
}

extension SandboxState {
    /// The checkout page's data, or `nil` for an unknown session.
    func checkoutPage(_ id: String) -> CheckoutPageModel? {
        expireDueSessions()
        guard let session = sessions[id], let intent = intents[session.paymentIntent] else { return nil }
        return CheckoutPageModel(session: session, intent: intent, publishableKey: publishableKey)
    }

    /// The customer pays on the hosted page, with a card form or a wallet button.
    func payCheckout(_ id: String, methodData: JSONObject) -> PageOutcome {
        guard let page = checkoutPage(id) else { return .message(title: "Not found", text: "No such checkout session.", status: 404) }
        guard page.session.status == .open else {
            if page.session.status == .complete { return .redirect(successURL(page.session)) }
            return .message(title: "Session expired", text: "This checkout session has expired.", status: 410)
        }
        guard page.intent.status.isConfirmable else {
            return .message(title: "Payment in progress", text: "This payment is \(page.intent.status.rawValue).", status: 409)
        }
        var intent = page.intent
        let method: StoredPaymentMethod
        do throws(APIError) {
            method = try createPaymentMethod(ParamReader(methodData, prefix: "payment_method_data"))
            try admit(method, to: &intent)
        } catch {
            return .retry(error.message)
        }
        intents[intent.id] = intent
        switch attempt(intent.id, with: method, request: nil) {
        case .succeeded: return .redirect(successURL(page.session))
        case .requiresAction: return .redirect(actionURL(intents[intent.id] ?? intent))
        case .failed(let error): return .retry(error.message)
        }
    }

    /// The intent behind a challenge or redirect page, if the client secret matches.
    func actionPage(_ id: String, clientSecret: String) -> PaymentIntentRecord? {
        guard let intent = intents[id], intent.clientSecret == clientSecret else { return nil }
        return intent
    }

    /// The customer approves or denies the 3-D Secure challenge or wallet redirect.
    /// Checkout intents go back to `success_url` (or to the pay page on failure); direct
    /// intents go to their `return_url` with Stripe's query parameters.
    func completeAction(_ id: String, clientSecret: String, approved: Bool) -> PageOutcome {
        guard let intent = actionPage(id, clientSecret: clientSecret) else {
            return .message(title: "Not found", text: "Unknown payment or wrong client secret.", status: 404)
        }
        guard let result = completePendingAction(id, approved: approved) else {
            return .message(
                title: "Nothing to authorize",
                text: "This payment is \(intent.status.rawValue) and no longer awaits the customer.", status: 409)
        }
        let succeeded = result == .succeeded
        if let sessionID = intent.checkoutSession, let session = sessions[sessionID] {
            if succeeded { return .redirect(successURL(session)) }
            let message = FormEncoding.percentEncode(Self.message(of: result))
            return .redirect(session.url(baseURL: baseURL, publishableKey: publishableKey) + "&error=\(message)")
        }
        guard let returnURL = intent.returnURL else {
            return .message(
                title: succeeded ? "Payment authorized" : "Payment failed",
                text: succeeded ? "You may close this page." : Self.message(of: result), status: 200)
        }
        let query =
            "payment_intent=\(id)&payment_intent_client_secret=\(FormEncoding.percentEncode(intent.clientSecret))"
            + "&redirect_status=\(succeeded ? "succeeded" : "failed")"
        return .redirect(Self.appendQuery(query, to: returnURL))
    }

    /// The page the customer must visit for the intent's pending action.
    func actionURL(_ intent: PaymentIntentRecord) -> String {
        let path = intent.pendingAction == .threeDSecure ? "3ds" : "redirect"
        return "\(baseURL)/\(path)/\(intent.id)?client_secret=\(FormEncoding.percentEncode(intent.clientSecret))"
    }

    /// `success_url` with Stripe's `{CHECKOUT_SESSION_ID}` template filled in.
    func successURL(_ session: CheckoutSessionRecord) -> String {
        session.successURL.replacingOccurrences(of: "{CHECKOUT_SESSION_ID}", with: session.id)
    }

    private static func message(of result: AttemptResult) -> String {
        if case .failed(let error) = result { return error.message }
        return "The payment was not completed."
    }

    /// Adds a query string to a URL that may already have one (and a fragment).
    static func appendQuery(_ query: String, to url: String) -> String {
        let (base, fragment) = url.firstIndex(of: "#").map { (String(url[..<$0]), String(url[$0...])) } ?? (url, "")
        return base + (base.contains("?") ? "&" : "?") + query + fragment
    }
}
