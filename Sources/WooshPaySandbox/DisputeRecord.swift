/// The sandbox's record of one dispute (chargeback), opened by
/// `POST /_sandbox/payment_intents/{id}/dispute` and decided by
/// `POST /_sandbox/disputes/{id}/outcome` or the merchant's close.
struct DisputeRecord: Sendable {
    /// WooshPay's statuses: its examples show `warning_needs_response` and `lost`; the
    /// others are Stripe's, as the beyond-payments review infers.
    enum Status: String, Sendable { case needsResponse = "needs_response", underReview = "under_review", won, lost }

    /// The 27 evidence keys of WooshPay's list example.
    static let evidenceKeys: [String] = [
        "access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure",
        "cancellation_rebuttal", "customer_communication", "customer_email_address", "customer_name",
        "customer_purchase_ip", "customer_signature", "duplicate_charge_documentation", "duplicate_charge_explanation",
        "duplicate_charge_id", "product_description", "receipt", "refund_policy", "refund_policy_disclosure",
        "refund_refusal_explanation", "service_date", "service_documentation", "shipping_address", "shipping_carrier",
        "shipping_date", "shipping_documentation", "shipping_tracking_number", "uncategorized_file", "uncategorized_text",
    ]

    /// `dp_<digits>` (WooshPay's snowflake style).
    var id: String
    /// Epoch milliseconds.
    var created: Int64
    /// The disputed intent.
    var paymentIntent: String
    /// Minor units (may be less than the charge).
    var amount: Int64
    /// The intent's currency.
    var currency: String
    /// `general`, `fraudulent`, `product_not_received`...
    var reason: String
    /// Current status.
    var status: Status
    /// Evidence due, epoch milliseconds (7 days after opening).
    var dueBy: Int64
    /// The evidence received, by key (text, or a `file_...` id).
    var evidence = JSONObject()
    /// How many times evidence was submitted.
    var submissionCount = 0

    /// The API object, in WooshPay's own shape (upper-case currency, milliseconds,
    /// `metadata.work_by_date` as a string) with Stripe's `evidence_details` too.
    func json(style: WireStyle) -> JSONValue {
        var evidenceJSON = JSONObject()
        for key in Self.evidenceKeys { evidenceJSON[key] = evidence[key] ?? .null }
        return [
            "id": .string(id),
            "object": "dispute",
            "amount": .int(amount),
            "balance_transactions": .array([]),
            "charge": nil,
            "created": style.timestamp(created),
            "currency": .string(currency.uppercased()),
            "evidence": .object(evidenceJSON),
            "evidence_details": [
                "due_by": style.timestamp(dueBy), "has_evidence": .bool(!evidence.entries.isEmpty),
                "past_due": .bool(false), "submission_count": .int(Int64(submissionCount)),
            ],
            "is_charge_refundable": .bool(false),
            "livemode": false,
            "metadata": ["work_by_date": .string(String(dueBy))],
            "payment_intent": .string(paymentIntent),
            "reason": .string(reason),
            "status": .string(wireStatus),
        ]
    }

    /// The status as sent: an open dispute in WooshPay's example spelling.
    var wireStatus: String {
        switch status {
        case .needsResponse: "warning_needs_response"
        case .underReview: "under_review"
        case .won: "won"
        case .lost: "lost"
        }
    }

    /// The truth row of `GET /_sandbox/disputes`.
    var truthJSON: JSONValue {
        [
            "id": .string(id), "payment_intent": .string(paymentIntent), "amount": .int(amount),
            "currency": .string(currency.uppercased()), "reason": .string(reason), "status": .string(status.rawValue),
            "evidence": .object(evidence), "submission_count": .int(Int64(submissionCount)), "created": .int(created),
        ]
    }
}

/// A file uploaded through `POST /v1/files`.
struct FileRecord: Sendable {
    var id: String
    var created: Int64
    var filename: String
    var size: Int64
    var type: String

    /// The API object (WooshPay's file fields).
    func json(style: WireStyle, baseURL: String) -> JSONValue {
        [
            "id": .string(id), "object": "file", "created": style.timestamp(created),
            "expires_at": style.timestamp(created + 90 * 86_400_000), "filename": .string(filename),
            "purpose": "dispute_evidence", "size": .int(size), "title": nil, "type": .string(type),
            "url": .string("\(baseURL)/v1/files/\(id)/contents"),
        ]
    }
}
