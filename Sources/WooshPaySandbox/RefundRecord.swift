/// The sandbox's record of one refund.
struct RefundRecord: Sendable {
    /// Refund statuses.
    enum Status: String, Sendable { case pending, succeeded, failed, canceled }

    /// `re_<digits>`.
    var id: String
    /// Epoch milliseconds.
    var created: Int64
    /// Minor units.
    var amount: Int64
    /// The intent's currency.
    var currency: String
    /// The refunded intent.
    var paymentIntent: String
    /// `duplicate`, `fraudulent`, ...
    var reason: String?
    /// Free text.
    var description: String?
    /// Merchant metadata.
    var metadata = JSONObject()
    /// Current status.
    var status: Status
    /// Set when the refund failed.
    var failureReason: String?
    /// `api` or `dashboard` (made through `POST /_sandbox/payment_intents/{id}/refund`).
    var source: String

    /// The API object.
    func json(style: WireStyle) -> JSONValue {
        [
            "id": .string(id),
            "object": "refund",
            "amount": .int(amount),
            "charge": nil,
            "created": style.timestamp(created),
            "currency": style.looseCurrency(currency),
            "description": .nullable(description),
            "failure_reason": .nullable(failureReason),
            "metadata": .object(metadata),
            "payment_intent": .string(paymentIntent),
            "reason": .nullable(reason),
            "receipt_number": nil,
            "status": .string(status.rawValue),
        ]
    }

    /// The truth row of `GET /_sandbox/refunds`.
    var truthJSON: JSONValue {
        [
            "id": .string(id),
            "status": .string(status.rawValue),
            "amount": .int(amount),
            "currency": .string(currency.uppercased()),
            "payment_intent": .string(paymentIntent),
            "reason": .nullable(reason),
            "source": .string(source),
            "created": .int(created),
        ]
    }
}
