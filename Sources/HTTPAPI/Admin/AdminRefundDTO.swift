import Hummingbird
import OrderDomain

/// A refund as the admin API shows it (order detail, refund endpoints). The idempotency
/// key is never shown; timestamps are epoch seconds; absent values are `null`.
public struct AdminRefundDTO: ResponseEncodable, Sendable {
    var id: String
    var object = "refund"
    var order_id: String
    var attempt_id: String
    var payment_intent: String
    var amount: Int64
    var currency: String
    /// `duplicate`, `requested_by_customer`, `fraudulent`, `resolved_dispute`, `unspecified`.
    var reason: String
    /// `pending`, `requires_action`, `succeeded`, `failed`, `canceled`.
    var status: String
    /// `api` or `dashboard`.
    var source: String
    @ExplicitNull var gateway_refund_id: String?
    @ExplicitNull var failure_reason: String?
    /// `admin:<key name>`, `duplicate:<attempt>`, `webhook:<evt>`...
    var cause: String
    var created_at: Int64
    var updated_at: Int64

    /// The wire form of `refund`.
    public init(_ refund: Refund) {
        id = refund.id
        order_id = refund.orderID
        attempt_id = refund.attemptID
        payment_intent = refund.paymentIntentID
        amount = refund.amount
        currency = refund.currency
        reason = refund.reason.rawValue
        status = refund.status.rawValue
        source = refund.source.rawValue
        gateway_refund_id = refund.gatewayRefundID
        failure_reason = refund.failureReason
        cause = refund.cause
        created_at = refund.createdAt
        updated_at = refund.updatedAt
    }
}
