extension SandboxState {
    /// Opens a dispute on a succeeded intent (`POST /_sandbox/payment_intents/{id}/dispute`,
    /// `{"amount"?, "reason"?}`): the customer's bank takes the money back, evidence is due
    /// in 7 days. Emits `charge.dispute.created` and `charge.dispute.funds_withdrawn`.
    func openDispute(_ intentID: String, amount requested: Int64?, reason: String?) throws(APIError) -> JSONValue {
        let intent = try requireIntent(intentID)
        guard intent.status == .succeeded, intent.amountReceived > 0 else {
            throw .unexpectedState("payment_intent_unexpected_state", "Only a succeeded payment can be disputed.")
        }
        let amount = requested ?? intent.amountReceived
        guard amount >= 1, amount <= intent.amountReceived else {
            throw .invalid("amount", "amount must be between 1 and the captured \(intent.amountReceived).")
        }
        let created = now()
        let dispute = DisputeRecord(
            id: newID("dp_"), created: created, paymentIntent: intentID, amount: amount, currency: intent.currency,
            reason: reason ?? "general", status: .needsResponse, dueBy: created + 7 * 86_400_000)
        disputes[dispute.id] = dispute
        disputeOrder.append(dispute.id)
        emitDispute("charge.dispute.created", dispute.id, request: nil)
        emitDispute("charge.dispute.funds_withdrawn", dispute.id, request: nil)
        return dispute.json(style: style)
    }

    /// Decides an open dispute (`POST /_sandbox/disputes/{id}/outcome`): `won` reinstates
    /// the funds, `lost` keeps them with the customer.
    func decideDispute(_ id: String, won: Bool) throws(APIError) -> JSONValue {
        var dispute = try requireDispute(id)
        guard dispute.status == .needsResponse || dispute.status == .underReview else {
            throw .unexpectedState("dispute_already_closed", "This dispute is already \(dispute.status.rawValue).")
        }
        dispute.status = won ? .won : .lost
        disputes[id] = dispute
        emitDispute("charge.dispute.closed", id, request: nil)
        if won { emitDispute("charge.dispute.funds_reinstated", id, request: nil) }
        return dispute.json(style: style)
    }

    /// `GET /v1/disputes/{id}`.
    func retrieveDispute(_ id: String) throws(APIError) -> JSONValue {
        try requireDispute(id).json(style: style)
    }

    /// `POST /v1/disputes/{id}`: `evidence` (only WooshPay's 27 keys, text up to 150,000
    /// characters in all; file keys must name an uploaded `file_...`), `submit` (default
    /// true: the dispute goes under review), `metadata`.
    func updateDispute(_ id: String, _ p: ParamReader, request: RequestInfo) throws(APIError) -> JSONValue {
        var dispute = try requireDispute(id)
        guard dispute.status == .needsResponse || dispute.status == .underReview else {
            throw .unexpectedState("dispute_already_closed", "This dispute is \(dispute.status.rawValue); it takes no more evidence.")
        }
        var total = 0
        for (key, value) in try p.rawObject("evidence")?.entries ?? [] {
            let param = "evidence[\(key)]"
            guard DisputeRecord.evidenceKeys.contains(key) else {
                throw .invalid(param, "Received unknown parameter: \(param).", code: "parameter_unknown")
            }
            guard let text = value.stringValue else { throw .invalid(param, "\(param) must be a string.") }
            if Self.fileEvidenceKeys.contains(key), !text.isEmpty, files[text] == nil {
                throw .missingReference("file", text, param: param)
            }
            total += text.count
            dispute.evidence[key] = .string(text)
        }
        guard total <= 150_000 else { throw .invalid("evidence", "Evidence text may be at most 150,000 characters in all.") }
        if try p.bool("submit") ?? true {
            dispute.submissionCount += 1
            dispute.status = .underReview
        }
        disputes[id] = dispute
        emitDispute("charge.dispute.updated", id, request: request)
        return dispute.json(style: style)
    }

    /// `POST /v1/disputes/{id}/close`: the merchant accepts the loss.
    func closeDispute(_ id: String, request: RequestInfo) throws(APIError) -> JSONValue {
        var dispute = try requireDispute(id)
        if dispute.status == .lost { return dispute.json(style: style) }
        guard dispute.status != .won else {
            throw .unexpectedState("dispute_already_closed", "This dispute was won; there is nothing to accept.")
        }
        dispute.status = .lost
        disputes[id] = dispute
        emitDispute("charge.dispute.closed", id, request: request)
        return dispute.json(style: style)
    }

    /// `GET /v1/disputes/list` (filters in the JSON body: `payment_intent`, `created`, cursors).
    func listDisputes(_ p: ParamReader) throws(APIError) -> JSONValue {
        let intent = try p.string("payment_intent")
        return try page(
            ids: disputeOrder, created: { disputes[$0]?.created }, params: p, url: "/v1/disputes",
            include: { intent == nil || disputes[$0]?.paymentIntent == intent },
            render: { disputes[$0]?.json(style: style) })
    }

    /// `GET /_sandbox/disputes`: every dispute with the evidence received.
    func disputeTruth() -> JSONValue {
        ["data": .array(disputeOrder.compactMap { disputes[$0]?.truthJSON })]
    }

    /// Stores an uploaded evidence file (`POST /v1/files`).
    func storeFile(filename: String, type: String, size: Int64) -> JSONValue {
        let file = FileRecord(id: newID("file_"), created: now(), filename: filename, size: size, type: type)
        files[file.id] = file
        return file.json(style: style, baseURL: baseURL)
    }

    /// `GET /v1/files/{id}`.
    func retrieveFile(_ id: String) throws(APIError) -> JSONValue {
        guard let file = files[id] else { throw .notFound("file", id) }
        return file.json(style: style, baseURL: baseURL)
    }

    /// The evidence keys that take a file id (INFERRED from Stripe).
    static let fileEvidenceKeys: Set<String> = [
        "cancellation_policy", "customer_communication", "customer_signature", "duplicate_charge_documentation",
        "receipt", "refund_policy", "service_documentation", "shipping_documentation", "uncategorized_file",
    ]

    private func requireDispute(_ id: String) throws(APIError) -> DisputeRecord {
        guard let dispute = disputes[id] else { throw .notFound("dispute", id) }
        return dispute
    }

    private func emitDispute(_ type: String, _ id: String, request: RequestInfo?) {
        guard let dispute = disputes[id] else { return }
        emit(type, object: dispute.json(style: style), objectID: id, request: request)
    }
}
