/// Where a payment intent stands at the gateway, in the domain's vocabulary.
///
/// The `unknown` case keeps whatever the gateway sent so a new status never crashes the
/// sync and can be surfaced to operators instead of being silently mapped.
public enum GatewayPaymentStatus: Sendable, Hashable {
    /// Waiting for a payment method (also the state after a declined attempt).
    case requiresPaymentMethod
    /// A payment method is attached but the intent was not confirmed yet.
    case requiresConfirmation
    /// The customer must act (3-D Secure challenge, wallet redirect...).
    case requiresAction
    /// The payment is being processed asynchronously.
    case processing
    /// Authorised; funds are held until captured or released.
    case requiresCapture
    /// Paid.
    case succeeded
    /// Canceled (by us, or because an authorisation lapsed). Terminal.
    case canceled
    /// Failed terminally (some gateways report this instead of returning to
    /// `requiresPaymentMethod`).
    case failed
    /// A status this code does not know, as the gateway spelled it.
    case unknown(String)

    /// Whether no further change is expected without action on our side.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .canceled, .failed: return true
        case .requiresPaymentMethod, .requiresConfirmation, .requiresAction, .processing,
            .requiresCapture, .unknown:
            return false
        }
    }
}

/// The lifecycle state of a hosted checkout session.
public enum GatewayCheckoutSessionStatus: Sendable, Hashable {
    /// The customer may still pay.
    case open
    /// The customer finished the checkout (the payment intent tells whether money moved).
    case complete
    /// The session expired or was expired by us; it can no longer be paid.
    case expired
    /// A status this code does not know, as the gateway spelled it.
    case unknown(String)
}

/// Whether a hosted checkout session has been paid.
public enum GatewayCheckoutPaymentStatus: Sendable, Hashable {
    /// Not paid (yet).
    case unpaid
    /// Paid; funds may still be pending capture for manual-capture sessions.
    case paid
    /// Nothing to pay (for example a setup session).
    case noPaymentRequired
    /// A status this code does not know, as the gateway spelled it.
    case unknown(String)
}

/// Where a refund stands at the gateway.
public enum GatewayRefundStatus: Sendable, Hashable {
    /// Submitted; the final result comes later (by webhook or polling).
    case pending
    /// The customer or merchant must act before the refund can proceed.
    case requiresAction
    /// The money was returned.
    case succeeded
    /// The refund failed; see `RefundSnapshot.failureReason`.
    case failed
    /// The refund was canceled before completing.
    case canceled
    /// A status this code does not know, as the gateway spelled it.
    case unknown(String)

    /// Whether no further change is expected.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .canceled: return true
        case .pending, .requiresAction, .unknown: return false
        }
    }
}
