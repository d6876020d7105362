import OrderDomain

// Each WooshPay status vocabulary is a closed wire enum mapped by a switch without a
// `default:`: adding a case forces a decision, and a string outside the enum fails the
// raw-value init and becomes `.unknown(raw)` instead of being guessed.

/// WooshPay payment intent statuses (plus Stripe's legacy spellings and `failed`, which
/// third-party integrations report seeing).
enum WirePaymentIntentStatus: String {
    case requiresPaymentMethod = "requires_payment_method"
    case requiresConfirmation = "requires_confirmation"
    case requiresAction = "requires_action"
    case processing
    case requiresCapture = "requires_capture"
    case succeeded
    case canceled
    case cancelled
    case failed
    case requiresSource = "requires_source"
    case requiresSourceAction = "requires_source_action"

    /// Maps a status string (any case) to the domain.
    static func domainStatus(_ raw: String) -> GatewayPaymentStatus {
        guard let wire = WirePaymentIntentStatus(rawValue: raw.lowercased()) else { return .unknown(raw) }
        switch wire {
        case .requiresPaymentMethod, .requiresSource: return .requiresPaymentMethod
        case .requiresConfirmation: return .requiresConfirmation
        case .requiresAction, .requiresSourceAction: return .requiresAction
        case .processing: return .processing
        case .requiresCapture: return .requiresCapture
        case .succeeded: return .succeeded
        case .canceled, .cancelled: return .canceled
        case .failed: return .failed
        }
    }
}

/// WooshPay checkout session statuses.
enum WireCheckoutSessionStatus: String {
    case open, complete, expired

    /// Maps a status string (any case) to the domain.
    static func domainStatus(_ raw: String) -> GatewayCheckoutSessionStatus {
        guard let wire = WireCheckoutSessionStatus(rawValue: raw.lowercased()) else { return .unknown(raw) }
        switch wire {
        case .open: return .open
        case .complete: return .complete
        case .expired: return .expired
        }
    }
}

/// WooshPay checkout session payment statuses.
enum WireCheckoutPaymentStatus: String {
    case unpaid, paid
    case noPaymentRequired = "no_payment_required"

    /// Maps a payment-status string (any case) to the domain.
    static func domainStatus(_ raw: String) -> GatewayCheckoutPaymentStatus {
        guard let wire = WireCheckoutPaymentStatus(rawValue: raw.lowercased()) else { return .unknown(raw) }
        switch wire {
        case .unpaid: return .unpaid
        case .paid: return .paid
        case .noPaymentRequired: return .noPaymentRequired
        }
    }
}

/// WooshPay refund statuses.
enum WireRefundStatus: String {
    case pending
    case requiresAction = "requires_action"
    case succeeded, failed, canceled, cancelled

    /// Maps a status string (any case) to the domain.
    static func domainStatus(_ raw: String) -> GatewayRefundStatus {
        guard let wire = WireRefundStatus(rawValue: raw.lowercased()) else { return .unknown(raw) }
        switch wire {
        case .pending: return .pending
        case .requiresAction: return .requiresAction
        case .succeeded: return .succeeded
        case .failed: return .failed
        case .canceled, .cancelled: return .canceled
        }
    }
}

/// WooshPay capture methods.
enum WireCaptureMethod: String {
    case automatic, manual
    // Stripe added this variant; it behaves like automatic for our purposes.
    case automaticAsync = "automatic_async"

    /// Maps a capture-method string to the domain; absent means WooshPay's default.
    static func domainMethod(_ raw: String?) -> GatewayCaptureMethod {
        guard let raw else { return .automatic }
        guard let wire = WireCaptureMethod(rawValue: raw.lowercased()) else { return .unknown(raw) }
        switch wire {
        case .automatic, .automaticAsync: return .automatic
        case .manual: return .manual
        }
    }
}
