/// How the customer pays: the three WooshPay flows.
public enum PaymentMode: String, Sendable, Hashable, CaseIterable {
    /// WooshPay's hosted checkout page (redirect).
    case checkout
    /// WooshPay's JS SDK widget, fed a payment intent's client secret.
    case sdk
    /// We create and confirm the intent ourselves with a payment method.
    case direct
}

/// Where one payment attempt stands. Mirrors the payment intent's status, plus `pending`
/// (written, WooshPay not yet known to have answered) and `expired` (checkout session gone).
public enum AttemptStatus: String, Sendable, Hashable, CaseIterable {
    /// Stored; the creating call at WooshPay has not returned yet (or its outcome is unknown).
    case pending
    /// Waiting for a payment method (also after a decline).
    case requiresPaymentMethod = "requires_payment_method"
    /// A method is attached, not confirmed yet.
    case requiresConfirmation = "requires_confirmation"
    /// The customer must act (3-D Secure, wallet redirect).
    case requiresAction = "requires_action"
    /// WooshPay is processing.
    case processing
    /// Authorised, waiting for a manual capture.
    case requiresCapture = "requires_capture"
    /// Paid.
    case succeeded
    /// Failed terminally.
    case failed
    /// Canceled.
    case canceled
    /// The checkout session expired unpaid.
    case expired

    /// Whether the attempt can still change without action on our side.
    public var isOpen: Bool {
        switch self {
        case .pending, .requiresPaymentMethod, .requiresConfirmation, .requiresAction, .processing, .requiresCapture: return true
        case .succeeded, .failed, .canceled, .expired: return false
        }
    }

    /// Whether money is, or may soon be, held or taken by this attempt, so another attempt
    /// must not start alongside it.
    public var holdsMoney: Bool {
        switch self {
        case .processing, .requiresCapture, .succeeded: return true
        case .pending, .requiresPaymentMethod, .requiresConfirmation, .requiresAction, .failed, .canceled, .expired: return false
        }
    }

    /// The attempt status a gateway status stands for; `nil` for a status this code does
    /// not know (the attempt keeps its status and the raw value is recorded).
    public init?(_ gateway: GatewayPaymentStatus) {
        switch gateway {
        case .requiresPaymentMethod: self = .requiresPaymentMethod
        case .requiresConfirmation: self = .requiresConfirmation
        case .requiresAction: self = .requiresAction
        case .processing: self = .processing
        case .requiresCapture: self = .requiresCapture
        case .succeeded: self = .succeeded
        case .canceled: self = .canceled
        case .failed: self = .failed
        case .unknown: return nil
        }
    }
}
