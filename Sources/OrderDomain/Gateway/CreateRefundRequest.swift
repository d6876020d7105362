/// Why a refund is made, in the gateway's closed vocabulary.
public enum GatewayRefundReason: Sendable, Hashable {
    /// The customer was charged twice.
    case duplicate
    /// The payment was fraudulent.
    case fraudulent
    /// The customer asked for the money back.
    case requestedByCustomer
}

/// What we ask the gateway for when refunding (part of) a payment.
public struct CreateRefundRequest: Sendable, Hashable {
    /// The payment intent to refund.
    public var paymentIntentID: String
    /// Amount in minor units; `nil` refunds whatever remains.
    public var amount: Int64?
    /// Why the refund is made.
    public var reason: GatewayRefundReason?
    /// Free-form key/value pairs copied to the refund and its webhooks.
    public var metadata: [String: String]

    /// Creates a refund request.
    public init(
        paymentIntentID: String, amount: Int64? = nil, reason: GatewayRefundReason? = nil,
        metadata: [String: String] = [:]
    ) {
        self.paymentIntentID = paymentIntentID
        self.amount = amount
        self.reason = reason
        self.metadata = metadata
    }
}
