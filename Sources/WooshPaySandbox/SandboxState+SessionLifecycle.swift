extension SandboxState {
    /// The session with this id (expiring it first if its time has passed), or 404.
    /// Only this session is checked (the ticker sweeps the others): a sweep per read walked
    /// every session the sandbox ever made.
    func requireSession(_ id: String) throws(APIError) -> CheckoutSessionRecord {
        guard let session = sessions[id] else { throw .notFound("checkout.session", id, param: "session") }
        if isDue(session, now: now()) { expire(id, request: nil) }
        return sessions[id] ?? session
    }

    /// `GET /v1/checkout/sessions/{id}`.
    func retrieveCheckoutSession(_ id: String) throws(APIError) -> JSONValue {
        try sessionJSON(requireSession(id))
    }

    /// `GET /v1/checkout/sessions/{id}/line_items`.
    func checkoutSessionLineItems(_ id: String) throws(APIError) -> JSONValue {
        try requireSession(id).lineItemsJSON(style: style)
    }

    /// `GET /v1/checkout/sessions/list` (and Stripe's `GET /v1/checkout/sessions`), with
    /// Stripe's extra `payment_intent` and `status` filters.
    func listCheckoutSessions(_ p: ParamReader, url: String) throws(APIError) -> JSONValue {
        expireDueSessions()
        let intent = try p.string("payment_intent")
        let status = try p.string("status")
        return try page(
            ids: sessionOrder, created: { sessions[$0]?.created }, params: p, url: url,
            include: { id in
                guard let s = sessions[id] else { return false }
                return (intent == nil || s.paymentIntent == intent) && (status == nil || s.status.rawValue == status)
            },
            render: { id in sessions[id].map { sessionJSON($0) } })
    }

    /// `POST /v1/checkout/sessions/{id}/expire`: only open sessions; cancels the intent.
    func expireCheckoutSession(_ id: String, request: RequestInfo) throws(APIError) -> JSONValue {
        let session = try requireSession(id)
        guard session.status == .open else {
            throw .unexpectedState(
                "checkout_session_unexpected_state",
                "Only Checkout Sessions with a status of open can be expired; this one is \(session.status.rawValue).")
        }
        if intents[session.paymentIntent]?.status == .processing {
            throw .unexpectedState(
                "checkout_session_unexpected_state",
                "This Checkout Session has a payment in progress and cannot be expired now.")
        }
        expire(id, request: request)
        return try sessionJSON(requireSession(id))
    }

    /// Expires a session: its intent is canceled (`payment_intent.canceled`), then
    /// `checkout.session.expired` is emitted.
    func expire(_ id: String, request: RequestInfo?) {
        guard var session = sessions[id], session.status == .open else { return }
        cancel(session.paymentIntent, reason: "abandoned", request: request)
        session.status = .expired
        sessions[id] = session
        emit("checkout.session.expired", object: sessionJSON(session), objectID: id, request: request)
    }

    /// Expires every open session whose `expires_at` has passed (run by the ticker and
    /// before sessions are listed). Sessions with a payment in progress wait for it.
    func expireDueSessions() {
        let now = now()
        for id in sessionOrder where sessions[id].map({ isDue($0, now: now) }) == true {
            expire(id, request: nil)
        }
    }

    /// Whether `session` is open past its `expires_at` with no payment in progress.
    private func isDue(_ session: CheckoutSessionRecord, now: Int64) -> Bool {
        session.status == .open && session.expiresAt <= now && intents[session.paymentIntent]?.status != .processing
    }
}
