extension SandboxState {
    /// `GET /v1/events/{id}`: the event exactly as delivered.
    func retrieveEvent(_ id: String) throws(APIError) -> JSONValue {
        guard let event = events[id] else { throw .notFound("event", id, param: "id") }
        return event.json
    }

    /// `GET /v1/events` (Stripe's list; WooshPay documents only retrieval), optionally by `type`.
    func listEvents(_ p: ParamReader) throws(APIError) -> JSONValue {
        let type = try p.string("type")
        return try page(
            ids: eventOrder, created: { events[$0]?.created }, params: p, url: "/v1/events",
            include: { type == nil || events[$0]?.type == type },
            render: { events[$0]?.json })
    }

    /// `GET /_sandbox/events`: every event with its delivery record, oldest first.
    func eventTruth() -> JSONValue {
        ["data": .array(eventOrder.compactMap { events[$0]?.truthJSON })]
    }

    /// `GET /_sandbox/payment_intents`.
    func intentTruth() -> JSONValue {
        ["data": .array(intentOrder.compactMap { intents[$0]?.truthJSON })]
    }

    /// `GET /_sandbox/refunds`.
    func refundTruth() -> JSONValue {
        ["data": .array(refundOrder.compactMap { refunds[$0]?.truthJSON })]
    }

    /// `GET /_sandbox/checkout_sessions`.
    func sessionTruth() -> JSONValue {
        [
            "data": .array(
                sessionOrder.compactMap { id in
                    sessions[id].map { s in
                        [
                            "id": .string(s.id), "status": .string(s.status.rawValue), "payment_status": .string(s.paymentStatus),
                            "amount_total": .int(s.amountTotal), "currency": .string(s.currency), "payment_intent": .string(s.paymentIntent),
                            "client_reference_id": .nullable(s.clientReferenceID),
                        ]
                    }
                })
        ]
    }
}
