/// An order's status as the API spells it. It is derived from the order's payment
/// attempts and refunds, never set directly by a caller.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    /// Created; no payment has succeeded yet.
    case awaitingPayment = "awaiting_payment"
    /// The customer must act (3-D Secure, wallet redirect).
    case requiresAction = "requires_action"
    /// WooshPay is processing the payment.
    case processing
    /// Authorised, waiting for a manual capture.
    case authorized
    /// Paid in full.
    case paid
    /// Paid, and part of it refunded.
    case partiallyRefunded = "partially_refunded"
    /// Paid and fully refunded.
    case refunded
    /// The last attempt failed; another may be made.
    case paymentFailed = "payment_failed"
    /// Cancelled by the merchant.
    case canceled
    /// Not paid before its expiry.
    case expired

    /// Whether money has been taken for this order.
    public var isPaid: Bool {
        switch self {
        case .paid, .partiallyRefunded, .refunded: return true
        case .awaitingPayment, .requiresAction, .processing, .authorized, .paymentFailed, .canceled, .expired: return false
        }
    }

    /// Whether a new payment attempt may start.
    public var acceptsPayment: Bool {
        switch self {
        case .awaitingPayment, .requiresAction, .processing, .paymentFailed: return true
        case .authorized, .paid, .partiallyRefunded, .refunded, .canceled, .expired: return false
        }
    }
}
