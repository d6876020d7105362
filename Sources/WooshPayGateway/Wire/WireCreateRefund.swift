import OrderDomain

/// `POST /v1/refunds`.
struct WireCreateRefund: Encodable {
    /// The `pi_...` to refund.
    let paymentIntent: String
    /// Minor units.
    let amount: Int64?
    /// One of WooshPay's refund reasons.
    let reason: String?
    /// Omitted when empty.
    let metadata: [String: String]?

    private enum CodingKeys: String, CodingKey {
        case amount, reason, metadata
        case paymentIntent = "payment_intent"
    }

    /// Builds the wire body from the port's request.
    init(_ request: CreateRefundRequest) {
        paymentIntent = request.paymentIntentID
        amount = request.amount
        switch request.reason {
        case .duplicate?: reason = "duplicate"
        case .fraudulent?: reason = "fraudulent"
        case .requestedByCustomer?: reason = "requested_by_customer"
        case nil: reason = nil
        }
        metadata = request.metadata.isEmpty ? nil : request.metadata
    }
}
