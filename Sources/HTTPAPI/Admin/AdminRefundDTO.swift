import Hummingbird
import OrderDomain

/// A refund as the admin API shows it (never its idempotency key).
public struct AdminRefundDTO: ResponseEncodable, Sendable {
    public var id: String
    public var orderID: String
    public var attemptID: String
    public var paymentIntent: String
    public var amount: Int64
    public var currency: String
    public var reason: String
    public var status: String
    public var source: String
    public var gatewayRefundID: String?
    public var failureReason: String?
    public var cause: String
    public var createdAt: Int64
    public var updatedAt: Int64

    /// The wire form of `refund`.
    public init(_ refund: Refund) {
        id = refund.id
        orderID = refund.orderID
        attemptID = refund.attemptID
        paymentIntent = refund.paymentIntentID
        amount = refund.amount
        currency = refund.currency
        reason = refund.reason.rawValue
        status = refund.status.rawValue
        source = refund.source.rawValue
        gatewayRefundID = refund.gatewayRefundID
        failureReason = refund.failureReason
        cause = refund.cause
        createdAt = refund.createdAt
        updatedAt = refund.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, amount, currency, reason, status, source, cause
        case orderID = "order_id"
        case attemptID = "attempt_id"
        case paymentIntent = "payment_intent"
        case gatewayRefundID = "gateway_refund_id"
        case failureReason = "failure_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
